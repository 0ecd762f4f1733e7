/**
 * Series assembly on Patchew's edge-case mails (test/fixtures/corpus/edge, gzip; raw or mbox with
 * placeholder `From A` separators): grouping, versions and completeness on real headers.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { splitMbox } from '../src/input/mbox.js';
import { parseMessage } from '../src/mail/parse-message.js';
import type { PatchMail } from '../src/model/patch-mail.js';
import type { Series } from '../src/model/series.js';
import { assembleSeries } from '../src/series/assemble.js';

const EDGE = new URL('./fixtures/corpus/edge/', import.meta.url);

async function load(file: string): Promise<PatchMail[]> {
  const raws = splitMbox(gunzipSync(readFileSync(new URL(file, EDGE))));
  return Promise.all(raws.map((raw, k) => parseMessage(raw, `${file}#${k + 1}`)));
}

async function assembleFiles(...files: string[]): Promise<ReturnType<typeof assembleSeries>> {
  const mails = (await Promise.all(files.map(load))).flat();
  return assembleSeries(mails);
}

/** Message-IDs of a series, cover first. */
const idsOf = (s: Series): (string | null)[] => [...(s.cover ? [s.cover] : []), ...s.patches].map((m) => m.messageId);
const summary = (s: Series): unknown => ({
  subject: s.subject,
  version: s.version,
  total: s.total,
  complete: s.complete,
  cover: s.cover !== null,
  patches: s.patches.length,
});

describe('edge mails: series assembly', () => {
  it('0003: one patch plus two reviews is one single-patch series', async () => {
    const { series, nonMembers } = await assembleFiles('0003-single-patch-reviewed.mbox.gz');
    expect(series.map(summary)).toEqual([
      {
        subject: 'hw/mips_malta: Fix YAMON API print routine',
        version: 1,
        total: 1,
        complete: true,
        cover: false,
        patches: 1,
      },
    ]);
    expect(series[0]!.id).toBe('20160722095540.5887-1-paul.burton@imgtec.com');
    expect(nonMembers.map((m) => m.messageId)).toEqual([
      '20160722130539.GA5564@aurel32.net',
      '20160726101343.GA20268@hhmipssw201.hh.imgtec.org',
    ]);
  });

  it('0004: cover v4 0/2 and two patches, with reviews arriving in between', async () => {
    const { series, nonMembers } = await assembleFiles('0004-multiple-patch-reviewed.mbox.gz');
    expect(series.map(summary)).toEqual([
      {
        subject: 'Report format specific info for LUKS block driver',
        version: 4,
        total: 2,
        complete: true,
        cover: true,
        patches: 2,
      },
    ]);
    expect(series[0]!.id).toBe('1469192015-16487-1-git-send-email-berrange@redhat.com');
    expect(series[0]!.patches.map((p) => p.subject.index)).toEqual([1, 2]);
    expect(nonMembers).toHaveLength(2);
    expect(nonMembers.every((m) => m.subject.isReply)).toBe(true);
  });

  it('0012: cover + 1/2 only is an incomplete series', async () => {
    const { series } = await assembleFiles('0012-incomplete-series.mbox.gz');
    expect(series.map(summary)).toEqual([
      {
        subject: 'Report format specific info for LUKS block driver',
        version: 4,
        total: 2,
        complete: false,
        cover: true,
        patches: 1,
      },
    ]);
  });

  it.each(['0009-obsolete-by.mbox.gz', '0030-obsolete-by-v3.mbox.gz'])(
    '%s: v1, v2, v3 of one unthreaded patch are three series',
    async (file) => {
      const { series, nonMembers } = await assembleFiles(file);
      expect(series.map((s) => [s.version, s.total, s.complete, s.subject])).toEqual(
        [1, 2, 3].map((v) => [v, 1, true, 'quorum: Only compile when supported']),
      );
      expect(series.map((s) => s.id)).toEqual([1, 2, 3].map((n) => `20160628014747.20971-${n}-famz@redhat.com`));
      expect(nonMembers).toEqual([]);
    },
  );

  it('0031: two PULL covers are two separate (cover-only) series', async () => {
    const { series } = await assembleFiles('0031-supersedes-embedded.mbox.gz');
    expect(series.map((s) => [s.subject, s.total, s.complete, s.cover !== null, s.patches.length])).toEqual([
      ['Migration pull patches', 28, false, true, 0],
      ['Migration pull patches (second try)', 29, false, true, 0],
    ]);
    expect(series.map((s) => s.id)).toEqual([
      '20200110173215.3865-1-quintela@redhat.com',
      '20200114092606.1761-1-quintela@redhat.com',
    ]);
  });

  it('0032: v5 and v6 covers are separate series; the reply to v6 is not a member', async () => {
    const { series, nonMembers } = await assembleFiles('0032-supersedes-separate.mbox.gz');
    expect(series.map((s) => [s.version, s.total, s.complete, idsOf(s)])).toEqual([
      [5, 4, false, ['20191128104129.250206-1-slp@redhat.com']],
      [6, 8, false, ['20200108143138.129909-1-slp@redhat.com']],
    ]);
    expect(nonMembers.map((m) => m.messageId)).toEqual(['20200116135923.GE9470@linux.fritz.box']);
  });

  it('keeps the series of several files apart when assembled together', async () => {
    const { series } = await assembleFiles(
      '0003-single-patch-reviewed.mbox.gz',
      '0004-multiple-patch-reviewed.mbox.gz',
      '0009-obsolete-by.mbox.gz',
    );
    expect(series.map((s) => [s.version, s.total, s.complete])).toEqual([
      [1, 1, true],
      [4, 2, true],
      [1, 1, true],
      [2, 1, true],
      [3, 1, true],
    ]);
  });
});
