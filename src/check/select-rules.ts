import type { Rule } from '../engine/rule.js';
import type { PatchMail } from '../model/patch-mail.js';
import { mentionsAny } from './parse-one.js';

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
