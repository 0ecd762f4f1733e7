import { findAssignments } from '../../src/c/find-assignments.js';
import { findIfStatements, type IfStatement } from '../../src/c/find-if.js';
import { lineOf, type CodeFragment } from '../../src/c/fragment.js';
import { MMAP_FLAG_ARGUMENT } from '../../src/c/mmap-api.js';
import { resolveOrTerms } from '../../src/c/or-terms.js';
import { findCallSites, hunkUnit, inScopeOf, scopeAssignments, type CallSite } from '../../src/c/scope.js';
import type { Token } from '../../src/c/tokenize.js';

/**
 * A retry after a failed MAP_SYNC mapping (docs/knowledge/map-sync.md, "Fallbacks"): an mmap that asks for MAP_SYNC,
 * then, under a failure check, a second mmap of the same fd without it.
 */
export interface SyncFallback {
  readonly syncCall: CallSite;
  readonly retry: CallSite;
  /** Report calls (warn/error/log) that run on every path reaching the retry. */
  readonly reports: readonly Token[];
  /** Report calls that run only for some errno values, and those values (ENOTSUP …). */
  readonly gatedErrnos: readonly string[];
  /** The downgrade is recorded for the caller (`*map_sync = 0`, `is_pmem = false`). */
  readonly recorded: boolean;
  /** Tokens that make up the fallback: both calls, the guards and the reports (for change checks). */
  readonly tokens: readonly Token[];
}

/** Calls that tell a user or a log something: warn_report, fprintf, pr_warn, log.Printf, warn!( … (broad on purpose). */
const REPORT = /warn|err|log|print|report|notice|info|panic|abort|fatal|trace|msg|puts|syslog|emit|fail/i;
// …but not string builders.
const STRING_BUILDER = /^(?:v?sn?printf|v?asprintf|g_strdup_v?printf|strerror\w*|g_strerror)$/;
const FAILURE = /^(?:MAP_FAILED|errno|E[A-Z0-9]+)$/;
// Assignments that record the downgrade: `*map_sync = 0`, `is_pmem = false`, `s->degraded = true`.
const RECORD_TARGET = /sync|pmem|persist|dax|fallback|degrad/i;

const mmapFlags = (site: CallSite): readonly Token[] | undefined =>
  site.call.args[MMAP_FLAG_ARGUMENT.get(site.call.name) ?? -1]?.tokens;
/** The fd argument: mmap(addr, len, prot, flags, fd, off) and Go's Mmap(fd, …). */
const fdArg = (site: CallSite): string | undefined =>
  site.call.args[site.call.name === 'Mmap' ? 0 : 4]?.text.replace(/\s+/g, '');

function carriesSync(fragment: CodeFragment, site: CallSite): boolean | null {
  const flags = mmapFlags(site);
  if (flags === undefined) return null;
  const v = resolveOrTerms(flags, scopeAssignments(fragment, site.line));
  return v.constants.has('MAP_SYNC') && !v.cleared.has('MAP_SYNC');
}

const within = (s: IfStatement, t: Token): boolean => s.body.includes(t) || s.elseBody.includes(t);

/** The sync mmap → retry pairs of a fragment with what each reports on the way. */
export function syncFallbacks(fragment: CodeFragment): SyncFallback[] {
  const unit = hunkUnit(fragment);
  const sites = findCallSites(fragment, (n) => MMAP_FLAG_ARGUMENT.has(n)).filter((s) => s.call.complete);
  const ifs = findIfStatements(fragment.code, unit);
  const guards = (t: Token): IfStatement[] => ifs.filter((s) => within(s, t));
  const index = new Map(fragment.code.map((t, k) => [t, k]));
  const pos = (t: Token): number => index.get(t) ?? -1;
  const out: SyncFallback[] = [];
  for (const sync of sites.filter((s) => carriesSync(fragment, s) === true)) {
    const result = [/(\w+)\s*=\s*[\w:.]*mmap\w*\s*\(/i.exec(sync.line.text)?.[1]].filter((r) => r !== undefined);
    const start = pos(sync.call.nameToken);
    const retry = sites.find(
      (r) =>
        pos(r.call.nameToken) > start &&
        r.line.hunk === sync.line.hunk &&
        inScopeOf(sync.line, r.line) &&
        carriesSync(fragment, r) === false &&
        fdArg(r) === fdArg(sync) &&
        guards(r.call.nameToken).some((g) => g.condition.some((t) => FAILURE.test(t.text) || result.includes(t.text))),
    );
    if (retry === undefined) continue;
    const retryGuards = guards(retry.call.nameToken);
    const region = fragment.code.filter(
      (t) => pos(t) > start && unit(t) === unit(retry.call.nameToken) && inScopeOf(sync.line, lineOf(fragment, t)),
    );
    const covering = (t: Token): boolean => guards(t).every((g) => retryGuards.includes(g));
    const reportTokens = region.filter(
      (t, k) =>
        t.kind === 'ident' &&
        REPORT.test(t.text) &&
        !STRING_BUILDER.test(t.text) &&
        (region[k + 1]?.text === '(' || (region[k + 1]?.text === '!' && region[k + 2]?.text === '(')) &&
        !MMAP_FLAG_ARGUMENT.has(t.text),
    );
    const reports = reportTokens.filter(covering);
    const gated = reportTokens
      .filter((t) => !covering(t))
      .flatMap((t) => guards(t).filter((g) => !retryGuards.includes(g)))
      .flatMap((g) => g.condition.filter((t) => /^E[A-Z0-9]+$/.test(t.text)).map((t) => t.text));
    const recorded = findAssignments(region, unit).some((a) => covering(a.targetToken) && RECORD_TARGET.test(a.target));
    const tokens = [
      ...sync.call.tokens,
      ...retry.call.tokens,
      ...retryGuards.flatMap((g) => g.condition),
      ...reportTokens,
    ];
    out.push({ syncCall: sync, retry, reports, gatedErrnos: [...new Set(gated)], recorded, tokens });
  }
  return out;
}
