import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { sarifSchemaErrors } from './helpers/sarif-schema.js';

const corpus = (p: string): string => new URL(`./fixtures/corpus/${p}`, import.meta.url).pathname;
const FRAME_VECTOR = corpus('kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml');
const SERIES_01 = corpus('series-samples/01-dax-gup-mistake-v1.mbox');

interface JsonReport {
  inputs: { messages: number; unparsed: { source: string; reason: string }[] };
  findings: { rule: string }[];
}
interface SarifLog {
  runs: {
    results: unknown[];
    invocations?: {
      toolExecutionNotifications: {
        message: { text: string };
        locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
      }[];
    }[];
  }[];
}

const tmp = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

describe('check -o', () => {
  it('exits 2 with one line naming the path and the reason when the report cannot be written', async () => {
    const out = join(tmp('dax-out-'), 'no-such-dir', 'report.txt');
    const r = await runCli(['check', '-o', out, FRAME_VECTOR]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`dax-review: cannot write ${out}: no such file or directory\n`);
    const dir = tmp('dax-out-');
    const isDir = await runCli(['check', '-o', dir, FRAME_VECTOR]);
    expect(isDir.code).toBe(2);
    expect(isDir.stderr).toBe(`dax-review: cannot write ${dir}: illegal operation on a directory\n`);
  });
});

describe('check of a folder with a file it cannot read', () => {
  const folder = (): { dir: string; bad: string; truncated: string } => {
    const dir = tmp('dax-folder-');
    writeFileSync(join(dir, 'a.eml'), readFileSync(FRAME_VECTOR));
    const bad = join(dir, 'b-corrupt.mbox.gz');
    writeFileSync(bad, 'this is not gzip');
    // Half of a gzipped 14-message mbox: the messages before the cut are read, then it fails.
    const gz = gzipSync(readFileSync(SERIES_01));
    const truncated = join(dir, 'c-truncated.mbox.gz');
    writeFileSync(truncated, gz.subarray(0, gz.length >> 1));
    return { dir, bad, truncated };
  };

  it('lists the file as unparsed with the reason and checks the rest (JSON)', async () => {
    const { dir, bad, truncated } = folder();
    const r = await runCli(['check', '--format', 'json', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(doc.findings.map((f) => f.rule)).toContain('longterm-pin-without-foll-longterm');
    expect(doc.inputs.unparsed).toEqual([
      { source: bad, reason: 'cannot read: not valid gzip data (incorrect header check)' },
      { source: truncated, reason: 'cannot read: not valid gzip data (unexpected end of file)' },
    ]);
    // a.eml, the corrupt file, the messages whole before the cut, the truncated file.
    expect(doc.inputs.messages).toBeGreaterThan(4);
  });

  it('says so in text and SARIF too', async () => {
    const { dir, bad } = folder();
    const text = await runCli(['check', dir]);
    expect(text.stdout).toContain(`${bad}: unparsed: cannot read: not valid gzip data (incorrect header check)\n`);
    expect(text.stdout).toMatch(/, 2 unparsed\n$/);
    const sarif = JSON.parse((await runCli(['check', '--format', 'sarif', dir])).stdout) as SarifLog;
    expect(sarifSchemaErrors(sarif)).toBeNull();
    const notes = sarif.runs[0]!.invocations![0]!.toolExecutionNotifications;
    expect(notes).toHaveLength(2);
    expect(notes[0]!.message.text).toContain('not valid gzip data');
    expect(notes[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(bad);
  });

  it('a corrupt .gz named on the command line still stops the check (exit 2)', async () => {
    const { bad } = folder();
    const r = await runCli(['check', bad, FRAME_VECTOR]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`dax-review: cannot read ${bad}: not valid gzip data (incorrect header check)\n`);
  });
});

describe('check - (standard input)', () => {
  it('decompresses gzip, told from its magic bytes', async () => {
    const one = await runCli(['check', '--format', 'json', '-'], gzipSync(readFileSync(FRAME_VECTOR)));
    expect(one.code).toBe(1);
    expect((JSON.parse(one.stdout) as JsonReport).findings.map((f) => f.rule)).toEqual([
      'longterm-pin-without-foll-longterm',
    ]);
    const mbox = await runCli(
      ['check', '--format', 'json', '--fail-on', 'none', '-'],
      gzipSync(readFileSync(SERIES_01)),
    );
    const doc = JSON.parse(mbox.stdout) as JsonReport;
    expect(doc.inputs.messages).toBe(14);
    expect(doc.inputs.unparsed).toEqual([]);
  });

  it('exits 2 on corrupt gzip', async () => {
    const gz = gzipSync(readFileSync(FRAME_VECTOR));
    const r = await runCli(['check', '-'], gz.subarray(0, 20));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dax-review: cannot read -: not valid gzip data/);
  });
});

describe('inputs with no message', () => {
  it('empty standard input: exit 2, "no messages on standard input"', async () => {
    const r = await runCli(['check', '-'], '');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('dax-review: no messages on standard input\n');
  });

  it('an empty file or folder named on the command line: exit 2, the same way', async () => {
    const dir = tmp('dax-empty-');
    const empty = join(dir, 'empty.eml');
    writeFileSync(empty, '');
    const file = await runCli(['check', FRAME_VECTOR, empty]);
    expect(file.code).toBe(2);
    expect(file.stderr).toBe(`dax-review: no messages in ${empty}\n`);
    const sub = join(dir, 'nothing');
    mkdirSync(sub);
    const folder = await runCli(['check', sub]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(`dax-review: no messages in ${sub}\n`);
  });

  it('an empty file inside a folder is listed as unparsed and the rest is checked', async () => {
    const dir = tmp('dax-empty-');
    writeFileSync(join(dir, 'a.eml'), readFileSync(FRAME_VECTOR));
    writeFileSync(join(dir, 'b.eml'), '');
    const r = await runCli(['check', '--format', 'json', dir]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(doc.inputs.unparsed.map((u) => u.source)).toEqual([join(dir, 'b.eml')]);
    expect(doc.findings).toHaveLength(1);
  });
});

describe('check text output', () => {
  it('wraps a finding under its location line, indented, and ends it with how to read more', async () => {
    const text = (await runCli(['check', FRAME_VECTOR])).stdout.split('\n');
    const json = JSON.parse((await runCli(['check', '--format', 'json', FRAME_VECTOR])).stdout) as {
      findings: { rule: string; message: string }[];
    };
    const f = json.findings[0]!;
    expect(f.message.length).toBeGreaterThan(300);
    const at = text.indexOf(`  mm/frame_vector.c:75: error: [${f.rule}]`);
    expect(at).toBe(1);
    const end = text.indexOf(`    more: dax-review explain ${f.rule}`);
    const body = text.slice(at + 1, end);
    expect(body.length).toBeGreaterThan(3);
    for (const line of body) {
      expect(line).toMatch(/^ {4}\S/);
      expect(line.length).toBeLessThanOrEqual(80);
    }
    // Nothing lost or reordered: the wrapped lines are the message.
    expect(body.map((l) => l.trim()).join(' ')).toBe(f.message);
    expect((await runCli(['explain', f.rule])).code).toBe(0);
  });
});
