/**
 * Bench child: the offline checker's whole pipeline (read, parse, series, rules) with N worker
 * threads, as `dax-review check` runs it. Prints one JSON line with the stage timings.
 */
import { checkInputs } from '../../src/check/check-inputs.js';
import { rules } from '../../rules/index.js';

const [path, jobs] = process.argv.slice(2);
if (path === undefined || jobs === undefined) throw new Error('usage: checker <mbox[.gz]> <workers>');
const start = performance.now();
const report = await checkInputs([path], { rules, workers: Number(jobs) });
const seconds = (performance.now() - start) / 1000;
process.stdout.write(
  JSON.stringify({
    messages: report.messages,
    patches: report.patches,
    series: report.series.length,
    unparsed: report.unparsed.length,
    findings: report.findings.length,
    seconds,
    parseSeconds: report.timings.parseMs / 1000,
    assembleSeconds: report.timings.assembleMs / 1000,
    rulesSeconds: report.timings.rulesMs / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
