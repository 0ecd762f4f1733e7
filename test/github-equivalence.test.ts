/**
 * "The same input gives the same findings" (issue 5), over every real patch we have: each
 * kb-mails/ and relevant/ mail with a diff is turned into the pull request GitHub would show for
 * it (files-API patches, one commit), reviewed the GitHub way (the rebuilt patch mail through
 * the same engine), and compared with `dax-review check` on the mail itself: same rules, files,
 * lines and sides. No network: the snapshot is what fetchPullRequest would return.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { checkInputs } from '../src/check/check-inputs.js';
import { EMPTY_CONFIG } from '../src/config/project-config.js';
import { pullRequestMail } from '../src/github/pull-request-mail.js';
import { reviewPullRequest } from '../src/github/review-pull-request.js';
import type { Finding } from '../src/model/finding.js';
import { pullFromMail } from './helpers/github/pull-from-mail.js';
import { snapshotOf } from './helpers/github/snapshot-of.js';

const corpus = (dir: string): string => fileURLToPath(new URL(`./fixtures/corpus/${dir}/`, import.meta.url));
const mails = ['kb-mails', 'relevant'].flatMap((dir) =>
  readdirSync(corpus(dir))
    .filter((f) => f.endsWith('.eml'))
    .map((f) => `${corpus(dir)}${f}`),
);

const key = (f: Pick<Finding, 'rule' | 'file' | 'line' | 'side'>): string =>
  `${f.rule} ${f.file ?? '-'}:${String(f.line)}:${f.side ?? '-'}`;

describe('a patch reviewed as mail and as a pull request gives the same findings', () => {
  it(`holds for every kb-mails/ and relevant/ mail with a diff (${String(mails.length)} mails)`, async () => {
    const report = await checkInputs(mails, { rules, workers: 0 });
    let compared = 0;
    let withFindings = 0;
    for (const path of mails) {
      const seed = await pullFromMail(path, { owner: 'o', repo: 'r', number: 1 }).catch(() => null);
      if (seed === null) continue; // no diff of its own: nothing a pull request could carry
      const mailFindings = report.findings
        .filter((f) => f.source === path || f.source.startsWith(`${path}#`))
        .map(key)
        .sort();
      const pr = await pullRequestMail(snapshotOf(seed));
      const review = reviewPullRequest(snapshotOf(seed), pr, { rules, config: EMPTY_CONFIG });
      expect(review.crashes, path).toEqual([]);
      expect(review.findings.map(key).sort(), path).toEqual(mailFindings);
      compared++;
      if (mailFindings.length > 0) withFindings++;
    }
    // The comparison covered the corpus, findings included (kb rows 9, 14 and 19 fire).
    expect(compared).toBeGreaterThan(200);
    expect(withFindings).toBeGreaterThanOrEqual(3);
  });
});
