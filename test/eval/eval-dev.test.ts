/**
 * The dev split of the evaluation sets (test/eval/dev) must not get worse than its recorded
 * baseline: per rule, precision and recall at least the baseline's. Reads only the dev split.
 * The case files are built from public git histories (npm run eval:cases); without them the
 * suite is skipped, and says so.
 */
import { describe, expect, it } from 'vitest';
import { readBaseline } from './baseline.js';
import { casesPresent, readLabels, readSources } from './eval-files.js';
import { precision, recall, scoreSplit, type RuleCounts, type SplitScore } from './score.js';
import { splitOf } from './split.js';

const present = casesPresent('dev');
if (!present) console.warn('test/eval/dev/cases missing: run npm run eval:cases (eval-dev skipped)');

/** No prediction is no false positive: an unmeasured precision counts as 1. */
const precisionOrOne = (c: RuleCounts): number => precision(c) ?? 1;

describe('eval: dev split', () => {
  it('every dev case is labelled, and hashes to dev', () => {
    const sources = readSources('dev');
    expect(
      readLabels('dev')
        .map((l) => l.file)
        .sort(),
    ).toEqual(sources.map((s) => s.file).sort());
    expect(sources.filter((s) => splitOf(s.source) !== 'dev')).toEqual([]);
  });

  describe.skipIf(!present)('figures', () => {
    const baseline = readBaseline();
    let scoring: Promise<SplitScore> | undefined;
    const scored = (): Promise<SplitScore> => (scoring ??= scoreSplit('dev'));

    it('scores every case of the baseline', async () => {
      expect((await scored()).cases.length).toBeGreaterThanOrEqual(baseline.cases);
    });

    it.each(Object.keys(baseline.perRule).sort())(
      '%s: precision and recall not below the baseline',
      async (id) => {
        const now = (await scored()).perRule[id] ?? { tp: 0, fp: 0, fn: 0 };
        const was = baseline.perRule[id]!;
        expect(
          precisionOrOne(now),
          `precision of ${id}: now ${JSON.stringify(now)}, baseline ${JSON.stringify(was)}`,
        ).toBeGreaterThanOrEqual(precisionOrOne(was));
        const wasRecall = recall(was);
        if (wasRecall !== null) expect(recall(now) ?? 0, `recall of ${id}`).toBeGreaterThanOrEqual(wasRecall);
      },
      60_000,
    );

    it('overall precision and recall not below the baseline', async () => {
      const now = (await scored()).total;
      expect(precisionOrOne(now)).toBeGreaterThanOrEqual(precisionOrOne(baseline.total));
      expect(recall(now) ?? 0).toBeGreaterThanOrEqual(recall(baseline.total) ?? 0);
    });
  });
});
