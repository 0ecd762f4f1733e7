import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { runRules } from '../engine/run-rules.js';
import { parseMessage } from '../mail/parse-message.js';
import { TEST_IDENTITY } from '../../test/helpers/sample-reply.js';
import { renderEmailReply } from './email-reply.js';
import { wrapText } from './wrap-text.js';

const ME = TEST_IDENTITY;

async function frameVector() {
  const raw = readFileSync(
    new URL(
      '../../test/fixtures/corpus/kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml',
      import.meta.url,
    ),
  );
  const patch = await parseMessage(raw, 'kb09.eml');
  return { patch, findings: runRules(rules, { patch, series: null }).findings };
}

describe('renderEmailReply', () => {
  it('threads under the patch, quotes only the lines at issue and wraps at 72 columns', async () => {
    const { patch, findings } = await frameVector();
    expect(findings).toHaveLength(1);
    const reply = renderEmailReply(patch, findings, ME);
    expect(reply.subject).toBe('Re: [PATCH 2/2] mm/gup: frame_vector: convert get_user_pages() --> pin_user_pages()');
    expect(reply.inReplyTo).toBe('20200527223243.884385-3-jhubbard@nvidia.com');
    expect(reply.references).toEqual([
      '20200527223243.884385-1-jhubbard@nvidia.com',
      '20200527223243.884385-3-jhubbard@nvidia.com',
    ]);
    expect(reply.to).toEqual([{ name: 'John Hubbard', address: 'jhubbard@nvidia.com' }]);
    // Reply-all: the mail's To and Cc and the list, the author (in its own Cc) only in To.
    expect(reply.cc).toEqual([
      { name: 'Andrew Morton', address: 'akpm@linux-foundation.org' },
      { name: 'LKML', address: 'linux-kernel@vger.kernel.org' },
      { name: '', address: 'linux-mm@kvack.org' },
    ]);
    expect(reply.headers['Auto-Submitted']).toBe('auto-generated');
    const lines = reply.text.split('\n');
    expect(lines[0]).toBe('Hi John,');
    expect(lines).toContain('> mm/frame_vector.c');
    expect(lines).toContain('> +\t\tret = pin_user_pages_locked(start, nr_frames,');
    expect(lines).toContain('> -\t\tret = get_user_pages_locked(start, nr_frames,');
    // Only the hunk at issue: nothing from the put_vaddr_frames() hunk.
    expect(reply.text).not.toContain('unpin_user_pages(pages');
    const quoted = lines.filter((l) => l.startsWith('> '));
    expect(quoted.length).toBeLessThanOrEqual(7);
    for (const l of lines.filter((x) => !x.startsWith('> ') && !x.includes('https://')))
      expect(l.length, l).toBeLessThanOrEqual(72);
    expect(reply.text).toContain('https://lore.kernel.org/r/20201002233118.GM9916@ziepe.ca');
    expect(reply.text).toContain('\n-- \ndax-review 0.1.0');
  });

  it('derives the Message-ID from the patch and the finding set, not the line numbers', async () => {
    const { patch, findings } = await frameVector();
    const a = renderEmailReply(patch, findings, ME);
    expect(renderEmailReply(patch, findings, ME).messageId).toBe(a.messageId);
    const moved = findings.map((f) => ({ ...f, line: (f.line ?? 0) + 40 }));
    expect(renderEmailReply(patch, moved, ME).messageId).toBe(a.messageId);
    const other = findings.map((f) => ({ ...f, rule: 'pin-unpin-mismatch' }));
    expect(renderEmailReply(patch, other, ME).messageId).not.toBe(a.messageId);
    expect(a.messageId).toMatch(/^dax-review\.[0-9a-f]{24}@dax-review\.invalid$/);
  });

  it('says when only part of the patch was reviewed (a diff limit), and not otherwise', async () => {
    const { patch, findings } = await frameVector();
    expect(renderEmailReply(patch, findings, ME).text).not.toContain('Only part of this patch');
    const partial = {
      ...patch,
      warnings: [...patch.warnings, 'partial: the diff has 1200 files; the first 1000 reviewed (limits.diffFiles)'],
    };
    const reply = renderEmailReply(partial, findings, ME);
    expect(reply.text.replace(/\n/g, ' ')).toContain(
      'Only part of this patch was reviewed (the diff has 1200 files; the first 1000 reviewed (limits.diffFiles)); the rest got no review.',
    );
    // The reply's identity is its finding set: the same reply, said better.
    expect(reply.messageId).toBe(renderEmailReply(patch, findings, ME).messageId);
  });

  it('refuses to reply with nothing to say, or to a patch it cannot thread under', async () => {
    const { patch, findings } = await frameVector();
    expect(() => renderEmailReply(patch, [], ME)).toThrow(/silent/);
    expect(() => renderEmailReply({ ...patch, messageId: null }, findings, ME)).toThrow(/Message-ID/);
  });
});

describe('renderEmailReply on a later version (history)', () => {
  it('labels the new findings with the version and counts the persisting ones without repeating them', async () => {
    const { patch, findings } = await frameVector();
    const [f] = findings;
    const fresh = { ...f!, rule: 'pin-unpin-mismatch', message: 'A new problem in this version.' };
    const reply = renderEmailReply(patch, [fresh], ME, {
      version: 3,
      persisting: [{ finding: f!, since: 1 }],
      repeatPersisting: false,
    });
    const text = reply.text.replace(/\n(?!\n)/g, ' ');
    expect(text).toContain(
      'has one new comment on v3 of this patch. One comment raised on v1 still applies unchanged and is not repeated here.',
    );
    expect(reply.text).toContain('New in v3: [pin-unpin-mismatch] A new problem in this version.');
    expect(reply.text).not.toContain(`[${f!.rule}]`);
    expect(reply.text).not.toContain(f!.message.slice(0, 40));
    const two = renderEmailReply(patch, [fresh], ME, {
      version: 3,
      persisting: [
        { finding: f!, since: 2 },
        { finding: { ...f!, file: 'mm/gup.c' }, since: 1 },
      ],
      repeatPersisting: false,
    });
    expect(two.text.replace(/\n(?!\n)/g, ' ')).toContain(
      '2 comments raised on v1 and v2 still apply unchanged and are not repeated here.',
    );
    // Not repeated: the same Message-ID as a reply on the new finding alone.
    expect(reply.messageId).toBe(renderEmailReply(patch, [fresh], ME).messageId);
  });

  it('with repeatPersisting, lists the persisting findings briefly with their version, explained nowhere', async () => {
    const { patch, findings } = await frameVector();
    const [f] = findings;
    const history = { version: 2, persisting: [{ finding: f!, since: 1 }], repeatPersisting: true };
    const reply = renderEmailReply(patch, [], ME, history);
    const lines = reply.text.split('\n');
    expect(reply.text.replace(/\n(?!\n)/g, ' ')).toContain(
      'has no new comment on v2 of this patch. One comment raised on v1 still applies unchanged; it is listed briefly at the end.',
    );
    expect(lines).toContain('Still present, raised on an earlier version (not explained again):');
    expect(lines).toContain(`- since v1: [${f!.rule}] mm/frame_vector.c`);
    expect(lines.filter((l) => l.startsWith('  > ')).join(' ')).toContain('pin_user_pages_locked(start, nr_frames,');
    expect(reply.text).not.toContain(f!.message.slice(0, 40));
    expect(reply.text).not.toContain('References:');
    for (const l of lines.filter((x) => !x.includes('https://'))) expect(l.length, l).toBeLessThanOrEqual(72);
    expect(reply.messageId).not.toBe(renderEmailReply(patch, [f!], ME).messageId);
  });

  it('stays silent when everything persists and is not to be repeated; v1 reads as before', async () => {
    const { patch, findings } = await frameVector();
    expect(() =>
      renderEmailReply(patch, [], ME, {
        version: 2,
        persisting: [{ finding: findings[0]!, since: 1 }],
        repeatPersisting: false,
      }),
    ).toThrow(/silent/);
    expect(renderEmailReply(patch, findings, ME, { version: 1, persisting: [], repeatPersisting: false })).toEqual(
      renderEmailReply(patch, findings, ME),
    );
  });
});

describe('wrapText', () => {
  it('wraps greedily and keeps long words whole', () => {
    expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('x https://example.org/a/very/long/url y', 10)).toEqual([
      'x',
      'https://example.org/a/very/long/url',
      'y',
    ]);
    expect(wrapText('one two', 72, '> ')).toEqual(['> one two']);
  });

  describe('limits.findingsPerReply', () => {
    /** kb09's one real finding, repeated on other lines: a patch that trips a rule many times. */
    const many = async (n: number) => {
      const { patch, findings } = await frameVector();
      const f = findings[0]!;
      return {
        patch,
        findings: Array.from({ length: n }, (_, k) => ({
          ...f,
          line: (f.line ?? 1) + k,
          excerpt: `${f.excerpt ?? ''} /* ${k} */`,
        })),
      };
    };
    const explained = (text: string): number => text.split('\n').filter((l) => l === '> mm/frame_vector.c').length;

    it('explains every finding at the limit, and says nothing of a cap', async () => {
      const { patch, findings } = await many(3);
      const reply = renderEmailReply(patch, findings, { ...ME, maxFindings: 3 });
      expect(explained(reply.text)).toBe(3);
      expect(reply.text).not.toContain('not shown here');
    });

    it('past the limit explains the first ones, counts the rest, and keeps one Message-ID per finding set', async () => {
      const { patch, findings } = await many(5);
      const reply = renderEmailReply(patch, findings, { ...ME, maxFindings: 3 });
      expect(explained(reply.text)).toBe(3);
      expect(reply.text.replace(/\n/g, ' ')).toContain(
        '2 more comments on this patch are not shown here (at most 3 in one reply)',
      );
      // The identity of the reply is the whole set, not what was shown.
      expect(reply.messageId).not.toBe(
        renderEmailReply(patch, findings.slice(0, 3), { ...ME, maxFindings: 3 }).messageId,
      );
    });
  });
});
