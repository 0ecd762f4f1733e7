import type { PatchMail } from '../model/patch-mail.js';
import { compareKernel, formatKernel, kernel, parseKernelVersion, type KernelVersion } from './kernel-version.js';
import { kernelInDevelopmentOn, newestKnownKernel } from './release-dates.js';

/** The kernel tree a patch is judged against, and how that was decided. */
export interface TargetEra {
  readonly kernel: KernelVersion;
  /** config: --target / list config; tag: a tree tag in the subject ([PATCH 5.10]); patch: APIs in
   *  the patch's context lines bound it; date: the tree in development on the mail's date. */
  readonly basis: 'config' | 'tag' | 'patch' | 'date' | 'default';
  /** In words, for messages and logs: 'subject tag 4.19', 'context uses pin_user_pages (v5.6+)'. */
  readonly why: string;
}

/** Is the target tree at or after `literal` ('v5.6')? */
export function atLeast(era: TargetEra, literal: string): boolean {
  return compareKernel(era.kernel, kernel(literal)) >= 0;
}

/**
 * APIs whose presence in unchanged (context) or removed lines proves the tree is at least, or
 * at most, some release. Added lines prove nothing: they are what the rules judge.
 */
const EVIDENCE: readonly {
  readonly token: RegExp;
  readonly min?: string;
  readonly max?: string;
  readonly what: string;
}[] = [
  { token: /\bfolio_is_fsdax\b/, min: 'v6.15', what: 'folio_is_fsdax' },
  { token: /\bvaddr_get_pfns\b/, min: 'v5.12', what: 'vaddr_get_pfns' },
  { token: /\bmmap_read_lock\b/, min: 'v5.8', what: 'mmap_read_lock' },
  { token: /\b(?:un)?pin_user_pages?(?:_fast|_remote|_unlocked|_dirty_lock)?\b/, min: 'v5.6', what: 'pin_user_pages' },
  { token: /\bFOLL_LONGTERM\b/, min: 'v5.2', what: 'FOLL_LONGTERM' },
  { token: /\bget_user_pages_longterm\b/, min: 'v4.15', max: 'v5.1', what: 'get_user_pages_longterm' },
  { token: /\bdown_read\(&(?:\w+->)*mmap_sem\)/, max: 'v5.7', what: 'mmap_sem' },
];

/** Context and removed lines of the patch: the tree as it was before the change. */
function existingCode(mail: PatchMail): string {
  const out: string[] = [];
  for (const f of mail.diff) for (const h of f.hunks) for (const l of h.lines) if (l.kind !== 'add') out.push(l.text);
  return out.join('\n');
}

/** A tree named in the subject's tags: `[PATCH 5.10 1/2]`, `[PATCH stable-4.19]`, `[PATCH 4.14.y]`. */
function subjectTree(mail: PatchMail): KernelVersion | null {
  for (const word of [...mail.subject.tags, mail.subject.project ?? '']) {
    const v = parseKernelVersion(word);
    if (v !== null) return v;
  }
  return null;
}

/**
 * Decides the target era: explicit configuration, else a tree tag in the subject, else the
 * mail's date bounded by the APIs its context lines show, else the newest known tree.
 */
export function targetEra(mail: PatchMail, configured: KernelVersion | null = null): TargetEra {
  if (configured) return { kernel: configured, basis: 'config', why: `configured target ${formatKernel(configured)}` };
  const tagged = subjectTree(mail);
  if (tagged) return { kernel: tagged, basis: 'tag', why: `subject names tree ${formatKernel(tagged)}` };
  const byDate = mail.date ? kernelInDevelopmentOn(mail.date) : null;
  let era: KernelVersion = byDate ?? newestKnownKernel();
  let basis: TargetEra['basis'] = byDate ? 'date' : 'default';
  let why = byDate
    ? `mail dated ${mail.date?.slice(0, 10) ?? ''} (${formatKernel(era)} in development)`
    : 'no date: newest tree';
  const code = existingCode(mail);
  for (const e of EVIDENCE) {
    if (!e.token.test(code)) continue;
    if (e.min && compareKernel(era, kernel(e.min)) < 0) {
      era = kernel(e.min);
      basis = 'patch';
      why = `existing code uses ${e.what} (${e.min}+)`;
    }
    if (e.max && compareKernel(era, kernel(e.max)) > 0) {
      era = kernel(e.max);
      basis = 'patch';
      why = `existing code uses ${e.what} (up to ${e.max})`;
    }
  }
  return { kernel: era, basis, why };
}
