/**
 * Series assembly on the ten real series in test/fixtures/corpus/series-samples (uncompressed
 * mboxrd, archive order), checked against the corpus's own expected.json.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { splitMbox } from '../src/input/mbox.js';
import { parseMessage } from '../src/mail/parse-message.js';
import type { PatchMail } from '../src/model/patch-mail.js';
import type { Series } from '../src/model/series.js';
import { assembleSeries } from '../src/series/assemble.js';

const SAMPLES = new URL('./fixtures/corpus/series-samples/', import.meta.url);

const Expected = z.array(
  z.object({
    file: z.string(),
    series_subject: z.string(),
    version: z.number(),
    rfc: z.boolean(),
    resend: z.boolean(),
    N: z.number(),
    has_cover: z.boolean(),
    message_ids: z.array(z.string()),
    messages_in_file: z.number(),
    non_member_message_ids: z.array(z.string()),
  }),
);
const expected = Expected.parse(JSON.parse(readFileSync(new URL('expected.json', SAMPLES), 'utf8')));

async function load(file: string): Promise<PatchMail[]> {
  const raws = splitMbox(readFileSync(new URL(file, SAMPLES)));
  return Promise.all(raws.map((raw, k) => parseMessage(raw, `${file}#${k + 1}`)));
}

/** Message-IDs of a series, cover first. */
const idsOf = (s: Series): (string | null)[] => [...(s.cover ? [s.cover] : []), ...s.patches].map((m) => m.messageId);

describe('series samples: assembled as expected.json says', () => {
  it('covers all ten samples', () => {
    expect(expected).toHaveLength(10);
  });

  describe.each(expected)('$file', (exp) => {
    it('yields exactly the expected series, members in series order', async () => {
      const mails = await load(exp.file);
      expect(mails).toHaveLength(exp.messages_in_file);
      const { series, nonMembers } = assembleSeries(mails);
      // Every sample holds one series; replies and (08) the bundle announcement are not series.
      expect(series).toHaveLength(1);
      const s = series[0]!;
      expect({
        subject: s.subject,
        version: s.version,
        rfc: s.rfc,
        resend: s.resend,
        N: s.total,
        has_cover: s.cover !== null,
        complete: s.complete,
        id: s.id,
      }).toEqual({
        subject: exp.series_subject,
        version: exp.version,
        rfc: exp.rfc,
        resend: exp.resend,
        N: exp.N,
        has_cover: exp.has_cover,
        complete: true,
        id: exp.message_ids[0],
      });
      expect(idsOf(s)).toEqual(exp.message_ids);
      const members = new Set(idsOf(s));
      for (const id of exp.non_member_message_ids) expect(members.has(id), id).toBe(false);
      expect(nonMembers.map((m) => m.messageId).sort()).toEqual([...exp.non_member_message_ids].sort());
    });
  });

  it('08: the [PATCH BUNDLE v9] announcement heading the thread is a non-member, not a series', async () => {
    const { series, nonMembers } = assembleSeries(await load('08-famfs-dax-prep-V9-under-bundle.mbox'));
    const bundle = nonMembers.find((m) => m.subject.tags.includes('BUNDLE'));
    expect(bundle?.messageId).toBe('0100019d1d45a702-37d7aa37-4b46-4c21-86db-bf9bd3d914bb-000000@email.amazonses.com');
    expect(series[0]!.cover?.inReplyTo).toBe(bundle?.messageId);
  });

  it('01 + 02: v1 and v3 of one series, fed together, stay two series', async () => {
    const mails = [...(await load('01-dax-gup-mistake-v1.mbox')), ...(await load('02-dax-gup-mistake-v3.mbox'))];
    const { series } = assembleSeries(mails);
    expect(series.map((s) => [s.subject, s.version, s.total, s.complete])).toEqual([
      ['Fix the DAX-gup mistake', 1, 13, true],
      ['Fix the DAX-gup mistake', 3, 25, true],
    ]);
  });

  it('all samples fed at once give the same ten series', async () => {
    const mails = (await Promise.all(expected.map((e) => load(e.file)))).flat();
    const { series } = assembleSeries(mails);
    expect(series.map(idsOf)).toEqual(expected.map((e) => e.message_ids));
  });
});
