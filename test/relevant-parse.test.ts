/**
 * parseMessage over the real patches in test/fixtures/corpus/relevant (203, with index.tsv saying
 * where each keyword occurs) and test/fixtures/corpus/kb-mails (28 cited mails). index.tsv was
 * built with hunks read by their line counts, so a keyword seen in the wrong column means our
 * diff reading is off (e.g. a signature or footer taken for diff lines).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../src/mail/parse-message.js';
import type { PatchMail } from '../src/model/patch-mail.js';

const CORPUS = new URL('./fixtures/corpus/', import.meta.url);
const KEYWORDS = [
  'get_user_pages',
  'pin_user_pages',
  'FOLL_LONGTERM',
  'FOLL_PIN',
  'get_user_pages_longterm',
  'vaddr_get_pfn',
  'vma_is_fsdax',
  'MAP_SYNC',
  'MAP_SHARED_VALIDATE',
  'memory-backend-file',
  'dax_layout_busy_page',
  'break_layouts',
  'unpin_user_page',
];

function readTsv(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(new URL(path, CORPUS), 'utf8').trimEnd().split('\n');
  const cols = (head ?? '').split('\t');
  return rows.map((r) => {
    const cells = r.split('\t');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

const list = (cell: string | undefined): string[] => (cell ?? '').split(',').filter((k) => k !== '');

/** Text of every diff line of a kind, plus hunk function names for context. */
function diffTexts(m: PatchMail): Record<'add' | 'del' | 'context', string[]> {
  const out: Record<'add' | 'del' | 'context', string[]> = { add: [], del: [], context: [] };
  for (const f of m.diff) {
    for (const h of f.hunks) {
      if (h.functionName !== null) out.context.push(h.functionName);
      for (const l of h.lines) out[l.kind].push(l.text);
    }
  }
  return out;
}

describe('relevant/*.eml against index.tsv', () => {
  const rows = readTsv('relevant/index.tsv');

  it('lists 203 patches', () => {
    expect(rows).toHaveLength(203);
  });

  it.each(rows)('$file', async (row) => {
    const file = row.file ?? '';
    const m = await parseMessage(readFileSync(new URL(`relevant/${file}`, CORPUS)), file);
    expect(m.messageId).toBe(row.message_id);
    expect(m.date).toBe(row.date_utc?.replace('Z', '.000Z'));
    expect(m.subject.raw).toBe(row.subject);
    expect(m.subject).toMatchObject({ isPatch: true, isReply: false });
    expect(m.diff.some((f) => f.hunks.length > 0)).toBe(true);
    expect(m.warnings).toEqual([]);

    const texts = diffTexts(m);
    const has = (kind: 'add' | 'del' | 'context', k: string): boolean => texts[kind].some((t) => t.includes(k));
    for (const k of list(row.in_added)) expect(has('add', k), `${k} in an added line`).toBe(true);
    for (const k of list(row.in_removed)) expect(has('del', k), `${k} in a removed line`).toBe(true);
    for (const k of list(row.in_context)) expect(has('context', k), `${k} in context`).toBe(true);
    // The other way round: a keyword the index does not place in a column is not there.
    for (const k of KEYWORDS) {
      expect(has('add', k), `${k} not in added lines`).toBe(list(row.in_added).includes(k));
      expect(has('del', k), `${k} not in removed lines`).toBe(list(row.in_removed).includes(k));
      expect(has('context', k), `${k} not in context`).toBe(list(row.in_context).includes(k));
    }
    if (row.scope === 'message-only') {
      const prose = `${m.subject.raw}\n${m.commitMessage}\n${m.notes}`;
      for (const k of list(row.in_message)) expect(prose, `${k} in subject, message or notes`).toContain(k);
    }
  });
});

describe('kb-mails/*.eml', () => {
  const rows = readTsv('kb-mails/index.tsv').filter((r) => r.file !== '-');

  it('lists the 28 collected mails', () => {
    expect(rows).toHaveLength(28);
  });

  it.each(rows)('$file', async (row) => {
    const file = row.file ?? '';
    const raw = readFileSync(new URL(`kb-mails/${file}`, CORPUS));
    const m = await parseMessage(raw, file);
    expect(m.messageId).toBe(row.message_id);
    expect(m.subject.raw).toBe(row.subject);
    // Independent check: the mail has a diff of its own iff an unquoted line starts one.
    const hasOwnDiff = /^(?:diff --git |@@ -\d)/m.test(raw.toString('latin1'));
    expect(m.diff.length > 0).toBe(hasOwnDiff);
    expect(m.diffText !== null).toBe(hasOwnDiff);
    if (hasOwnDiff) expect(m.diff.some((f) => f.additions + f.deletions > 0)).toBe(true);
  });
});
