import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './helpers/run-cli.js';
import { sarifSchemaErrors } from './helpers/sarif-schema.js';

const corpus = (p: string): string => new URL(`./fixtures/corpus/${p}`, import.meta.url).pathname;
const FRAME_VECTOR = corpus('kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml');
const FRAME_VECTOR_FIX = corpus('kb-mails/10-mm-frame-vec-use-foll-longterm.eml');
const SERIES_01 = corpus('series-samples/01-dax-gup-mistake-v1.mbox');

interface JsonReport {
  tool: { name: string; version: string };
  inputs: { messages: number; patches: number; series: number; unparsed: { source: string; reason: string }[] };
  series: { subject: string; version: number; total: number; complete: boolean; messageIds: string[] }[];
  findings: Record<string, unknown>[];
}

describe('dax-review check', () => {
  it('reports a long-term pin without FOLL_LONGTERM in JSON, in the documented shape, and exits 1', async () => {
    const r = await runCli(['check', '--format', 'json', FRAME_VECTOR]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(Object.keys(doc)).toEqual(['tool', 'inputs', 'series', 'findings']);
    expect(doc.tool.name).toBe('dax-review');
    expect(doc.inputs).toEqual({ messages: 1, patches: 1, series: 1, unparsed: [], partial: [] });
    expect(doc.series).toEqual([
      {
        subject: 'mm/gup: frame_vector: convert get_user_pages() --> pin_user_pages()',
        version: 1,
        total: 2,
        complete: false,
        messageIds: ['20200527223243.884385-3-jhubbard@nvidia.com'],
      },
    ]);
    expect(doc.findings).toHaveLength(1);
    const f = doc.findings[0]!;
    expect(Object.keys(f)).toEqual([
      'rule',
      'severity',
      'messageId',
      'subject',
      'file',
      'line',
      'side',
      'message',
      'citations',
      'docs',
    ]);
    expect(f.docs).toMatch(/\/rules\/longterm-pin-without-foll-longterm\/README\.md$/);
    expect(f).toMatchObject({
      rule: 'longterm-pin-without-foll-longterm',
      severity: 'error',
      messageId: '20200527223243.884385-3-jhubbard@nvidia.com',
      file: 'mm/frame_vector.c',
      side: 'new',
    });
    expect(f.line).toBe(75);
  });

  it('is silent on the fix and exits 0', async () => {
    const r = await runCli(['check', FRAME_VECTOR_FIX]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^no findings; 1 message, 1 with a diff, 1 series, 0 unparsed\n$/);
  });

  it('prints text grouped under the subject, like checkpatch', async () => {
    const r = await runCli(['check', FRAME_VECTOR, FRAME_VECTOR_FIX]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toContain('[PATCH 2/2] mm/gup: frame_vector: convert get_user_pages() --> pin_user_pages()');
    expect(lines[1]).toBe('  mm/frame_vector.c:75: error: [longterm-pin-without-foll-longterm]');
    expect(lines[2]).toMatch(/^ {4}pin_user_pages_locked\(\) /);
    expect(lines.at(-2)).toBe(
      '1 finding (1 error, 0 warnings, 0 info) in 1 patch; 2 messages, 2 with a diff, 2 series, 0 unparsed',
    );
  });

  it('--fail-on error|none sets the exit status', async () => {
    expect((await runCli(['check', '--fail-on', 'none', FRAME_VECTOR])).code).toBe(0);
    expect((await runCli(['check', '--fail-on', 'error', FRAME_VECTOR])).code).toBe(1);
  });

  it('assembles a real series from an mbox and lists it cover first', async () => {
    const r = await runCli(['check', '--format', 'json', '--fail-on', 'none', SERIES_01]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(doc.inputs.messages).toBe(14);
    expect(doc.inputs.patches).toBe(13);
    expect(doc.series).toHaveLength(1);
    expect(doc.series[0]).toMatchObject({ subject: 'Fix the DAX-gup mistake', version: 1, total: 13, complete: true });
    expect(doc.series[0]!.messageIds[0]).toBe(
      '166225775968.2351842.11156458342486082012.stgit@dwillia2-xfh.jf.intel.com',
    );
  });

  it('reads standard input with -', async () => {
    const r = await runCli(['check', '--format', 'json', '-'], readFileSync(FRAME_VECTOR));
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as JsonReport).findings).toHaveLength(1);
  });

  it('reads a maildir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dax-maildir-'));
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, 'new', '1700000000.1.host'), readFileSync(FRAME_VECTOR));
    writeFileSync(join(dir, 'cur', '1700000001.2.host:2,S'), readFileSync(FRAME_VECTOR_FIX));
    const r = await runCli(['check', '--format', 'json', dir]);
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(doc.inputs.messages).toBe(2);
    expect(doc.findings).toHaveLength(1);
  });

  it('lists a message it cannot parse with the reason, and goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dax-bad-'));
    const empty = join(dir, 'not-mail.eml');
    writeFileSync(empty, 'just a line of text\n');
    const r = await runCli(['check', '--format', 'json', empty, FRAME_VECTOR_FIX]);
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(doc.inputs.messages).toBe(2);
    expect(doc.inputs.unparsed).toHaveLength(1);
    expect(doc.inputs.unparsed[0]!.source).toBe(empty);
    expect(doc.inputs.unparsed[0]!.reason).toMatch(/\S/);
  });

  it('exits 2 naming an input that cannot be read', async () => {
    const r = await runCli(['check', '/nonexistent/x.mbox']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/x.mbox');
    expect(r.stderr).toContain('no such file or directory');
  });

  it('exits 2 on a corrupt .gz, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dax-gz-'));
    const bad = join(dir, 'bad.mbox.gz');
    writeFileSync(bad, 'this is not gzip');
    const r = await runCli(['check', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toMatch(/gzip/i);
  });

  it('exits 2 on bad usage', async () => {
    expect((await runCli(['check', '--format', 'xml', FRAME_VECTOR])).code).toBe(2);
    expect((await runCli(['check'])).code).toBe(2);
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const jobs = await runCli(['check', '--jobs', 'many', FRAME_VECTOR]);
    expect(jobs.code).toBe(2);
    expect(jobs.stderr).toContain('--jobs');
  });

  it('writes SARIF 2.1.0 that validates against the OASIS schema', async () => {
    const r = await runCli(['check', '--format', 'sarif', FRAME_VECTOR]);
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      runs: { results: { ruleId: string; locations: unknown[] }[] }[];
    };
    expect(sarifSchemaErrors(sarif)).toBeNull();
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toHaveLength(1);
    expect(sarif.runs[0]!.results[0]!.ruleId).toBe('longterm-pin-without-foll-longterm');
    expect(sarif.runs[0]!.results[0]!.locations).toHaveLength(1);
  });
});

describe('dax-review check configuration', () => {
  const json = async (args: string[]): Promise<{ code: number | null; doc: JsonReport; stderr: string }> => {
    const r = await runCli(['check', '--format', 'json', ...args]);
    return { code: r.code, doc: (r.stdout ? JSON.parse(r.stdout) : null) as JsonReport, stderr: r.stderr };
  };

  it('--rule id=off turns a rule off; id=info lowers its severity below --fail-on', async () => {
    const off = await json(['--rule', 'longterm-pin-without-foll-longterm=off', FRAME_VECTOR]);
    expect(off.code).toBe(0);
    expect(off.doc.findings).toEqual([]);
    const info = await json(['--rule', 'longterm-pin-without-foll-longterm=info', FRAME_VECTOR]);
    expect(info.code).toBe(0);
    expect(info.doc.findings.map((f) => f.severity)).toEqual(['info']);
  });

  it('a config file sets rules per list, matched on List-Id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dax-config-'));
    const cfg = join(dir, 'dax-review.yml');
    writeFileSync(
      cfg,
      'lists:\n  - match: linux-kernel.vger.kernel.org\n    rules:\n      longterm-pin-without-foll-longterm: warning\n  - match: kvm.vger.kernel.org\n    rules:\n      longterm-pin-without-foll-longterm: off\n',
    );
    const r = await json(['--config', cfg, FRAME_VECTOR]);
    expect(r.doc.findings.map((f) => f.severity)).toEqual(['warning']);
  });

  it('--target judges against a given tree: before v4.15 there was no long-term form to ask for', async () => {
    const old = await json(['--target', 'v4.14', FRAME_VECTOR]);
    expect(old.doc.findings).toEqual([]);
    const now = await json(['--target', 'v6.8', FRAME_VECTOR]);
    expect(now.doc.findings).toHaveLength(1);
  });

  it('exits 2 with every problem of a bad config listed, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dax-config-'));
    const cfg = join(dir, 'bad.yml');
    writeFileSync(cfg, 'target: yesterday\nrules:\n  no-such-rule: off\n  map-sync-is-not-persistence: loud\n');
    const r = await runCli(['check', '--config', cfg, FRAME_VECTOR]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(cfg);
    expect(r.stderr).toMatch(/target: .*kernel release/);
    expect(r.stderr).toMatch(/map-sync-is-not-persistence/);
    const unknown = await runCli(['check', '--rule', 'no-such-rule=off', FRAME_VECTOR]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no rule "no-such-rule"');
    expect((await runCli(['check', '--target', 'yesterday', FRAME_VECTOR])).code).toBe(2);
  });
});

describe('progress bar', () => {
  const LARGE = corpus('series-samples/10-large-110-patches-vfs-i_ino.mbox');

  it('is drawn on stderr when it is a terminal (util-linux script gives it a pty)', () => {
    const out = mkdtempSync(join(tmpdir(), 'dax-pty-'));
    const cmd = `${process.execPath} ${BIN} check --fail-on none -o ${join(out, 'r.txt')} ${LARGE}`;
    const screen = execFileSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8' });
    expect(screen).toMatch(/checking \[[█░]+\] 100% \| 2\.2\/2\.2 MB/);
    expect(readFileSync(join(out, 'r.txt'), 'utf8')).toMatch(/111 messages/);
  });

  it('stays off when stderr is not a terminal', async () => {
    const r = await runCli(['check', '--fail-on', 'none', LARGE]);
    expect(r.stderr).toBe('');
  });
});

describe('dax-review rules / explain', () => {
  it('lists the catalog and explains a rule', async () => {
    const list = await runCli(['rules']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^longterm-pin-without-foll-longterm +error /m);
    const explain = await runCli(['explain', 'map-sync-is-not-persistence']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/^# map-sync-is-not-persistence\n/);
    const unknown = await runCli(['explain', 'no-such-rule']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no-such-rule');
  });
});
