/**
 * The raw prefilter and the headers-only parse against the whole parse, over every mail of the
 * fixture corpus (edge/, kb-mails/, relevant/, series-samples/):
 * - rawMayMention never says no where mentionsAny on the whole parse says yes: for the rule
 *   triggers, and for words taken from the very texts mentionsAny reads (so that each mail
 *   is searched for strings it does contain, wherever its encoding hides them);
 * - where parseIfQuiet answers, its hasDiff is the whole parse's and its mail is the slimmed (slimMail)
 *   whole parse in every field but the warnings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { mentionsAny, triggerUnion } from '../src/pipeline/prefilter.js';
import { splitMbox } from '../src/input/mbox.js';
import { parseMessage } from '../src/mail/parse-message.js';
import type { PatchMail } from '../src/model/patch-mail.js';
import { parseIfQuiet } from '../src/pipeline/quiet-parse.js';
import { rawMayMention } from '../src/pipeline/raw-prefilter.js';
import { slimMail } from '../src/queue/message-store.js';

const CORPUS = new URL('./fixtures/corpus/', import.meta.url);

function corpusMails(): { source: string; raw: Buffer }[] {
  const out: { source: string; raw: Buffer }[] = [];
  for (const dir of ['edge', 'kb-mails', 'relevant', 'series-samples']) {
    for (const name of readdirSync(new URL(`${dir}/`, CORPUS)).sort()) {
      const bytes = readFileSync(new URL(`${dir}/${name}`, CORPUS));
      if (name.endsWith('.eml')) out.push({ source: `${dir}/${name}`, raw: bytes });
      else if (name.endsWith('.mbox') || name.endsWith('.mbox.gz')) {
        splitMbox(name.endsWith('.gz') ? gunzipSync(bytes) : bytes).forEach((raw, i) =>
          out.push({ source: `${dir}/${name}#${i + 1}`, raw }),
        );
      }
    }
  }
  return out;
}

/** Up to `n` words spread over the texts mentionsAny reads (identifiers, paths, options). */
function wordsOf(mail: PatchMail, n: number): string[] {
  const text = [mail.subject.raw, mail.commitMessage, mail.notes, mail.diffText ?? ''].join('\n');
  const words = [...new Set(text.match(/[A-Za-z_][\w/.-]{5,40}/g) ?? [])];
  const step = Math.max(1, Math.floor(words.length / n));
  return words.filter((_, i) => i % step === 0).slice(0, n);
}

const mails = corpusMails();
const triggers = triggerUnion(rules) ?? [];

describe('raw prefilter over the fixture corpus', () => {
  it('holds the corpus (edge, kb-mails, relevant, series-samples)', () => {
    expect(mails.length).toBeGreaterThan(300);
  });

  it('says yes wherever mentionsAny on the whole parse says yes, for the rule triggers and for words of each mail', async () => {
    let checked = 0;
    for (const { source, raw } of mails) {
      const mail = await parseMessage(raw, source, { diffModel: false }).catch(() => null);
      if (mail === null) continue;
      if (mentionsAny(mail, triggers)) expect(rawMayMention(raw, triggers), `${source}: rule triggers`).toBe(true);
      for (const word of wordsOf(mail, 30)) {
        // the word itself is a trigger mentionsAny finds; the raw prefilter must find it too
        expect(rawMayMention(raw, [word]), `${source}: "${word}"`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it("gives, wherever it answers, the whole parse's hasDiff and its header fields", async () => {
    let answered = 0;
    for (const { source, raw } of mails) {
      const whole = await parseMessage(raw, source, { diffModel: false }).catch(() => null);
      // A trigger no mail holds: every mail is a candidate for the headers-only parse.
      const quiet = (() => {
        try {
          return parseIfQuiet(raw, source, ['\u0000no such trigger']);
        } catch {
          return 'threw' as const;
        }
      })();
      if (whole === null) {
        expect(quiet, `${source}: refused by both`).toBe('threw');
        continue;
      }
      if (quiet === null || quiet === 'threw') {
        expect(quiet, source).toBeNull();
        continue;
      }
      expect(quiet.hasDiff, `${source}: hasDiff`).toBe(whole.diffText !== null);
      expect({ ...quiet.mail, warnings: [] }, `${source}: header fields`).toEqual(slimMail(whole));
      answered++;
    }
    // Most mails are single-part text: the raw bytes decide them.
    expect(answered).toBeGreaterThan(mails.length * 0.8);
  });
});
