/**
 * The whole nvdimm archive (14,925 messages) through the built CLI, as a user runs it:
 * every message read, none unparsed, series found, no crash, and exactly the findings judged in
 * docs/reports/nvdimm-archive-findings.md (one, correct: the knowledge base's row 14 mail).
 */
import { describe, expect, it } from 'vitest';
import { archivePath } from './helpers/archive.js';
import { runCli } from './helpers/run-cli.js';

const ARCHIVE = archivePath();

interface Report {
  inputs: { messages: number; patches: number; series: number; unparsed: unknown[] };
  series: { total: number; complete: boolean; messageIds: string[] }[];
  findings: { rule: string; messageId: string; file: string | null }[];
}

describe.skipIf(ARCHIVE === null)('dax-review check on nvdimm.mbox.gz', () => {
  it('reads every message, parses all, assembles series, and finds exactly the judged finding', async () => {
    const r = await runCli(['check', '--format', 'json', '--no-progress', ARCHIVE ?? '']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as Report;
    expect(doc.inputs.messages).toBe(14_925);
    expect(doc.inputs.unparsed).toEqual([]);
    // The corpus README counts 5,207 non-reply patch mails with hunks; replies carrying their
    // own diff ("how about this instead") count too.
    expect(doc.inputs.patches).toBeGreaterThanOrEqual(5_207);
    expect(doc.inputs.series).toBe(doc.series.length);
    const multi = doc.series.filter((s) => s.total > 1);
    expect(multi.length).toBeGreaterThan(500);
    expect(multi.filter((s) => s.complete).length / multi.length).toBeGreaterThan(0.8);
    for (const s of doc.series) expect(s.messageIds.length).toBeLessThanOrEqual(s.total + 1);
    expect(doc.findings.map((f) => [f.rule, f.messageId, f.file])).toEqual([
      ['fsdax-longterm-refusal-removed', '454dbfa1-2120-1e40-2582-d661203decca@bytedance.com', 'mm/gup.c'],
    ]);
  }, 300_000);
});
