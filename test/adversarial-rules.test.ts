/**
 * Hostile lines for every rule's triggers: 100k-character lines of bait (unclosed parentheses,
 * repeated commas, nested comments, long identifiers) after each trigger word, through the real
 * parser and the whole rule catalog. Before the call-length bound and the fragment cache, 1000
 * lines of `pin_user_pages(((…` took 37 s and 3.4 GB, and a line of unclosed `/*` 10 s in a comment regex; each case here must end well inside its
 * generous timeout, with no rule crashing.
 */
import { describe, expect, it } from 'vitest';
import { rulesFor } from '../src/pipeline/prefilter.js';
import { runRules } from '../src/engine/run-rules.js';
import { parseMessage } from '../src/mail/parse-message.js';
import { rules } from '../rules/index.js';
import { inlineMail } from './helpers/inline-mail.js';

const LINE = 100_000;

/** Repeats `unit` up to about LINE characters. */
const fill = (unit: string): string => unit.repeat(Math.ceil(LINE / unit.length));

const BAITS: Record<string, (word: string) => string> = {
  'unclosed parens': (w) => `${w}(${fill('(')}`,
  'nested unclosed calls': (w) => fill(`${w}(`),
  'repeated commas': (w) => `${w}(${fill(',')}`,
  'nested comments': (w) => `${w}(${fill('/* (')}`,
  'long identifier': (w) => `${w}(${fill('a')}, ${fill('FOLL_')})`,
};

/** A trigger naming a path becomes the file; a word trigger is the bait's call name. */
function caseFor(trigger: string): { file: string; word: string } {
  if (!trigger.includes('/') && !trigger.endsWith('.c')) return { file: 'mm/gup.c', word: trigger.replace(/\W/g, '_') };
  return { file: trigger.endsWith('/') ? `${trigger}pages.c` : trigger, word: 'pin_user_pages' };
}

// One trigger per rule (its first): every rule's own entry point, in a count `npm test` affords.
const cases = [...new Set(rules.flatMap((r) => r.meta.triggers?.slice(0, 1) ?? []))].flatMap((trigger) =>
  Object.keys(BAITS).map((bait) => ({ trigger, bait })),
);

describe('rules on adversarial lines', () => {
  it.each(cases)(
    '$trigger: $bait',
    async ({ trigger, bait }) => {
      const { file, word } = caseFor(trigger);
      const make = BAITS[bait];
      if (make === undefined) throw new Error(`no bait ${bait}`);
      const lines = [make(word)];
      const raw = inlineMail({
        subject: `[PATCH] ${trigger}`,
        diff: [
          `diff --git a/${file} b/${file}`,
          `--- a/${file}`,
          `+++ b/${file}`,
          `@@ -1,1 +1,${lines.length + 1} @@`,
          ' ctx',
          ...lines.map((l) => `+${l}`),
        ],
      });
      const patch = await parseMessage(Buffer.from(raw), `${trigger}.eml`);
      expect(patch.diff[0]?.additions).toBe(lines.length);
      const result = runRules(rulesFor(rules, patch), { patch, series: null });
      expect(result.crashes).toEqual([]);
    },
    20_000,
  );
});
