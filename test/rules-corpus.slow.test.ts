/**
 * Precision on real mail for the first two catalog rules (longterm-pin-without-foll-longterm,
 * map-sync-is-not-persistence): the knowledge-base mails must give exactly their expected output
 * (section 10, kb-mails/index.tsv), and the 203 relevant nvdimm patches must give nothing
 * unless listed below with a reviewed judgement.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import longtermPin from '../rules/longterm-pin-without-foll-longterm/rule.js';
import mapSync from '../rules/map-sync-is-not-persistence/rule.js';
import { runRules } from '../src/engine/run-rules.js';
import { parseMessage } from '../src/mail/parse-message.js';

const RULES = [longtermPin, mapSync];
const CORPUS = new URL('./fixtures/corpus/', import.meta.url);

/** Findings judged right by hand: file → rule ids. None so far. */
const ACCEPTED_RELEVANT: Readonly<Record<string, readonly string[]>> = {};

async function findingsFor(dir: string, file: string): Promise<string[]> {
  const raw = readFileSync(new URL(`${dir}/${file}`, CORPUS));
  const result = runRules(RULES, { patch: await parseMessage(raw, file), series: null });
  expect(result.crashes).toEqual([]);
  return result.findings.map((f) => f.rule);
}

describe('knowledge-base mails (section 10)', () => {
  const rows = readFileSync(new URL('kb-mails/index.tsv', CORPUS), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c[1] !== '-');
  it.each(rows.map((c) => [c[1] ?? '', c[6] ?? '']))('%s → %s', async (file, expected) => {
    const mine = RULES.some((r) => r.id === expected) ? [expected] : [];
    expect(await findingsFor('kb-mails', file)).toEqual(mine);
  });
});

describe('relevant nvdimm patches stay silent', () => {
  const files = readdirSync(new URL('relevant/', CORPUS))
    .filter((f) => f.endsWith('.eml'))
    .sort();
  it('has the 203 patches', () => {
    expect(files.length).toBe(203);
  });
  it.each(files)('%s', async (file) => {
    expect(await findingsFor('relevant', file)).toEqual(ACCEPTED_RELEVANT[file] ?? []);
  });
});
