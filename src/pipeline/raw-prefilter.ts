/**
 * The rule prefilter on raw bytes: can any trigger occur in the mail's text? It answers "no"
 * only when mentionsAny (src/check/parse-one.ts) on the whole parse would: every trigger is
 * searched in every view of the message (src/pipeline/raw-views.ts), a superset of the subject,
 * commit message, notes and diff that mentionsAny reads. Quoted replies, signatures and other
 * text mentionsAny does not read make it say "yes" more often than needed, never less.
 */
import { declaredCharsets } from '../mail/declared-charsets.js';
import { readRawMail } from '../mail/raw-mail.js';
import { rawViews, type RawViews } from './raw-views.js';

/** One regular expression for all triggers: a native scan instead of one `includes` per trigger. */
export type TriggerMatcher = RegExp;

const matchers = new WeakMap<readonly string[], TriggerMatcher>();

/** The matcher of a trigger list (cached per list). */
export function triggerMatcher(triggers: readonly string[]): TriggerMatcher {
  let m = matchers.get(triggers);
  if (m === undefined) {
    // An empty list matches nothing (`(?!)`), like mentionsAny with no triggers.
    const alternatives = triggers.map((t) => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
    m = new RegExp(alternatives.length === 0 ? '(?!)' : alternatives.join('|'));
    matchers.set(triggers, m);
  }
  return m;
}

/** Does a trigger occur in some view? */
export function viewsMention(views: RawViews, matcher: TriggerMatcher): boolean {
  return views.bodies.some((b) => matcher.test(b)) || views.headers.some((h) => matcher.test(h));
}

/** Can a trigger occur in the mail's text? True when unsure (see rawViews). */
export function rawMayMention(raw: Buffer, triggers: readonly string[]): boolean {
  const views = rawViews(readRawMail(raw), declaredCharsets(raw));
  return views === null || viewsMention(views, triggerMatcher(triggers));
}
