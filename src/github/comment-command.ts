/**
 * Finds a `/dax-review <word>` command in a comment's Markdown. A command counts only as a line
 * of its own making (the slash at the start of the line, at most three spaces in, as Markdown
 * allows before a paragraph turns into indented code), outside `>` quotes and fenced code: a
 * reply quoting someone's command, or a how-to showing it in a code block, must not trigger a
 * review. The fence rules follow CommonMark 0.31 §4.5: ``` or ~~~ (3+), closed by a fence of
 * the same character at least as long.
 */

/** The slash command's name; the word after it is configurable (config.command). */
export const COMMAND_PREFIX = '/dax-review';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const QUOTE = /^ {0,3}>/;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when `body` holds `/dax-review <command>` as a command line (see the file header). */
export function hasCommentCommand(body: string, command: string): boolean {
  const wanted = new RegExp(`^ {0,3}${escapeRegExp(COMMAND_PREFIX)}[ \\t]+${escapeRegExp(command)}(?:[ \\t]|$)`, 'i');
  let fence: string | null = null;
  for (const line of body.split(/\r\n|\r|\n/)) {
    const opener = FENCE.exec(line)?.[1];
    if (fence !== null) {
      // A closing fence: same character, at least as long, nothing after it but spaces.
      if (opener?.startsWith(fence) === true && line.trim() === opener) fence = null;
      continue;
    }
    if (opener !== undefined) {
      fence = opener;
      continue;
    }
    if (QUOTE.test(line)) continue;
    if (wanted.test(line)) return true;
  }
  return false;
}
