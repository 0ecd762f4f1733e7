/**
 * One review, three front ends: `dax-review check`, the mail service (spool → real Redis →
 * review jobs) and the GitHub review give the same findings on the same mail. Over every series
 * of series-samples/ and every kb-mails/ message at once (the service sees them as one list
 * would), and over two derived series that the front ends once disagreed on:
 * - a cover letter making the MAP_SYNC persistence claim (the checker reviewed cover letters,
 *   the service did not);
 * - a patch adding a pin site that a later patch of the series removes again (no front end may
 *   report it; nothing guarded the service's part of that).
 * The key is what a reader compares: message, rule, severity, file and line. The service's
 * findings include those it marks as raised on an earlier version (kb-mails/ holds v3, v4 and
 * v5 of one patch): that is a reply policy, not another review.
 *
 * The GitHub leg reviews each single-patch mail as the pull request GitHub would show for it
 * (a PR's diff is its head's, so a multi-patch series has no faithful PR image here).
 */
import { copyFile, readdir, readFile, rename } from 'node:fs/promises';
import { simpleParser } from 'mailparser';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { checkInputs } from '../../src/check/check-inputs.js';
import { EMPTY_CONFIG, ProjectConfig } from '../../src/config/project-config.js';
import { pullRequestMail } from '../../src/github/pull-request-mail.js';
import { reviewPullRequest } from '../../src/github/review-pull-request.js';
import type { Finding } from '../../src/model/finding.js';
import { QUEUE } from '../../src/queue/names.js';
import type { ReviewSummary } from '../../src/review/review-summary.js';
import {
  CORPUS,
  daxGupSeriesFixedLater,
  seriesWithCoverClaim,
  daxGupSeriesWithPinSites,
  MAP_SYNC_CLAIM,
} from '../helpers/derived-mails.js';
import { pullFromMail } from '../helpers/github/pull-from-mail.js';
import { snapshotOf } from '../helpers/github/snapshot-of.js';
import {
  completedResults,
  outboxFiles,
  useHarnessPerTest,
  waitForIdle,
  type Harness,
} from '../helpers/service-harness.js';

type Keyed = Pick<Finding, 'rule' | 'severity' | 'file' | 'line'> & { readonly messageId: string | null };
const key = (f: Keyed): string => `<${f.messageId ?? '-'}> ${f.rule} ${f.severity} ${f.file ?? '-'}:${String(f.line)}`;
const keys = (fs: readonly Keyed[]): string[] => [...new Set(fs.map(key))].sort();

const dir = (name: string): string => join(CORPUS, name);
async function files(name: string, ext: string): Promise<string[]> {
  return (await readdir(dir(name)))
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(dir(name), f));
}

/** Every finding of every completed review job, persisting ones included. */
async function serviceFindings(h: Harness): Promise<string[]> {
  const reviews = (await completedResults(h, QUEUE.review)) as ReviewSummary[];
  return keys(
    reviews.flatMap((r) =>
      [...(r.cover === null ? [] : [r.cover]), ...r.patches].flatMap((p) => [
        ...p.findings.map((f) => ({ ...f, messageId: p.messageId })),
        ...p.persisting.map((f) => ({ ...f, messageId: p.messageId })),
      ]),
    ),
  );
}

/** Drops the inputs into the spool one by one (in order, as a list delivers them) and waits for the pipeline to finish. */
async function throughService(h: Harness, inputs: readonly string[]): Promise<string[]> {
  for (const [i, path] of inputs.entries()) {
    const name = `${String(i).padStart(3, '0')}-${basename(path)}`;
    await copyFile(path, join(h.spool, `.${name}.part`));
    await rename(join(h.spool, `.${name}.part`), join(h.spool, name));
  }
  await waitForIdle(h, 240_000);
  return serviceFindings(h);
}

describe('checker, mail service and GitHub review give the same findings (real Redis)', () => {
  const perTest = useHarnessPerTest();

  it('on every series of series-samples/ and every kb-mails/ mail', async () => {
    const inputs = [...(await files('kb-mails', '.eml')), ...(await files('series-samples', '.mbox'))];
    const checker = await checkInputs(inputs, { rules, workers: 0 });
    const h = await perTest.start({ waitMs: 500 });
    const service = await throughService(h, inputs);
    expect(service).toEqual(keys(checker.findings));
    // The comparison is not vacuous: kb-mails/ rows 9, 14 and 19 (at least) get findings.
    expect(service.length).toBeGreaterThanOrEqual(3);

    // GitHub: each mail with a diff of its own as a one-commit pull request.
    let compared = 0;
    for (const path of await files('kb-mails', '.eml')) {
      const seed = await pullFromMail(path, { owner: 'o', repo: 'r', number: 1 }).catch(() => null);
      if (seed === null) continue;
      const pr = await pullRequestMail(snapshotOf(seed));
      const github = reviewPullRequest(snapshotOf(seed), pr, { rules, config: EMPTY_CONFIG }).findings;
      // A PR's mail has a Message-ID of its own: compared without it.
      const own = checker.findings.filter((f) => f.source === path);
      expect(keys(github.map((f) => ({ ...f, messageId: null }))), path).toEqual(
        keys(own.map((f) => ({ ...f, messageId: null }))),
      );
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  }, 300_000);

  // 01's patches name rule triggers; 04's (with replies between them) name none, so only its
  // cover letter can make the service review it.
  it.each([
    ['01-dax-gup-mistake-v1.mbox', '[PATCH 00/13] Fix the DAX-gup mistake'],
    ['04-replies-interleaved-mmap-prepare.mbox', '[PATCH 00/10] convert the majority of file systems to mmap_prepare'],
  ])(
    'on %s with its cover letter making the MAP_SYNC persistence claim: one finding, on the cover, answered there',
    async (sample, coverSubject) => {
      const path = await perTest.writeDerived('cover-claim.mbox', seriesWithCoverClaim(sample));
      const checker = await checkInputs([path], { rules, workers: 0 });
      const cover = checker.series.find((s) => s.cover?.subject.raw === coverSubject)?.cover ?? null;
      expect(checker.findings.map((f) => [f.rule, f.messageId, f.excerpt])).toEqual([
        ['map-sync-is-not-persistence', cover?.messageId, MAP_SYNC_CLAIM],
      ]);
      const h = await perTest.start({ waitMs: 500 });
      expect(await throughService(h, [path])).toEqual(keys(checker.findings));
      // And the service answers it where it was said: one reply, to the cover letter.
      const replies = await Promise.all(
        (await outboxFiles(h.outbox)).map(async (f) => simpleParser(await readFile(join(h.outbox, f)))),
      );
      expect(replies.map((r) => [r.inReplyTo, r.subject])).toEqual([
        [`<${cover?.messageId ?? '?'}>`, `Re: ${coverSubject}`],
      ]);
      expect(replies[0]?.text).toContain('> When the backend is a DAX file');
    },
    120_000,
  );

  it('on a series whose patch 5 removes the pin site patch 2 added: nothing, from every front end', async () => {
    const path = await perTest.writeDerived('fixed-later.mbox', daxGupSeriesFixedLater());
    const checker = await checkInputs([path], { rules, workers: 0 });
    expect(checker.findings).toEqual([]);
    // The derivation is not vacuous: without patch 5's removal, patch 2 has a finding.
    const unfixed = await checkInputs([await perTest.writeDerived('unfixed.mbox', daxGupSeriesWithPinSites([2]))], {
      rules,
      workers: 0,
    });
    expect(unfixed.findings.map((f) => [f.file, f.subject])).toEqual([
      ['drivers/vfio/vfio_iommu_type1.c', checker.series[0]?.patches[1]?.subject.raw],
    ]);
    const h = await perTest.start({ waitMs: 500 });
    expect(await throughService(h, [path])).toEqual([]);
    const reviews = (await completedResults(h, QUEUE.review)) as ReviewSummary[];
    expect(reviews.map((r) => [r.complete, r.patches.length])).toEqual([[true, 13]]);
  }, 120_000);

  it('under limits.seriesPatches: the same patches reviewed, the same ones listed as not reviewed', async () => {
    const path = await perTest.writeDerived('long.mbox', daxGupSeriesWithPinSites([2, 7]));
    const checker = await checkInputs([path], {
      rules,
      workers: 0,
      config: ProjectConfig.parse({ limits: { seriesPatches: 5 } }),
    });
    expect(checker.findings.map((f) => f.subject)).toEqual([checker.series[0]?.patches[1]?.subject.raw]);
    // Patches 6..13 past the limit that a rule would have read (patch 7 with its pin site among them).
    const unreviewed = checker.partial.map((p) => p.reason);
    expect(unreviewed).toContain('not reviewed: patch 7 of 13 is past limits.seriesPatches (5)');
    const h = await perTest.start({ waitMs: 500, extraConfig: ['limits: { seriesPatches: 5 }'] });
    expect(await throughService(h, [path])).toEqual(keys(checker.findings));
    const [review] = (await completedResults(h, QUEUE.review)) as ReviewSummary[];
    expect(review?.partial.map((p) => p.reason)).toEqual(unreviewed);
  }, 120_000);
});
