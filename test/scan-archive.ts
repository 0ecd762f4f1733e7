/**
 * Runs longterm-pin-without-foll-longterm and map-sync-is-not-persistence over a whole mbox
 * (default: DAX_REVIEW_ARCHIVE, else ../shared/corpus/nvdimm.mbox.gz) and prints every finding, for judging by hand.
 *
 *   npx tsx test/scan-archive.ts [archive.mbox[.gz]]
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import longtermPin from '../rules/longterm-pin-without-foll-longterm/rule.js';
import mapSync from '../rules/map-sync-is-not-persistence/rule.js';
import { runRules } from '../src/engine/run-rules.js';
import { splitMbox } from '../src/input/mbox.js';
import { parseMessage } from '../src/mail/parse-message.js';
import { archivePath } from './helpers/archive.js';

const path = process.argv[2] ?? archivePath();
if (path === null) throw new Error('no archive: give a path or set DAX_REVIEW_ARCHIVE');
const file = readFileSync(path);
const messages = splitMbox(path.endsWith('.gz') ? gunzipSync(file) : file);
let parsed = 0;
let failed = 0;
let crashes = 0;
let findings = 0;
for (const [i, raw] of messages.entries()) {
  let mail;
  try {
    mail = await parseMessage(raw, `${path}#${i + 1}`);
  } catch {
    failed++;
    continue;
  }
  parsed++;
  const result = runRules([longtermPin, mapSync], { patch: mail, series: null });
  crashes += result.crashes.length;
  for (const c of result.crashes) console.log(`CRASH ${c.rule} #${i + 1}: ${c.error.split('\n')[0] ?? ''}`);
  for (const f of result.findings) {
    findings++;
    console.log(
      `#${i + 1} <${f.messageId ?? '?'}> ${f.subject}\n  ${f.rule} ${f.file ?? '(message)'}:${f.line ?? '-'}\n  ${f.excerpt ?? ''}\n`,
    );
  }
}
console.log(
  `messages ${messages.length}, parsed ${parsed}, unparseable ${failed}, findings ${findings}, crashes ${crashes}`,
);
