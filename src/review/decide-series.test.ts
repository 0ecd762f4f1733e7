import { series01Records } from '../../test/helpers/series-records.js';
import { describe, expect, it } from 'vitest';
import { applyPrefilter, decideAlone, decideSeries, decideSeriesPrefiltered, QUIET_REASON } from './decide-series.js';

const records = series01Records;

describe('decideSeries', () => {
  it('reviews a complete series with every member, cover first', async () => {
    const thread = await records();
    const d = decideSeries(thread, thread[5]!.key, false);
    expect(d).toEqual({ kind: 'review', reason: 'complete', members: thread.map((r) => r.key) });
  });

  it('waits while a patch is missing, and reviews what arrived once the wait is over', async () => {
    const thread = (await records()).filter((_, i) => i !== 7);
    expect(decideSeries(thread, thread[2]!.key, false)).toMatchObject({ kind: 'wait' });
    expect(decideSeries(thread, thread[2]!.key, true)).toMatchObject({
      kind: 'review',
      reason: 'timeout',
      members: thread.map((r) => r.key),
    });
  });

  it('reviews a reply carrying a patch alone, ignores one without, and a mail not in the thread', async () => {
    const [cover, first] = await records();
    const reply = {
      ...first!,
      key: 'reply@x',
      mail: {
        ...first!.mail,
        messageId: 'reply@x',
        subject: { ...first!.mail.subject, isReply: true, raw: `Re: ${first!.mail.subject.raw}` },
      },
    };
    expect(decideSeries([cover!, reply], 'reply@x', false)).toEqual({
      kind: 'review',
      reason: 'single',
      members: ['reply@x'],
    });
    expect(decideSeries([cover!, { ...reply, hasDiff: false }], 'reply@x', false)).toMatchObject({ kind: 'ignore' });
    expect(decideSeries([cover!], 'other@x', false)).toMatchObject({ kind: 'ignore' });
  });

  it('decides a mail that can never be a member from its own record, the same as over its thread', async () => {
    const thread = await records();
    const first = thread[1]!;
    expect(decideAlone(first)).toBeNull();
    const reply = {
      ...first,
      key: 'reply@x',
      mail: { ...first.mail, messageId: 'reply@x', subject: { ...first.mail.subject, isReply: true } },
    };
    for (const r of [reply, { ...reply, hasDiff: false }]) {
      expect(decideAlone(r)).toEqual(decideSeries([...thread, r], r.key, false));
    }
  });
});

describe('applyPrefilter', () => {
  it('queues nothing for a series none of whose mails names a rule trigger under this rule set', async () => {
    const thread = await records();
    const quiet = thread.map((r) => ({ ...r, quietFor: 'r1' }));
    const complete = decideSeries(quiet, quiet[5]!.key, false);
    expect(applyPrefilter(complete, quiet, 'r1')).toEqual({ kind: 'ignore', reason: QUIET_REASON });
    const waiting = quiet.filter((_, i) => i !== 7);
    expect(applyPrefilter(decideSeries(waiting, waiting[2]!.key, false), waiting, 'r1')).toEqual({
      kind: 'ignore',
      reason: QUIET_REASON,
    });
    // Another rule set judges the mails again; a cover letter naming a trigger is reviewed (its
    // prose: the MAP_SYNC persistence claim), and with it the series.
    expect(applyPrefilter(complete, quiet, 'r2')).toEqual(complete);
    expect(thread[0]!.hasDiff).toBe(false);
    expect(applyPrefilter(complete, [thread[0]!, ...quiet.slice(1)], 'r1')).toEqual(complete);
    // A reply without a patch is never reviewed: it keeps nothing from being quiet.
    const reply = {
      ...thread[0]!,
      key: 'reply@x',
      mail: { ...thread[0]!.mail, subject: { ...thread[0]!.mail.subject, isReply: true } },
    };
    const withReply = { kind: 'review', reason: 'complete', members: [...quiet.map((r) => r.key), 'reply@x'] } as const;
    expect(applyPrefilter(withReply, [...quiet, reply], 'r1')).toEqual({ kind: 'ignore', reason: QUIET_REASON });
  });

  it('keeps the review when one patch may be fired on, or a member record is missing', async () => {
    const thread = await records();
    const one = thread.map((r, i) => (i === 3 ? r : { ...r, quietFor: 'r1' }));
    const d = decideSeries(one, one[5]!.key, false);
    expect(applyPrefilter(d, one, 'r1')).toEqual(d);
    const quiet = thread.map((r) => ({ ...r, quietFor: 'r1' }));
    expect(applyPrefilter(d, quiet.slice(1), 'r1')).toEqual(d);
    const ignored = { kind: 'ignore', reason: 'x' } as const;
    expect(applyPrefilter(ignored, quiet, 'r1')).toBe(ignored);
  });
});

describe('decideSeriesPrefiltered', () => {
  it('is applyPrefilter over decideSeries, with no grouping at all for a thread nothing can be fired on', async () => {
    const thread = await records();
    const quiet = thread.map((r) => ({ ...r, quietFor: 'r1' }));
    const one = thread.map((r, i) => (i === 3 ? r : { ...r, quietFor: 'r1' }));
    for (const t of [thread, quiet, one, one.filter((_, i) => i !== 7)]) {
      for (const timedOut of [false, true]) {
        const d = decideSeriesPrefiltered(t, t[2]!.key, timedOut, 'r1');
        expect(d).toEqual(applyPrefilter(decideSeries(t, t[2]!.key, timedOut), t, 'r1'));
      }
    }
    expect(decideSeriesPrefiltered(quiet, 'other@x', false, 'r1')).toMatchObject({
      kind: 'ignore',
      reason: 'not in its thread',
    });
    expect(decideSeriesPrefiltered(quiet, quiet[2]!.key, false, 'r1')).toEqual({
      kind: 'ignore',
      reason: QUIET_REASON,
    });
  });
});
