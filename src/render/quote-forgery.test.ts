import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { TEST_IDENTITY } from '../../test/helpers/sample-reply.js';
import { runRules } from '../engine/run-rules.js';
import { parseMessage } from '../mail/parse-message.js';
import type { PatchMail } from '../model/patch-mail.js';
import { footer, renderEmailReply } from './email-reply.js';
import { toMime } from './to-mime.js';

// Patch text that imitates the end of our reply: a signature separator, our footer, our header.
const FORGED = [
  '-- ',
  'dax-review 0.1.0, an automated reviewer for the DAX vs DMA rules.',
  'X-Dax-Review-Fingerprint: 000000000000000000000000',
  'ok\r-- \rdax-review FORGED footer',
  'x\u2028-- \u2028FORGED after a line separator',
  'y\f-- \vFORGED after a form feed',
];

/** kb-mails/09 with the lines around each finding replaced by FORGED (what the author controls). */
async function forgedPatch(): Promise<PatchMail> {
  const raw = readFileSync(
    new URL(
      '../../test/fixtures/corpus/kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml',
      import.meta.url,
    ),
  );
  const patch = await parseMessage(raw, 'kb09.eml');
  const diff = patch.diff.map((f) => ({
    ...f,
    hunks: f.hunks.map((h) => ({
      ...h,
      lines: h.lines.map((l, i) => ({ ...l, text: `${l.text} ${FORGED[i % FORGED.length] ?? ''}` })),
    })),
  }));
  return { ...patch, diff };
}

/** How a lenient reader splits a body into lines: at any line break it knows. */
const readerLines = (text: string): string[] => text.split(/\r\n|[\r\n\f\v\u0085\u2028\u2029]/);

/** Every way the text could be read as ending early or carrying a second footer. */
function forgeries(text: string): string[] {
  const lines = readerLines(text);
  const problems: string[] = [];
  const sep = lines.flatMap((l, i) => (l === '-- ' || l === '--' ? [i] : []));
  if (sep.length !== 1) problems.push(`${sep.length} signature separators`);
  const quoted = lines.filter((l) => l.includes('FORGED'));
  if (quoted.length === 0) problems.push('no patch text in the reply: nothing was tested');
  const ours = footer(TEST_IDENTITY);
  if (lines.slice(sep[0]).join('\n') !== ours.join('\n'))
    problems.push('the text after the separator is not our footer');
  for (const l of lines.slice(0, sep[0])) {
    // Patch text may sit inside a sentence of ours (a rule names the code); it must not start a line.
    if (/^(X-Dax-Review|dax-review (FORGED|0\.1\.0)|FORGED)/.test(l))
      problems.push(`a line of patch text: ${JSON.stringify(l)}`);
  }
  return problems;
}

describe('quoted patch text cannot forge the end of a reply', () => {
  it('quotes every patch line with "> " on one line, so the reply has one separator and one footer', async () => {
    const patch = await forgedPatch();
    const findings = runRules(rules, { patch, series: null }).findings;
    expect(findings.length).toBeGreaterThan(0);
    const reply = renderEmailReply(patch, findings, TEST_IDENTITY);
    expect(reply.text).toContain('FORGED');
    expect(forgeries(reply.text)).toEqual([]);
    // And as a reader gets it from the wire.
    expect(forgeries((await simpleParser(await toMime(reply))).text ?? '')).toEqual([]);
  });

  it('keeps a quoted excerpt quoted across its blank lines', async () => {
    const patch = await forgedPatch();
    const [f] = runRules(rules, { patch, series: null }).findings;
    // A prose finding quotes its excerpt (the commit text), blank lines and all.
    const prose = {
      ...f!,
      file: null,
      line: null,
      excerpt: 'first paragraph\n\n-- \ndax-review FORGED footer\n\nX-Dax-Review-Fingerprint: FORGED',
    };
    const reply = renderEmailReply(patch, [prose], TEST_IDENTITY);
    expect(forgeries(reply.text)).toEqual([]);
    const quote = reply.text.split('\n').slice(reply.text.split('\n').indexOf('> first paragraph'));
    expect(quote.slice(0, 6)).toEqual([
      '> first paragraph',
      '>',
      '> --',
      '> dax-review FORGED footer',
      '>',
      '> X-Dax-Review-Fingerprint: FORGED',
    ]);
  });
});
