/**
 * The words of a comment token, one entry per source line, without the comment syntax:
 *   "/*\n * MAP_SYNC on a dax mapping …\n *\/" → ['', 'MAP_SYNC on a dax mapping …', '']
 *   "// retry without MAP_SYNC"              → ['retry without MAP_SYNC']
 * Line count is preserved so callers can map text back to diff lines.
 */
export function commentLines(comment: string): string[] {
  if (comment.startsWith('//')) return [comment.replace(/^\/\/+!?\s?/, '').trimEnd()];
  const body = comment.replace(/^\/\*+!?/, '').replace(/\*+\/$/, '');
  return body.split('\n').map((l) => l.replace(/^\s*\*+(?!\/)\s?/, '').trim());
}

/**
 * The text of a C string literal without quotes, escapes turned into spaces or their character:
 * '"can\'t map with MAP_SYNC\\n"' → "can't map with MAP_SYNC ".
 */
export function stringLiteralText(literal: string): string {
  const inner = literal.replace(/^(?:u8|[uUL])?"/, '').replace(/"$/, '');
  return inner.replace(/\\([nt])/g, ' ').replace(/\\(.)/g, '$1');
}
