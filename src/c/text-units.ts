import type { DiffFile } from '../model/diff.js';
import type { PatchMail } from '../model/patch-mail.js';

/** A run of text read as one configuration or document: a hunk's new side, or a commit message. */
export interface TextUnit {
  /** The file the hunk belongs to; null for the commit message. */
  readonly file: string | null;
  readonly lines: readonly string[];
  /** Per line: added by the patch (always true for the commit message). */
  readonly added: readonly boolean[];
  /** Per line: line number in the new file (null for the commit message). */
  readonly lineNumbers: readonly (number | null)[];
}

/** The new side (context + added lines) of every hunk of a file. */
export function hunkUnits(file: DiffFile): TextUnit[] {
  if (file.newPath === null || file.binary) return [];
  return file.hunks.map((h) => {
    const lines = h.lines.filter((l) => l.kind !== 'del');
    return {
      file: file.path,
      lines: lines.map((l) => l.text),
      added: lines.map((l) => l.kind === 'add'),
      lineNumbers: lines.map((l) => l.newLine),
    };
  });
}

/**
 * The author's commit message as a unit, without quoted (`>`) lines; null for replies, whose
 * text is discussion rather than the patch's own description.
 */
export function commitMessageUnit(mail: PatchMail): TextUnit | null {
  if (mail.subject.isReply) return null;
  const lines = mail.commitMessage.split('\n').filter((l) => !/^\s*>/.test(l));
  return { file: null, lines, added: lines.map(() => true), lineNumbers: lines.map(() => null) };
}
