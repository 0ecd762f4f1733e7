/**
 * One finding → the body of one PR review comment: what is wrong, the code at issue, the
 * sources, the rule's documentation, and a hidden marker with the finding's fingerprint. The
 * marker is how a later push recognises comments already made (not repeated) and threads whose
 * finding has gone (resolved): reviewdog's fingerprint comment, as an HTML comment GitHub
 * does not show.
 */
import { findingFingerprint } from '../model/finding-fingerprint.js';
import type { Finding } from '../model/finding.js';
import { codeFence, escapeMarkdown, markdownLink } from './markdown-escape.js';

/** Ours is always the body's last line: a marker quoted earlier (in a code excerpt) is not it. */
const MARKER = /<!-- dax-review:fingerprint=([0-9a-f]{16,64}) -->\s*$/;

/** The hidden marker carrying a fingerprint (hex, from findingFingerprint). */
export function fingerprintMarker(fingerprint: string): string {
  if (!/^[0-9a-f]{16,64}$/.test(fingerprint)) throw new RangeError(`not a finding fingerprint: ${fingerprint}`);
  return `<!-- dax-review:fingerprint=${fingerprint} -->`;
}

/** The fingerprint in a comment body of ours, or null when the body carries no marker. */
export function parseFingerprint(body: string): string | null {
  return MARKER.exec(body)?.[1] ?? null;
}

/** The Markdown body of the review comment for one finding. */
export function renderReviewComment(finding: Finding): string {
  const parts = [
    `**${markdownLink(finding.rule, finding.docsUrl)}** (${finding.severity}): ${escapeMarkdown(finding.message)}`,
  ];
  if (finding.excerpt !== null && finding.excerpt.trim() !== '')
    parts.push(
      codeFence(
        finding.excerpt,
        finding.file?.endsWith('.c') === true || finding.file?.endsWith('.h') === true ? 'c' : '',
      ),
    );
  if (finding.citations.length > 0) {
    parts.push(['See:', ...finding.citations.map((c) => `- ${markdownLink(c.title, c.url)}`)].join('\n'));
  }
  parts.push(`<sub>dax-review · ${markdownLink(`about ${finding.rule}`, finding.docsUrl)}</sub>`);
  parts.push(fingerprintMarker(findingFingerprint(finding)));
  return parts.join('\n\n');
}
