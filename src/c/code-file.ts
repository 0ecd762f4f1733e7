import type { DiffFile } from '../model/diff.js';
import type { Side } from '../model/finding.js';

/**
 * Source the C lexer reads faithfully: C and C++ (kernel, QEMU, ndctl, libpmem users), plus Rust
 * and Go, whose MAP_SYNC users share the call and flag syntax the rules look for.
 */
const CODE_PATH = /\.(?:[ch]|cc|cpp|cxx|hh|hpp|rs|go)$/;

/** Whether a path names a source file (C, C++, Rust, Go) rather than docs, build files or assembly. */
export function isCodePath(path: string): boolean {
  return CODE_PATH.test(path);
}

/**
 * Whether a rule reading code sees anything of `file` on `side`: a text diff with hunks, present
 * on that side (not deleted for 'new', not created for 'old'), and a source file.
 */
export function isCodeFile(file: DiffFile, side: Side): boolean {
  const present = side === 'new' ? file.newPath !== null : file.oldPath !== null;
  return present && !file.binary && file.hunks.length > 0 && isCodePath(file.path);
}
