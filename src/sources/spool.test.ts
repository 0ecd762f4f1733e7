import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DONE_DIR, FAILED_DIR, SpoolSource } from './spool.js';

const made: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'dax-spool-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const SERIES = new URL('../../test/fixtures/corpus/series-samples/01-dax-gup-mistake-v1.mbox', import.meta.url);
const KB09 = new URL(
  '../../test/fixtures/corpus/kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml',
  import.meta.url,
);
const signal = new AbortController().signal;

describe('SpoolSource', () => {
  it('reads .eml, .mbox and .gz files once, splits mboxes, ignores dot files, moves what it read to done/', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.eml'), readFileSync(KB09));
    writeFileSync(join(dir, 'b.mbox.gz'), gzipSync(readFileSync(SERIES)));
    writeFileSync(join(dir, '.c.eml.part'), 'half written');
    writeFileSync(join(dir, 'notes.txt'), 'not mail');
    const spool = new SpoolSource(dir, 'host1');
    expect(spool.id).toBe(`spool:host1:${dir}`);

    const { items } = await spool.poll(undefined, 500, signal);
    expect(items.map((i) => i.itemKey)).toEqual(['a.eml#0', ...Array.from({ length: 14 }, (_, i) => `b.mbox.gz#${i}`)]);
    expect(items[0]!.raw.equals(readFileSync(KB09))).toBe(true);
    await spool.acknowledge(items);
    expect(readdirSync(join(dir, DONE_DIR)).sort()).toEqual(['a.eml', 'b.mbox.gz']);
    expect(readdirSync(dir).sort()).toEqual(['.c.eml.part', DONE_DIR, 'notes.txt']);
    expect((await spool.poll(undefined, 500, signal)).items).toHaveLength(0);
  });

  it('hands out whole files up to the limit, the rest on the next poll', async () => {
    const dir = tempDir();
    for (const n of ['1.eml', '2.eml', '3.eml']) writeFileSync(join(dir, n), readFileSync(KB09));
    const spool = new SpoolSource(dir, 'h');
    const first = await spool.poll(undefined, 2, signal);
    expect(first.items.map((i) => i.itemKey)).toEqual(['1.eml#0', '2.eml#0']);
    await spool.acknowledge(first.items);
    expect((await spool.poll(undefined, 2, signal)).items.map((i) => i.itemKey)).toEqual(['3.eml#0']);
  });

  it('sets an unreadable file aside with its reason and reads the others', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.mbox.gz'), Buffer.from('not gzip at all'));
    writeFileSync(join(dir, 'b.eml'), readFileSync(KB09));
    const spool = new SpoolSource(dir, 'h');
    expect((await spool.poll(undefined, 500, signal)).items.map((i) => i.itemKey)).toEqual(['b.eml#0']);
    expect(readdirSync(join(dir, FAILED_DIR)).sort()).toEqual(['a.mbox.gz', 'a.mbox.gz.reason.txt']);
    expect(readFileSync(join(dir, FAILED_DIR, 'a.mbox.gz.reason.txt'), 'utf8')).toMatch(/header/i);
  });
});
