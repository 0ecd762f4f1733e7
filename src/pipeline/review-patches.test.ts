import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMPTY_CONFIG, ProjectConfig } from '../config/project-config.js';
import { defineRule } from '../engine/define-rule.js';
import { splitMbox } from '../input/mbox.js';
import { parseMessage } from '../mail/parse-message.js';
import { assembleSeries } from '../series/assemble.js';
import { isReviewable, reviewPatches } from './review-patches.js';

const SERIES = new URL('../../test/fixtures/corpus/series-samples/01-dax-gup-mistake-v1.mbox', import.meta.url);

const meta = (scope: 'diff' | 'message') =>
  ({
    type: 'problem',
    defaultSeverity: 'warning',
    scope,
    confidence: 'high',
    era: 'all',
    docs: { description: 'Flag every mail for the review tests', title: 'Test rule.' },
    citations: [{ title: 'test', url: 'https://example.org/' }],
    background: ['docs/knowledge/gup-api-history.md'],
    messages: { m: 'seen' },
  }) as const;
const everyMail = (id: string, scope: 'diff' | 'message') =>
  defineRule({
    id,
    meta: meta(scope),
    check(ctx) {
      ctx.report({ messageId: 'm' });
    },
  });

async function series01() {
  const mails = await Promise.all(splitMbox(readFileSync(SERIES)).map((raw, i) => parseMessage(raw, `s#${String(i)}`)));
  const [series] = assembleSeries(mails).series;
  if (series?.cover == null) throw new Error('series-samples/01 changed');
  return { mails, series, cover: series.cover };
}

describe('reviewPatches', () => {
  it('runs prose rules on the cover letter and diff rules only on mails with a diff', async () => {
    const { mails, series, cover } = await series01();
    const result = reviewPatches(mails, () => series, {
      rules: [everyMail('reads-diff', 'diff'), everyMail('reads-prose', 'message')],
      config: EMPTY_CONFIG,
    });
    expect(result.reviewed).toEqual([cover, ...series.patches]);
    const onCover = result.findings.filter((f) => f.source === cover.source).map((f) => f.rule);
    expect(onCover).toEqual(['reads-prose']);
    expect(result.findings.filter((f) => f.rule === 'reads-diff')).toHaveLength(13);
  });

  it('never reviews a reply without a patch of its own', async () => {
    const { cover } = await series01();
    const reply = { ...cover, subject: { ...cover.subject, isReply: true, raw: `Re: ${cover.subject.raw}` } };
    expect(isReviewable(reply)).toBe(false);
    expect(
      reviewPatches([reply], () => null, { rules: [everyMail('reads-prose', 'message')], config: EMPTY_CONFIG })
        .reviewed,
    ).toEqual([]);
  });

  it("applies the list settings: a rule switched off for the list does not run, a severity set there is the finding's", async () => {
    const { mails, series } = await series01();
    const config = ProjectConfig.parse({
      lists: [{ match: 'nvdimm.lists.linux.dev', rules: { 'reads-diff': 'off', 'reads-prose': 'error' } }],
    });
    const result = reviewPatches(mails, () => series, {
      rules: [everyMail('reads-diff', 'diff'), everyMail('reads-prose', 'message')],
      config,
    });
    expect(new Set(result.findings.map((f) => `${f.rule} ${f.severity}`))).toEqual(new Set(['reads-prose error']));
  });
});

describe('reviewPatches limits', () => {
  it('reviews at most limits.seriesPatches patches of a series, the cover letter always, and lists the rest', async () => {
    const { mails, series, cover } = await series01();
    const config = ProjectConfig.parse({ limits: { seriesPatches: 5 } });
    const result = reviewPatches(mails, () => series, { rules: [everyMail('reads-prose', 'message')], config });
    expect(result.reviewed).toEqual([cover, ...series.patches.slice(0, 5)]);
    expect(result.unreviewed.map((u) => u.messageId)).toEqual(series.patches.slice(5).map((p) => p.messageId));
    expect(result.unreviewed[0]?.reason).toBe('not reviewed: patch 6 of 13 is past limits.seriesPatches (5)');
  });

  it('stops a series once it has used limits.reviewMs of rule time, and charges each series its own', async () => {
    const { mails, series } = await series01();
    let now = 0;
    // Every rule run takes 4 s on this clock; the budget is 10 s per series.
    const slow = defineRule({
      id: 'slow',
      meta: meta('message'),
      check() {
        now += 4000;
      },
    });
    const config = ProjectConfig.parse({ limits: { reviewMs: 10_000 } });
    const result = reviewPatches(mails, () => series, { rules: [slow], config, clock: () => now });
    expect(result.reviewed).toHaveLength(3);
    expect(result.unreviewed).toHaveLength(mails.length - 3);
    expect(result.unreviewed[0]?.reason).toBe(
      'not reviewed: its series used up limits.reviewMs (10000 ms of rule time)',
    );
    // Lone mails are series of their own: each gets the whole budget.
    now = 0;
    const alone = reviewPatches(mails.slice(1, 5), () => null, { rules: [slow], config, clock: () => now });
    expect(alone.reviewed).toHaveLength(4);
  });
});
