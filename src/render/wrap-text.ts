/** Greedy word wrap at `width` columns; words longer than a line stay whole (URLs, paths). */
export function wrapText(text: string, width = 72, indent = ''): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line !== '' && indent.length + line.length + 1 + word.length > width) {
        out.push(indent + line);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    // A blank line keeps a quote's '>' (indent '> '): an unquoted blank would end the quote early.
    out.push(line === '' ? indent.trimEnd() : indent + line);
  }
  return out;
}
