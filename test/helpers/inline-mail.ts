/** Parts of a minimal inline patch mail for rule tests. */
export interface InlineMail {
  /** The whole Subject header, tags included (`[PATCH] …`, `Re: …`). */
  readonly subject: string;
  /** RFC 2822 date; it sets the era the rules judge by. */
  readonly date?: string;
  /** Commit message body (above the trailers). */
  readonly body?: string;
  /** Unified diff lines (`diff --git …` onwards). */
  readonly diff: readonly string[] | string;
}

/** Builds a `git format-patch`-shaped mail around one diff, for inline RuleTester cases. */
export function inlineMail(m: InlineMail): string {
  return [
    'From: Dax Review Fixtures <fixtures@dax-review.invalid>',
    `Subject: ${m.subject}`,
    `Date: ${m.date ?? 'Mon, 1 Jul 2024 10:00:00 +0000'}`,
    `Message-ID: <inline-${m.subject.replace(/\W+/g, '-')}@dax-review.invalid>`,
    '',
    m.body ?? 'Inline test mail.',
    '',
    'Signed-off-by: Dax Review Fixtures <fixtures@dax-review.invalid>',
    '---',
    typeof m.diff === 'string' ? m.diff : m.diff.join('\n'),
    '-- ',
    '2.43.0',
    '',
  ].join('\n');
}
