import type { Finding } from '../model/finding.js';
import type { PatchMail } from '../model/patch-mail.js';
import type { Series } from '../model/series.js';

const squash = (s: string): string => s.replace(/\s+/g, '');

/** Does `later` remove the code the finding quotes, in the same file? */
function removes(later: PatchMail, finding: Finding): boolean {
  const code = squash(finding.excerpt ?? '');
  if (code === '' || finding.file === null) return false;
  for (const file of later.diff) {
    if (file.oldPath !== finding.file && file.path !== finding.file) continue;
    for (const hunk of file.hunks) {
      // Joined per hunk: the quoted call may span several removed lines.
      const removed = squash(
        hunk.lines
          .filter((l) => l.kind === 'del')
          .map((l) => l.text)
          .join(''),
      );
      if (removed.includes(code)) return true;
    }
  }
  return false;
}

/**
 * Series awareness: a problem introduced by patch i and removed again by a later patch j > i
 * of the same series is not reported (the series as a whole does not have it). A finding keeps
 * naming the patch that introduced it. Findings on prose, or outside a series, are kept.
 */
export function dropFixedLater(findings: readonly Finding[], seriesOfSource: ReadonlyMap<string, Series>): Finding[] {
  return findings.filter((f) => {
    const series = seriesOfSource.get(f.source);
    if (!series) return true;
    const index = series.patches.findIndex((p) => p.source === f.source);
    if (index === -1) return true;
    return !series.patches.slice(index + 1).some((later) => removes(later, f));
  });
}
