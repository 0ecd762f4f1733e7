import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendDeletion, appendMessage, git, initEpoch } from '../../test/helpers/public-inbox-repo.js';
import { describeSourceContract } from '../../test/helpers/source-contract.js';
import { splitMbox } from '../input/mbox.js';
import { formatCursor, parseCursor, PublicInboxSource, PublicInboxSourceConfig } from './public-inbox.js';
import type { RawItem } from './source.js';

// 14 real messages: Dan Williams' "Fix the DAX-gup mistake" v1 (cover letter + 13 patches).
const MAILS = splitMbox(
  readFileSync(new URL('../../test/fixtures/corpus/series-samples/01-dax-gup-mistake-v1.mbox', import.meta.url)),
);
const T0 = Date.UTC(2022, 8, 1);

/** A logger whose lines the test can read. */
function captureLogger() {
  const lines: { msg: string; level: number }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()) as { msg: string; level: number });
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

/** Polls until a page comes back empty; returns every item and the final cursor. */
async function drain(source: PublicInboxSource, cursor: string | undefined, limit: number) {
  const items: RawItem[] = [];
  const pages: number[] = [];
  let next = cursor;
  for (;;) {
    const page = await source.poll(next, limit, new AbortController().signal);
    next = page.next;
    if (page.items.length === 0) return { items, next, pages };
    pages.push(page.items.length);
    items.push(...page.items);
  }
}

describe('PublicInboxSource on a real git repository', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dax-pi-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const build = (epoch: string, mails: readonly Buffer[], offset = 0) => {
    const repo = initEpoch(join(dir, epoch));
    const oids = mails.map((m, i) => appendMessage(repo, m, new Date(T0 + (offset + i) * 60_000)));
    return { repo, oids };
  };
  const source = (epochs: string[], extra: { fetch?: boolean } = {}) => {
    const log = captureLogger();
    return { src: new PublicInboxSource({ id: 'public-inbox:nvdimm', epochs, logger: log.logger, ...extra }), log };
  };

  it('delivers every message once, in archive order, page by page', async () => {
    expect(MAILS).toHaveLength(14);
    const { repo, oids } = build('0.git', MAILS);
    const { items, next, pages } = await drain(source([repo]).src, undefined, 5);
    expect(pages).toEqual([5, 5, 4]);
    expect(items.map((i) => i.itemKey)).toEqual(oids);
    items.forEach((item, k) => {
      expect(item.raw.equals(MAILS[k]!)).toBe(true);
      expect(item).toMatchObject({
        sourceId: 'public-inbox:nvdimm',
        kind: 'rfc822',
        receivedAt: new Date(T0 + k * 60_000).toISOString(),
      });
    });
    expect(next).toBe(`0=${oids[13]}`);
  });

  it('resumes exactly after a restart and picks up messages archived later', async () => {
    const { repo, oids } = build('0.git', MAILS.slice(0, 10));
    const first = await source([repo]).src.poll(undefined, 4, new AbortController().signal);
    expect(first.items.map((i) => i.itemKey)).toEqual(oids.slice(0, 4));
    // A new process: only the persisted cursor survives.
    const rest = await drain(source([repo]).src, first.next, 4);
    expect(rest.items.map((i) => i.itemKey)).toEqual(oids.slice(4));
    const later = MAILS.slice(10).map((m, i) => appendMessage(repo, m, new Date(T0 + (10 + i) * 60_000)));
    const more = await drain(source([repo]).src, rest.next, 100);
    expect(more.items.map((i) => i.itemKey)).toEqual(later);
    expect(more.items.map((i) => i.raw.toString('latin1'))).toEqual(MAILS.slice(10).map((m) => m.toString('latin1')));
  });

  it('walks several epochs in order with one cursor entry per epoch', async () => {
    const e0 = build('0.git', MAILS.slice(0, 8));
    const e1 = build('1.git', MAILS.slice(8), 8);
    const { items, next, pages } = await drain(source([e0.repo, e1.repo]).src, undefined, 5);
    expect(pages).toEqual([5, 5, 4]);
    expect(items.map((i) => i.itemKey)).toEqual([...e0.oids, ...e1.oids]);
    expect(next).toBe(`0=${e0.oids[7]},1=${e1.oids[5]}`);
    // New mail lands in the newest epoch only.
    const extra = appendMessage(e1.repo, MAILS[0]!, new Date(T0 + 99 * 60_000));
    expect((await drain(source([e0.repo, e1.repo]).src, next, 5)).items.map((i) => i.itemKey)).toEqual([extra]);
  });

  it('starts an epoch again from its root, saying so, when its history was rewritten', async () => {
    const { repo } = build('0.git', MAILS.slice(0, 6));
    const { next } = await drain(source([repo]).src, undefined, 10);
    // Force-push: the mirror's branch now has a different history (as after a purge rewrite).
    git(repo, 'checkout', '--quiet', '--orphan', 'rewritten');
    git(repo, 'rm', '-q', '-f', 'm');
    const rewritten = MAILS.slice(6, 9).map((m, i) => appendMessage(repo, m, new Date(T0 + (50 + i) * 60_000)));
    git(repo, 'branch', '-q', '-M', 'rewritten', 'master');
    const { src, log } = source([repo]);
    const again = await drain(src, next, 10);
    expect(again.items.map((i) => i.itemKey)).toEqual(rewritten);
    const warning = log.lines.find((l) => l.level === 40);
    expect(warning?.msg).toMatch(/no longer in the history.*from its root/);
    expect(warning).toMatchObject({ epoch: 0, repo, sourceId: 'public-inbox:nvdimm' });
  });

  it('skips purge commits without a message and moves past them', async () => {
    const { repo, oids } = build('0.git', MAILS.slice(0, 2));
    const purge = appendDeletion(repo, new Date(T0 + 5 * 60_000));
    const after = appendMessage(repo, MAILS[2]!, new Date(T0 + 6 * 60_000));
    const { items, next } = await drain(source([repo]).src, undefined, 10);
    expect(items.map((i) => i.itemKey)).toEqual([...oids, after]);
    expect(next).toBe(`0=${after}`);
    expect(purge).not.toBe(after);
  });

  it('warns when a repository does not look like a public-inbox epoch', async () => {
    const repo = initEpoch(join(dir, 'not-an-inbox'));
    for (const n of [1, 2, 3]) {
      writeFileSync(join(repo, 'README'), `version ${n}\n`);
      git(repo, 'add', 'README');
      git(repo, '-c', 'user.name=x', '-c', 'user.email=x@example.invalid', 'commit', '--quiet', '-m', `v${n}`);
    }
    const { src, log } = source([repo]);
    const page = await src.poll(undefined, 10, new AbortController().signal);
    expect(page.items).toEqual([]);
    expect(log.lines.some((l) => l.level === 40 && l.msg.includes('is this a public-inbox v2 epoch?'))).toBe(true);
  });

  it('fetches a mirror clone before reading it when asked to', async () => {
    const origin = build('origin.git', MAILS.slice(0, 3));
    const mirror = join(dir, 'mirror-0.git');
    execFileSync('git', ['clone', '--quiet', '--mirror', origin.repo, mirror]);
    const first = await drain(source([mirror], { fetch: true }).src, undefined, 10);
    expect(first.items.map((i) => i.itemKey)).toEqual(origin.oids);
    const added = appendMessage(origin.repo, MAILS[3]!, new Date(T0 + 3 * 60_000));
    const withoutFetch = await drain(source([mirror]).src, first.next, 10);
    expect(withoutFetch.items).toHaveLength(0);
    const withFetch = await drain(source([mirror], { fetch: true }).src, first.next, 10);
    expect(withFetch.items.map((i) => i.itemKey)).toEqual([added]);
  });

  it('reads nothing from an empty epoch and names the repository when git fails', async () => {
    const empty = initEpoch(join(dir, '0.git'));
    expect(await source([empty]).src.poll(undefined, 10, new AbortController().signal)).toEqual({
      items: [],
      next: '',
    });
    const missing = join(dir, 'nope.git');
    await expect(source([missing]).src.poll(undefined, 10, new AbortController().signal)).rejects.toThrow(missing);
  });

  it('validates its config section', () => {
    expect(PublicInboxSourceConfig.parse({ epochs: ['/srv/lore/nvdimm/0'] })).toEqual({
      epochs: ['/srv/lore/nvdimm/0'],
      fetch: false,
    });
    expect(PublicInboxSourceConfig.safeParse({ epochs: [] }).success).toBe(false);
    expect(PublicInboxSourceConfig.safeParse({ epochs: ['x'], fetchh: true }).success).toBe(false);
  });

  it('round-trips cursors and rejects malformed ones with the source id', () => {
    const oid = 'a'.repeat(40);
    expect(formatCursor(parseCursor(`1=${oid},0=${oid}`, 'x'))).toBe(`0=${oid},1=${oid}`);
    expect(() => parseCursor('0=HEAD', 'public-inbox:nvdimm')).toThrow(/public-inbox:nvdimm: bad cursor/);
  });
});

describeSourceContract('public-inbox (two epochs)', MAILS.slice(0, 6), () => {
  const dir = mkdtempSync(join(tmpdir(), 'dax-pi-contract-'));
  const epochs = [initEpoch(join(dir, '0.git')), initEpoch(join(dir, '1.git'))];
  let n = 0;
  return {
    source: new PublicInboxSource({ id: 'public-inbox:contract', epochs, logger: pino({ level: 'silent' }) }),
    // The first three messages fill epoch 0, later ones go to epoch 1, as public-inbox rolls over.
    deliver: (raws) => {
      for (const raw of raws) {
        appendMessage(epochs[n < 3 ? 0 : 1]!, raw, new Date(T0 + n * 60_000));
        n++;
      }
    },
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
