/**
 * Series assembly over the whole nvdimm archive (DAX_REVIEW_ARCHIVE, else ../shared/corpus/nvdimm.mbox.gz; 14,925
 * messages): no crash, every mail accounted for once, linear-ish cost, and known threads of the
 * archive come out right. Slow (parsing takes ~20 s), hence the file name.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitMboxStream } from '../src/input/mbox.js';
import { parseMessage } from '../src/mail/parse-message.js';
import type { PatchMail } from '../src/model/patch-mail.js';
import type { Series } from '../src/model/series.js';
import { archivePath } from './helpers/archive.js';
import { assembleSeries, type SeriesAssembly } from '../src/series/assemble.js';

const ARCHIVE = archivePath();

/** Drops prose and diff, as the checker does for mails no rule looks at: assembly must not need them. */
const slim = (m: PatchMail): PatchMail => ({
  ...m,
  commitMessage: '',
  trailers: [],
  notes: '',
  diffText: null,
  diff: [],
});
const membersOf = (s: Series): PatchMail[] => [...(s.cover ? [s.cover] : []), ...s.patches];

const mails: PatchMail[] = [];
let out: SeriesAssembly;
let assembleMs = 0;

beforeAll(async () => {
  let k = 0;
  if (ARCHIVE === null) return;
  for await (const raw of splitMboxStream(createReadStream(ARCHIVE).pipe(createGunzip()))) {
    k += 1;
    mails.push(slim(await parseMessage(raw, `nvdimm.mbox#${k}`)));
  }
  const t0 = performance.now();
  out = assembleSeries(mails);
  assembleMs = performance.now() - t0;
  const complete = out.series.filter((s) => s.complete).length;
  console.log(
    `nvdimm: ${mails.length} mails → ${out.series.length} series (${complete} complete, ${out.series.length - complete} incomplete), ${out.nonMembers.length} non-members, assembled in ${assembleMs.toFixed(0)} ms`,
  );
}, 300_000);

describe.skipIf(ARCHIVE === null)('series assembly over the whole nvdimm archive', () => {
  it('reads every message', () => {
    expect(mails).toHaveLength(14_925);
  });

  it('accounts for every mail exactly once and gives every series its own id', () => {
    const seen = new Set<PatchMail>();
    for (const m of [...out.series.flatMap(membersOf), ...out.nonMembers]) {
      expect(seen.has(m)).toBe(false);
      seen.add(m);
    }
    expect(seen.size).toBe(mails.length);
    expect(new Set(out.series.map((s) => s.id)).size).toBe(out.series.length);
  });

  it('never makes a reply or an untagged mail a member, and members agree on N', () => {
    for (const s of out.series) {
      for (const m of membersOf(s)) {
        expect(m.subject.isReply).toBe(false);
        expect(m.subject.isPatch).toBe(true);
        expect(m.subject.total ?? 1).toBe(s.total);
      }
    }
  });

  it('is fast: well under a second for the archive', () => {
    expect(assembleMs).toBeLessThan(2_000);
  });

  it('collapses re-deliveries: the only duplicated patch id gives two series, nothing else doubles', () => {
    const id = '20250520021440.24324-1-drew@pdp7.com';
    const dt = out.series.filter((s) => s.id.startsWith(id));
    expect(dt.map((s) => [s.version, s.resend, s.total])).toEqual([
      [1, false, 1],
      [2, true, 1],
    ]);
    const memberIds = out.series.flatMap(membersOf).map((m) => m.messageId);
    expect(memberIds.length - new Set(memberIds).size).toBe(1);
  });

  it('finds every series sample inside the archive, complete', () => {
    const byId = new Map(out.series.map((s) => [s.id, s]));
    for (const id of [
      '166225775968.2351842.11156458342486082012.stgit@dwillia2-xfh.jf.intel.com',
      '20220121075515.79311-1-songmuchun@bytedance.com',
      '0100019d1d463523-617e8165-a084-4d91-aa5e-13778264d5d4-000000@email.amazonses.com',
      '20260302-iino-u64-v2-0-e5388800dae0@kernel.org',
    ]) {
      expect(byId.get(id)?.complete, id).toBe(true);
    }
  });

  it('ties patches to a cover whose Message-ID Amazon SES rewrote ([PATCH V5 0/3], famfs)', () => {
    const s = out.series.find(
      (x) => x.id === '0100019bc8378ae4-7232d134-d430-408c-919c-92f174ffb08b-000000@email.amazonses.com',
    );
    expect(s?.patches.map((p) => p.subject.index)).toEqual([1, 2, 3]);
  });
});
