/** Parts of a minimal inline patch mail for rule tests. */
export interface InlineMail {
  /** The whole Subject header, tags included (`[PATCH] …`, `Re: …`). */
  readonly subject: string;
  /** RFC 2822 date; it sets the era the rules judge by. */
  readonly date?: string;
  /** Commit message body (above the trailers). */
  readonly body?: string;
  /** Unified diff lines (`diff --git …` onwards); absent for a cover letter. */
  readonly diff?: readonly string[] | string;
  /** Message-ID (without <>) of the mail this one answers: a series member's cover letter. */
  readonly inReplyTo?: string;
}

/** The Message-ID (without <>) inlineMail gives a mail with this Subject header. */
export function inlineMessageId(subject: string): string {
  return `inline-${subject.replace(/\W+/g, '-')}@dax-review.invalid`;
}

/** Builds a `git format-patch`-shaped mail around one diff (or a cover letter), for inline RuleTester cases. */
export function inlineMail(m: InlineMail): string {
  const thread = m.inReplyTo === undefined ? [] : [`In-Reply-To: <${m.inReplyTo}>`, `References: <${m.inReplyTo}>`];
  const diff = m.diff === undefined ? [] : ['---', typeof m.diff === 'string' ? m.diff : m.diff.join('\n')];
  return [
    'From: Dax Review Fixtures <fixtures@dax-review.invalid>',
    `Subject: ${m.subject}`,
    `Date: ${m.date ?? 'Mon, 1 Jul 2024 10:00:00 +0000'}`,
    `Message-ID: <${inlineMessageId(m.subject)}>`,
    ...thread,
    '',
    m.body ?? 'Inline test mail.',
    '',
    'Signed-off-by: Dax Review Fixtures <fixtures@dax-review.invalid>',
    ...diff,
    '-- ',
    '2.43.0',
    '',
  ].join('\n');
}
