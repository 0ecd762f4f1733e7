/**
 * The raw prefilter over the whole nvdimm archive, against the whole parse of every message:
 * no mail that mentionsAny keeps is called quiet (recall 100%), and every headers-only parse
 * has the whole parse's hasDiff and header fields. Prints how many mails the raw prefilter
 * passes that mentionsAny would not (its false positives) and how many it leaves to the whole
 * parse only for hasDiff (figures in BENCHMARKS.md, issue 9).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { mentionsAny, triggerUnion } from '../src/pipeline/prefilter.js';
import { splitMbox } from '../src/input/mbox.js';
import { parseMessage } from '../src/mail/parse-message.js';
import { parseIfQuiet } from '../src/pipeline/quiet-parse.js';
import { rawMayMention } from '../src/pipeline/raw-prefilter.js';
import { slimMail } from '../src/queue/message-store.js';
import { archivePath } from './helpers/archive.js';

const ARCHIVE = archivePath();

describe.skipIf(ARCHIVE === null)('raw prefilter over nvdimm.mbox.gz', () => {
  it('never calls quiet a mail mentionsAny keeps, and its headers-only parses equal the slimmed whole parses', async () => {
    const triggers = triggerUnion(rules) ?? [];
    const raws = splitMbox(gunzipSync(readFileSync(ARCHIVE ?? '')));
    const missed: string[] = [];
    const wrong: string[] = [];
    let kept = 0;
    let passed = 0;
    let leftForDiff = 0;
    for (const [i, raw] of raws.entries()) {
      const source = `#${i + 1}`;
      const whole = await parseMessage(raw, source, { diffModel: false });
      const mentions = mentionsAny(whole, triggers);
      const maybe = rawMayMention(raw, triggers);
      if (mentions) kept++;
      if (maybe) passed++;
      if (mentions && !maybe) missed.push(source);
      const quiet = parseIfQuiet(raw, source, triggers);
      if (quiet === null) {
        if (!maybe) leftForDiff++;
        continue;
      }
      if (mentions) missed.push(source);
      if (quiet.hasDiff !== (whole.diffText !== null)) wrong.push(`${source}: hasDiff`);
      try {
        expect({ ...quiet.mail, warnings: [] }).toEqual(slimMail(whole));
      } catch {
        wrong.push(`${source}: header fields`);
      }
    }
    console.log(
      `raw prefilter: ${raws.length} mails, mentionsAny keeps ${kept}, the raw prefilter passes ${passed} ` +
        `(${passed - kept} false positives, ${(((passed - kept) / raws.length) * 100).toFixed(2)}% of the mails); ` +
        `${leftForDiff} more parsed whole only to tell hasDiff`,
    );
    expect(missed).toEqual([]);
    expect(wrong).toEqual([]);
    expect(raws.length).toBe(14_925);
  }, 600_000);
});
