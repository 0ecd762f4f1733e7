/**
 * Escaping of user text (commit prose, code, file names: all of it written by whoever opened
 * the pull request) before it goes into GitHub Markdown, so that a comment of ours can never
 * ping people, link issues, inject HTML or change the page's structure.
 *
 * - `@name` and `@org/team`: a zero-width joiner after the `@` (GitHub mentions need the name
 *   right after it; the text still reads the same);
 * - `#123`, `GH-123`, `owner/repo#123`: a zero-width joiner breaks the auto-link the same way;
 * - HTML tags and entities (`<img src=x onerror=…>`, `&lt;`): `<`, `>` and `&` become entities,
 *   which GitHub shows as the characters themselves;
 * - Markdown specials (`*`, `_`, `[`, `` ` ``, `|` …): backslash-escaped, CommonMark's escape for
 *   any ASCII punctuation (https://spec.commonmark.org/0.31.2/#backslash-escapes).
 */

const ZWJ = '\u200D';

/** ASCII punctuation that means something to CommonMark or GFM (tables, strikethrough, autolinks). */
const SPECIALS = /[\\`*_{}[\]()#+\-.!|~]/g;

/** Breaks the mention and issue-reference auto-links (run before any other escaping). */
function breakAutoLinks(text: string): string {
  return text
    .replace(/@(?=[A-Za-z0-9_-])/g, `@${ZWJ}`)
    .replace(/#(?=\d)/g, `#${ZWJ}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1${ZWJ}-`);
}

/**
 * User text as inline Markdown that renders as exactly that text. Line breaks are kept; use
 * {@link escapeTableCell} inside a table.
 */
export function escapeMarkdown(text: string): string {
  return breakAutoLinks(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(SPECIALS, (c) => `\\${c}`);
}

/**
 * {@link escapeMarkdown} on one line: a line break would end the table row. A bare CR ends a
 * line for CommonMark too, and U+2028/U+2029 for some renderers, so all of them become spaces.
 */
export function escapeTableCell(text: string): string {
  return escapeMarkdown(text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim());
}

/** The longest run of `char` in `text`. */
function longestRun(text: string, char: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/**
 * Code in a fenced block whose fence is longer than any backtick run inside it, so no line of
 * the code can close it (CommonMark: a closing fence is at least as long as the opening one).
 * The info string is kept to a plain language word.
 */
export function codeFence(code: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(code, '`') + 1));
  const info = /^[A-Za-z0-9_+-]*$/.test(language) ? language : '';
  return `${fence}${info}\n${code.replace(/\r?\n$/, '')}\n${fence}`;
}

/**
 * A URL safe as a Markdown link target: http(s) only (no `javascript:`), with the characters
 * that would end the target percent-encoded. null when it is not such a URL.
 */
export function safeLinkUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  return parsed.href.replace(/[()<>\s"']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[text](url)` with the text escaped, or the escaped text alone when the URL is unusable. */
export function markdownLink(text: string, url: string): string {
  const href = safeLinkUrl(url);
  return href === null ? escapeMarkdown(text) : `[${escapeMarkdown(text)}](${href})`;
}
