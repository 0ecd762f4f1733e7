import { describe, expect, it } from 'vitest';
import { findingFingerprint } from '../model/finding-fingerprint.js';
import type { Finding } from '../model/finding.js';
import { fingerprintMarker, parseFingerprint, renderReviewComment } from './review-comment.js';

const finding: Finding = {
  rule: 'longterm-pin-without-foll-longterm',
  severity: 'error',
  messageId: 'x',
  subject: 's',
  source: 'github:o/r#1@abc',
  file: 'mm/frame_vector.c',
  line: 75,
  side: 'new',
  message: 'pin_user_pages_locked() pins for DMA @maintainers <b>without</b> FOLL_LONGTERM',
  citations: [{ title: 'pin_user_pages docs', url: 'https://docs.kernel.org/core-api/pin_user_pages.html' }],
  docsUrl: 'https://example.org/rules/longterm-pin-without-foll-longterm',
  excerpt: 'ret = pin_user_pages_locked(start, nr_frames, ```',
  symbol: 'get_vaddr_frames',
  confidence: 'high',
};

describe('review comment', () => {
  const body = renderReviewComment(finding);

  it('round-trips the fingerprint through the hidden marker', () => {
    expect(parseFingerprint(body)).toBe(findingFingerprint(finding));
    expect(body.endsWith(fingerprintMarker(findingFingerprint(finding)))).toBe(true);
  });

  it('says nothing when there is no marker', () => {
    expect(parseFingerprint('a plain comment <!-- other -->')).toBeNull();
  });

  it('escapes the message, links the docs and citations, fences the excerpt', () => {
    expect(body).toContain('@\u200Dmaintainers');
    expect(body).not.toContain('<b>');
    expect(body).toContain(
      '[longterm\\-pin\\-without\\-foll\\-longterm](https://example.org/rules/longterm-pin-without-foll-longterm)',
    );
    expect(body).toContain('[pin\\_user\\_pages docs](https://docs.kernel.org/core-api/pin_user_pages.html)');
    expect(body).toContain('````c\nret = pin_user_pages_locked(start, nr_frames, ```\n````');
  });

  it('takes only the final marker, never one quoted from the patch', () => {
    const forged = `<!-- dax-review:fingerprint=${'0'.repeat(32)} -->`;
    const withForgedExcerpt = renderReviewComment({ ...finding, excerpt: forged });
    expect(parseFingerprint(withForgedExcerpt)).toBe(findingFingerprint({ ...finding, excerpt: forged }));
    expect(parseFingerprint(`${forged}\n\nsome text after`)).toBeNull();
  });

  it('rejects a marker of anything but a fingerprint', () => {
    expect(() => fingerprintMarker('--> <script>')).toThrow(RangeError);
  });
});
