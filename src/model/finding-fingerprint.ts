import { createHash } from 'node:crypto';
import type { Finding } from './finding.js';

/**
 * A finding's stable identity: rule, file, the function it sits in and the code (or sentence)
 * at issue with white space squashed. Line numbers are left out on purpose, so the same problem
 * keeps its identity when a new version of the patch moves it (reviewdog's fingerprint idea);
 * the function is in, so the same line in another function is another finding.
 */
export function findingFingerprint(f: Pick<Finding, 'rule' | 'file' | 'symbol' | 'excerpt' | 'message'>): string {
  const code = (f.excerpt ?? f.message).replace(/\s+/g, ' ').trim();
  return createHash('sha256')
    .update([f.rule, f.file ?? '', f.symbol ?? '', code].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
