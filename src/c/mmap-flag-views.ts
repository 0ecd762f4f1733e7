import { expressionAt } from './expression-at.js';
import { lineOf, type CodeFragment } from './fragment.js';
import { isMmapFlagArgument } from './mmap-api.js';
import { resolveOrTerms, type ResolvedOrTerms } from './or-terms.js';
import { findCallSites, hunkUnit, inScopeOf, scopeAssignments } from './scope.js';
import type { Token } from './tokenize.js';

/** The flag sets a MAP_SYNC (or other mmap flag) token ends up in, and the expression it sits in. */
export interface MmapFlagViews {
  readonly views: readonly ResolvedOrTerms[];
  readonly tokens: readonly Token[];
}

const MAPPING_TYPE = ['MAP_SHARED', 'MAP_PRIVATE'];
const explicit = (v: ResolvedOrTerms): boolean => MAPPING_TYPE.some((c) => v.constants.has(c));

/**
 * The flag sets MAP_SYNC at code[index] ends up in: the mmap flags argument it is written in, or
 * the mmap calls its variable feeds; with no visible consumer, a construction that names the
 * mapping type itself (`MAP_SHARED | MAP_SYNC`). A variable handed to any other function (a
 * wrapper such as QEMU's qemu_ram_mmap() that adds MAP_SHARED_VALIDATE) is not judged.
 */
export function mmapFlagViews(fragment: CodeFragment, index: number): MmapFlagViews | null {
  const token = fragment.code[index];
  if (token === undefined) return null;
  const ex = expressionAt(fragment.code, index, hunkUnit(fragment));
  const role = ex.role;
  if (role.kind === 'definition' || role.kind === 'condition') return null;
  if (role.kind === 'argument')
    return isMmapFlagArgument(role.call, role.index)
      ? { views: [resolveOrTerms(ex.tokens, scopeAssignments(fragment, lineOf(fragment, token)))], tokens: ex.tokens }
      : null;
  const line = lineOf(fragment, token);
  const assignments = role.kind === 'define' ? [] : scopeAssignments(fragment, line);
  const base = resolveOrTerms(ex.tokens, assignments);
  // Table entries and other contexts (`{ MAP_SHARED | MAP_SYNC, "…" }`) describe flags rather than request them.
  if (role.kind === 'other') return null;
  if (role.kind !== 'assignment' || base.test)
    return explicit(base) || base.test ? { views: [base], tokens: ex.tokens } : null;
  const name = role.target.replace(/^.*(?:->|\.)/, '');
  const consumers = findCallSites(fragment, () => true).filter(
    (s) =>
      inScopeOf(line, s.line) &&
      s.call.args.some((a) => a.tokens.some((t) => t.text === name) && !a.tokens.includes(token)),
  );
  const mmapArgs = consumers.flatMap((s) =>
    s.call.args.filter((a, k) => isMmapFlagArgument(s.call.name, k) && a.tokens.some((t) => t.text === name)),
  );
  if (mmapArgs.length > 0)
    return { views: mmapArgs.map((a) => resolveOrTerms(a.tokens, assignments)), tokens: ex.tokens };
  if (consumers.length > 0 || !explicit(base)) return null;
  // The target's own resolution includes this assignment and any `|=` next to it.
  return { views: [resolveOrTerms([{ ...token, kind: 'ident', text: role.target }], assignments)], tokens: ex.tokens };
}
