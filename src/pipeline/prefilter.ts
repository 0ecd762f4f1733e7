/**
 * The rule prefilter: a rule looks at a mail only when the mail's own text names one of its
 * triggers (RuleMeta.triggers), so most of a list is never read past its headers. The same
 * decision for every front end: the checker and the service's ingest slim the mails no rule can
 * fire on, and reviewPatches runs on each mail only the rules it lets through.
 */
import type { Rule } from '../engine/rule.js';
import type { PatchMail } from '../model/patch-mail.js';

/** Does any of the trigger strings occur in the mail's own text? */
export function mentionsAny(mail: PatchMail, triggers: readonly string[]): boolean {
  const texts = [mail.subject.raw, mail.commitMessage, mail.notes, mail.diffText ?? ''];
  return triggers.some((t) => texts.some((x) => x.includes(t)));
}

/** Every trigger of every rule, or null when some rule has none (then every mail is kept whole). */
export function triggerUnion(rules: readonly Rule[]): string[] | null {
  const all = new Set<string>();
  for (const r of rules) {
    if (r.meta.triggers === undefined) return null;
    r.meta.triggers.forEach((t) => all.add(t));
  }
  return [...all];
}

/** The rules whose prefilter lets them look at this mail. */
export function rulesFor(rules: readonly Rule[], mail: PatchMail): Rule[] {
  return rules.filter((r) => r.meta.triggers === undefined || mentionsAny(mail, r.meta.triggers));
}
