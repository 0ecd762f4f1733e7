import { describe, expect, it } from 'vitest';
import { coveredSeries, mail, reply } from '../../test/helpers/patch-mail-factory.js';
import type { PatchMail } from '../model/patch-mail.js';
import type { Series } from '../model/series.js';
import { assembleSeries } from './assemble.js';

/** Message-IDs of a series, cover first. */
const idsOf = (s: Series): (string | null)[] => [...(s.cover ? [s.cover] : []), ...s.patches].map((m) => m.messageId);
const idsIn = (mails: readonly PatchMail[]): (string | null)[] => mails.map((m) => m.messageId);

/** Every input mail appears exactly once: as a cover, a patch or a non-member. */
function expectPartition(input: readonly PatchMail[], out: ReturnType<typeof assembleSeries>): void {
  const seen = [...out.series.flatMap((s) => [...(s.cover ? [s.cover] : []), ...s.patches]), ...out.nonMembers];
  expect(seen).toHaveLength(input.length);
  expect(new Set(seen)).toEqual(new Set(input));
}

function assemble(mails: readonly PatchMail[]): ReturnType<typeof assembleSeries> {
  const out = assembleSeries(mails);
  expectPartition(mails, out);
  return out;
}

describe('assembleSeries: covered series', () => {
  it('groups a cover and its patches, cover separate, patches by index', () => {
    const mails = coveredSeries(3, 'PATCH v2', 'fix things');
    const { series, nonMembers } = assemble(mails);
    expect(series).toHaveLength(1);
    const s = series[0]!;
    expect(s).toMatchObject({
      id: mails[0]!.messageId,
      subject: 'fix things',
      version: 2,
      total: 3,
      rfc: false,
      resend: false,
      complete: true,
      author: 'author@example.org',
    });
    expect(s.cover).toBe(mails[0]);
    expect(s.patches).toEqual(mails.slice(1));
    expect(nonMembers).toEqual([]);
  });

  it('reads three-digit counters (000/110)', () => {
    const cover = mail({ subject: '[PATCH v2 000/110] vfs: change inode->i_ino' });
    const patches = Array.from({ length: 110 }, (_, k) =>
      reply(cover, { subject: `[PATCH v2 ${String(k + 1).padStart(3, '0')}/110] p${k + 1}` }),
    );
    const { series } = assemble([cover, ...patches]);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ total: 110, complete: true, subject: 'vfs: change inode->i_ino' });
    expect(series[0]!.patches.map((p) => p.subject.index)).toEqual(Array.from({ length: 110 }, (_, k) => k + 1));
  });

  it('takes a mangled "Subject: [PATCH 0/2]" cover as the cover', () => {
    const cover = mail({ subject: 'Subject: [PATCH 0/2] dax/kmem: hotplug control' });
    const p1 = reply(cover, { subject: '[PATCH 1/2] a' });
    const p2 = reply(cover, { subject: '[PATCH 2/2] b' });
    const { series } = assemble([cover, p2, p1]);
    expect(series).toHaveLength(1);
    expect(series[0]!.cover).toBe(cover);
    expect(series[0]!.subject).toBe('dax/kmem: hotplug control');
    expect(series[0]!.patches).toEqual([p1, p2]);
  });

  it('keeps a cover with no patches yet as an incomplete series', () => {
    const cover = mail({ subject: '[PATCH v4 0/2] lonely' });
    const { series } = assemble([cover]);
    expect(series).toEqual([
      expect.objectContaining({ id: cover.messageId, total: 2, complete: false, patches: [], cover }),
    ]);
  });

  it('marks a series with a missing patch incomplete', () => {
    const [cover, p1] = coveredSeries(2);
    const { series } = assemble([cover!, p1!]);
    expect(series).toHaveLength(1);
    expect(series[0]!.complete).toBe(false);
  });

  it('sets rfc and resend from the root', () => {
    const rfc = coveredSeries(2, 'RFC', 'idea');
    const resend = coveredSeries(2, 'RESEND PATCH v5', 'again');
    const { series } = assemble([...rfc, ...resend]);
    expect(series.map((s) => [s.subject, s.rfc, s.resend, s.version])).toEqual([
      ['idea', true, false, 1],
      ['again', false, true, 5],
    ]);
  });
});

describe('assembleSeries: cover-less series', () => {
  it('roots the series at patch 1/N when 2..N reply to it', () => {
    const p1 = mail({ subject: '[PATCH 1/3] mm: rmap: fix cache flush' });
    const p2 = reply(p1, { subject: '[PATCH 2/3] dax: two' });
    const p3 = reply(p1, { subject: '[PATCH 3/3] dax: three' });
    const { series } = assemble([p1, p2, p3]);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({
      id: p1.messageId,
      subject: 'mm: rmap: fix cache flush',
      cover: null,
      complete: true,
    });
  });

  it('follows chained threading (each patch replies to the previous)', () => {
    const cover = mail({ subject: '[PATCH 0/3] chain' });
    const p1 = reply(cover, { subject: '[PATCH 1/3] a' });
    const p2 = reply(p1, { subject: '[PATCH 2/3] b' });
    const p3 = reply(p2, { subject: '[PATCH 3/3] c' });
    const { series } = assemble([cover, p1, p2, p3]);
    expect(series).toHaveLength(1);
    expect(idsOf(series[0]!)).toEqual(idsIn([cover, p1, p2, p3]));
  });

  it('groups patches that all reply to a non-series root, which is not a member', () => {
    const report = mail({ subject: 'BUG: crash in dax_iomap_rw', from: 'reporter@example.org' });
    const p1 = reply(report, { subject: '[PATCH 1/2] fix one' });
    const p2 = reply(report, { subject: '[PATCH 2/2] fix two' });
    const { series, nonMembers } = assemble([report, p1, p2]);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ id: p1.messageId, complete: true, subject: 'fix one' });
    expect(nonMembers).toEqual([report]);
  });

  it('groups patches whose cover never reached the list', () => {
    const p2 = mail({ subject: '[PATCH 2/3] two', inReplyTo: 'missing-cover@test' });
    const p1 = mail({ subject: '[PATCH 1/3] one', inReplyTo: 'missing-cover@test' });
    const { series } = assemble([p2, p1]);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ id: p1.messageId, subject: 'one', complete: false, cover: null });
    expect(series[0]!.patches).toEqual([p1, p2]);
  });

  it('names a series without 1/N after its lowest member', () => {
    const p3 = mail({ subject: '[PATCH 3/3] three', inReplyTo: 'gone@test' });
    const p2 = mail({ subject: '[PATCH 2/3] two', inReplyTo: 'gone@test' });
    const { series } = assemble([p3, p2]);
    expect(series).toEqual([expect.objectContaining({ id: p2.messageId, subject: 'two', complete: false })]);
  });

  it('makes a single patch without a counter a complete series of one', () => {
    const p = mail({ subject: '[PATCH] nvdimm: add missing MODULE_DESCRIPTION() macros' });
    const { series } = assemble([p]);
    expect(series).toEqual([
      expect.objectContaining({ id: p.messageId, total: 1, complete: true, cover: null, patches: [p] }),
    ]);
  });

  it('keeps an uncounted patch sent in reply to a series out of that series', () => {
    const mails = coveredSeries(2);
    const fixup = reply(mails[1]!, { subject: '[PATCH] fixup for 1/2' });
    const { series } = assemble([...mails, fixup]);
    expect(series.map((s) => s.total)).toEqual([2, 1]);
    expect(series[1]!.patches).toEqual([fixup]);
  });
});

describe('assembleSeries: versions and boundaries', () => {
  it('keeps v1 and v2 apart even when v2 is threaded under v1', () => {
    const v1 = coveredSeries(2, 'PATCH', 'work');
    const v2cover = reply(v1[0]!, { subject: '[PATCH v2 0/3] work' });
    const v2 = [v2cover, ...[1, 2, 3].map((n) => reply(v2cover, { subject: `[PATCH v2 ${n}/3] p${n}` }))];
    const { series } = assemble([...v1, ...v2]);
    expect(series.map((s) => [s.version, s.total, s.complete])).toEqual([
      [1, 2, true],
      [2, 3, true],
    ]);
    expect(idsOf(series[1]!)).toEqual(idsIn(v2));
  });

  it('starts a new series for cover-less v2 patches replying to the v1 cover', () => {
    const v1 = coveredSeries(2, 'PATCH', 'work');
    const v2p1 = reply(v1[0]!, { subject: '[PATCH v2 1/2] a' });
    const v2p2 = reply(v1[0]!, { subject: '[PATCH v2 2/2] b' });
    const { series } = assemble([...v1, v2p1, v2p2]);
    expect(series).toHaveLength(2);
    expect(series[1]).toMatchObject({ id: v2p1.messageId, version: 2, complete: true, cover: null });
  });

  it('lets untagged patches take the version of the cover they hang from (same sender and N)', () => {
    const cover = mail({ subject: '[PATCH v8 0/2] mm, pmem, xfs: Introduce MF_MEM_REMOVE for unbind' });
    const patches = [1, 2].map((n) => reply(cover, { subject: `[PATCH ${n}/2] part ${n}` }));
    const { series } = assemble([cover, ...patches]);
    expect(series.map((s) => [s.version, s.complete, idsOf(s)])).toEqual([[8, true, idsIn([cover, ...patches])]]);
  });

  it('keeps patches tagged with another version out of the cover they hang from', () => {
    const cover = mail({ subject: '[PATCH v4 0/2] badblocks improvement' });
    const patches = [1, 2].map((n) => reply(cover, { subject: `[PATCH v3 ${n}/2] part ${n}` }));
    const other = [1, 2].map((n) =>
      reply(cover, { subject: `[PATCH ${n}/2] someone else ${n}`, from: 'other@example.org' }),
    );
    const { series } = assemble([cover, ...patches, ...other]);
    expect(series.map((s) => [s.version, s.cover !== null, s.patches.length, s.author])).toEqual([
      [4, true, 0, 'author@example.org'],
      [3, false, 2, 'author@example.org'],
      [1, false, 2, 'other@example.org'],
    ]);
  });

  it('joins a cover with the same-key patches that reply, like it, to a stale cover', () => {
    const stale = 'stale-v3-cover@test';
    const v3 = [1, 2].map((n) => mail({ subject: `[PATCH v3 ${n}/2] p${n}`, inReplyTo: stale }));
    const v4cover = mail({ subject: '[PATCH v4 0/2] acpi/hmat: refactor', inReplyTo: stale });
    const v4 = [1, 2].map((n) => mail({ subject: `[PATCH v4 ${n}/2] p${n}`, inReplyTo: stale }));
    const { series } = assemble([...v3, v4cover, ...v4]);
    expect(series.map((s) => [s.version, s.complete, idsOf(s)])).toEqual([
      [3, true, idsIn(v3)],
      [4, true, idsIn([v4cover, ...v4])],
    ]);
  });

  it('does not let a patch join an ancestor series with a different N', () => {
    const mails = coveredSeries(2);
    const odd = reply(mails[0]!, { subject: '[PATCH 3/3] miscounted' });
    const { series } = assemble([...mails, odd]);
    expect(series.map((s) => [s.total, s.patches.length])).toEqual([
      [2, 2],
      [3, 1],
    ]);
  });

  it('keeps a RESEND cover threaded under the original as its own series', () => {
    const orig = coveredSeries(2, 'PATCH v5', 'perf');
    const again = reply(orig[0]!, { subject: '[RESEND PATCH v5 0/2] perf' });
    const againPatches = [1, 2].map((n) => reply(again, { subject: `[RESEND PATCH v5 ${n}/2] p${n}` }));
    // The original's patches arrive late: a cover that joined its parent would lose them their slots.
    const { series } = assemble([orig[0]!, again, ...againPatches, ...orig.slice(1)]);
    expect(series.map((s) => [s.resend, s.complete, s.patches.length])).toEqual([
      [false, true, 2],
      [true, true, 2],
    ]);
    expect(idsOf(series[0]!)).toEqual(idsIn(orig));
  });

  it('splits off a patch re-sent with the same version inside the thread', () => {
    const mails = coveredSeries(3, 'PATCH v2');
    const review = reply(mails[2]!, { subject: 'Re: [PATCH v2 2/3] part 2', from: 'reviewer@example.org' });
    const respin = reply(review, { subject: '[PATCH v2.1 2/3] part 2, fixed' });
    const { series, nonMembers } = assemble([...mails, review, respin]);
    expect(series).toHaveLength(2);
    expect(series[0]!.patches).toEqual(mails.slice(1));
    expect(series[1]).toMatchObject({ id: respin.messageId, total: 3, complete: false, patches: [respin] });
    expect(nonMembers).toEqual([review]);
  });
});

describe('assembleSeries: replies, order and nesting', () => {
  it('never counts replies or untagged mails as members', () => {
    const [cover, p1, p2] = coveredSeries(2);
    const r1 = reply(cover!, { subject: 'Re: [PATCH 0/2] series' });
    const r2 = reply(p1!, { subject: 'Re: [PATCH 1/2] series part 1' });
    const chat = reply(p1!, { subject: 'thoughts on part 1' });
    const cn = reply(p2!, { subject: '回复: [PATCH 2/2] series part 2' });
    const input = [cover!, r1, p1!, r2, chat, p2!, cn];
    const { series, nonMembers } = assemble(input);
    expect(series).toHaveLength(1);
    expect(idsOf(series[0]!)).toEqual(idsIn([cover!, p1!, p2!]));
    expect(nonMembers).toEqual([r1, r2, chat, cn]);
  });

  it('gives the same grouping whatever the arrival order', () => {
    const mails = coveredSeries(4, 'PATCH v3');
    const shuffled = [mails[2]!, mails[3]!, mails[0]!, mails[4]!, mails[1]!];
    const { series } = assemble(shuffled);
    expect(series).toHaveLength(1);
    expect(idsOf(series[0]!)).toEqual(idsIn(mails));
    expect(series[0]!.complete).toBe(true);
  });

  it('assembles series nested under a bundle announcement that is not a member', () => {
    const bundle = mail({
      subject: '[PATCH BUNDLE v9] famfs: Fabric-Attached Memory File System',
      inReplyTo: 'not-archived@test',
    });
    const a = reply(bundle, { subject: '[PATCH V9 0/2] dax: prepare for famfs' });
    const aPatches = [1, 2].map((n) => reply(a, { subject: `[PATCH V9 ${n}/2] dax ${n}` }));
    const b = reply(bundle, { subject: '[PATCH V9 00/03] famfs: port into fuse' });
    const bPatches = [1, 2, 3].map((n) => reply(b, { subject: `[PATCH V9 0${n}/03] fuse ${n}` }));
    const { series, nonMembers } = assemble([bundle, a, b, ...aPatches, ...bPatches]);
    expect(series.map((s) => [s.subject, s.version, s.total, s.complete])).toEqual([
      ['dax: prepare for famfs', 9, 2, true],
      ['famfs: port into fuse', 9, 3, true],
    ]);
    expect(nonMembers).toEqual([bundle]);
  });

  it('keeps two series of the same key under one non-series root apart by sender', () => {
    const root = mail({ subject: 'RFC discussion: pinning' });
    const alice = [1, 2].map((n) => reply(root, { subject: `[PATCH ${n}/2] alice ${n}`, from: 'alice@example.org' }));
    const bob = [1, 2].map((n) => reply(root, { subject: `[PATCH ${n}/2] bob ${n}`, from: 'bob@example.org' }));
    const { series } = assemble([root, alice[0]!, bob[0]!, alice[1]!, bob[1]!]);
    expect(series.map((s) => [s.author, s.complete])).toEqual([
      ['alice@example.org', true],
      ['bob@example.org', true],
    ]);
  });

  it('finds the cover through References when In-Reply-To names a mail not in the batch', () => {
    const [cover, p1, p2] = coveredSeries(3);
    const p3 = mail({
      subject: '[PATCH 3/3] series part 3',
      inReplyTo: 'unarchived-review@test',
      references: [cover!.messageId!, 'unarchived-review@test'],
    });
    const { series } = assemble([cover!, p3, p1!, p2!]);
    expect(series).toHaveLength(1);
    expect(idsOf(series[0]!)).toEqual(idsIn([cover!, p1!, p2!, p3]));
  });

  it('survives an In-Reply-To loop among replies above a patch', () => {
    const r1 = mail({ id: 'r1@test', subject: 'Re: x', inReplyTo: 'r2@test' });
    const r2 = mail({ id: 'r2@test', subject: 'Re: x', inReplyTo: 'r1@test' });
    const p1 = reply(r1, { subject: '[PATCH 1/2] a' });
    const p2 = reply(r2, { subject: '[PATCH 2/2] b' });
    const { series } = assemble([r1, r2, p1, p2]);
    expect(series.map((s) => s.patches.length)).toEqual([2]);
  });

  it('finds a cover whose Message-ID a relay rewrote (Amazon SES) through its original id', () => {
    const bundle = mail({
      id: 'b@email.amazonses.com',
      subject: '[PATCH BUNDLE v5] famfs',
      references: ['compound@groves.net'],
      inReplyTo: 'compound@groves.net',
    });
    // The cover went out from another address, so only the alias ties the patches to it.
    const cover = mail({
      id: 'c@email.amazonses.com',
      subject: '[PATCH V5 0/2] fuse: famfs',
      from: 'john@groves.net',
      inReplyTo: 'compound@groves.net',
      references: ['compound@groves.net', '1470-1-john@jagalactic.com'],
    });
    const patches = [1, 2].map((n) =>
      mail({
        id: `p${n}@email.amazonses.com`,
        subject: `[PATCH V5 ${n}/2] part ${n}`,
        inReplyTo: '1470-1-john@jagalactic.com',
        references: ['compound@groves.net', '1470-1-john@jagalactic.com', `1470-${n + 1}-john@jagalactic.com`],
      }),
    );
    const { series, nonMembers } = assemble([bundle, cover, ...patches]);
    expect(series.map((s) => [s.complete, idsOf(s)])).toEqual([[true, idsIn([cover, ...patches])]]);
    expect(nonMembers).toEqual([bundle]);
  });

  it('survives a References loop', () => {
    const a = mail({ id: 'a@test', subject: '[PATCH 1/2] a', inReplyTo: 'b@test' });
    const b = mail({ id: 'b@test', subject: '[PATCH 2/2] b', inReplyTo: 'a@test' });
    const { series } = assemble([a, b]);
    expect(series).toHaveLength(1);
    expect(series[0]!.complete).toBe(true);
  });
});

describe('assembleSeries: duplicate Message-IDs', () => {
  it('collapses an exact re-delivery to one member', () => {
    const [cover, p1, p2] = coveredSeries(2);
    const copy = { ...p1!, source: 'test.mbox#copy' };
    const { series, nonMembers } = assemble([cover!, p1!, copy, p2!]);
    expect(series).toHaveLength(1);
    expect(series[0]!.patches).toEqual([p1, p2]);
    expect(nonMembers).toEqual([copy]);
  });

  it('keeps two different patches sharing one Message-ID as two series with distinct ids', () => {
    const id = '20250520021440.24324-1-drew@pdp7.com';
    const first = mail({ id, subject: '[PATCH] dt-bindings: pmem: Convert binding to YAML', source: 'a.mbox#1' });
    const later = mail({
      id,
      subject: '[RESEND PATCH v2] dt-bindings: pmem: Convert binding to YAML',
      source: 'a.mbox#2',
    });
    const { series, nonMembers } = assemble([first, later]);
    expect(series.map((s) => [s.id, s.version, s.resend])).toEqual([
      [id, 1, false],
      [`${id}#a.mbox#2`, 2, true],
    ]);
    expect(nonMembers).toEqual([]);
  });
});

describe('assembleSeries: mails without threading', () => {
  const fp = (subject: string, from = 'dev@example.org'): PatchMail => mail({ id: null, subject, from });

  it('groups consecutive format-patch mails without Message-IDs and synthesises the id', () => {
    const one = [fp('[PATCH 0/2] first'), fp('[PATCH 1/2] a'), fp('[PATCH 2/2] b')];
    const two = [fp('[PATCH 1/2] c'), fp('[PATCH 2/2] d')];
    const { series } = assemble([...one, ...two]);
    expect(series).toHaveLength(2);
    expect(series[0]).toMatchObject({ id: `synthetic:${one[0]!.source}`, subject: 'first', complete: true });
    expect(series[1]).toMatchObject({ id: `synthetic:${two[0]!.source}`, subject: 'c', complete: true, cover: null });
  });

  it('keeps authors, versions and totals apart even when interleaved', () => {
    const input = [
      fp('[PATCH 1/2] a1'),
      fp('[PATCH 1/2] b1', 'other@example.org'),
      fp('[PATCH v2 1/2] a1 v2'),
      fp('[PATCH 2/2] a2'),
      fp('[PATCH 2/2] b2', 'other@example.org'),
      fp('[PATCH v2 2/2] a2 v2'),
    ];
    const { series } = assemble(input);
    expect(series.map((s) => [s.subject, s.version, s.author, s.complete])).toEqual([
      ['a1', 1, 'dev@example.org', true],
      ['b1', 1, 'other@example.org', true],
      ['a1 v2', 2, 'dev@example.org', true],
    ]);
  });

  it('treats the same single patch posted as v1, v2, v3 as three series', () => {
    const input = [1, 2, 3].map((v) => mail({ subject: v === 1 ? '[PATCH] fix' : `[PATCH v${v}] fix` }));
    const { series } = assemble(input);
    expect(series.map((s) => [s.version, s.total, s.complete])).toEqual([
      [1, 1, true],
      [2, 1, true],
      [3, 1, true],
    ]);
  });

  it('does not merge sent, unthreaded patches a month apart', () => {
    const a = mail({ subject: '[PATCH 1/2] a', date: '2024-01-01T00:00:00.000Z' });
    const b = mail({ subject: '[PATCH 2/2] b', date: '2024-02-01T00:00:00.000Z' });
    expect(assemble([a, b]).series).toHaveLength(2);
  });

  it('does not merge an unthreaded patch into a group whose threaded patches fill its slot', () => {
    const p1 = mail({ subject: '[PATCH 1/2] first series' });
    const p2 = reply(p1, { subject: '[PATCH 2/2] first series, two' });
    const stray = mail({ subject: '[PATCH 2/2] another series, two' });
    // The stray arrives before p2: merged, it would take p2's slot.
    const { series } = assemble([p1, stray, p2]);
    expect(series.map((s) => s.patches.length)).toEqual([2, 1]);
    expect(series[0]!.patches).toEqual([p1, p2]);
    expect(series[1]!.patches).toEqual([stray]);
  });
});
