import { addedProse, proseSentences } from '../../src/c/added-prose.js';
import { findIfStatements } from '../../src/c/find-if.js';
import { isCodeFile } from '../../src/c/code-file.js';
import { isChanged } from '../../src/c/fragment.js';
import { hunkUnit } from '../../src/c/scope.js';
import { splitSentences } from '../../src/c/sentences.js';
import { tokensText } from '../../src/c/token-text.js';
import type { Token } from '../../src/c/tokenize.js';
import { commit, lore } from '../../src/engine/cite.js';
import { defineRule } from '../../src/engine/define-rule.js';
import type { PatchMail } from '../../src/model/patch-mail.js';
import { classifyClaim } from './classify-claim.js';

export type MessageIds = 'claim' | 'skipsFlush';

const SYNC_IDENT = /map_?sync/i;
// Cache write-back the code could be skipping (libpmem, QEMU, kernel, compiler intrinsics).
const CACHE_FLUSH =
  /^(?:pmem_persist|pmem_flush|pmem_drain|pmem_memcpy_persist|qemu_pmem_persist|arch_wb_cache_pmem|_mm_clwb|_mm_clflushopt|_mm_clflush|clwb|clflushopt|clflush|flush_dcache_range)$/;
const TRAILER = /^(?:[A-Z][a-z]+(?:-[a-z]+)*-by|Cc|Fixes|Link|Closes|Message-I[Dd]|Based-on|Bug|Change-Id): /i;

/** The author's own prose: subject title and commit message, without quotes and trailers. */
function messageProse(mail: PatchMail): string {
  const lines = mail.commitMessage.split('\n').filter((l) => !l.startsWith('>') && !TRAILER.test(l));
  return `${mail.subject.title}.\n\n${lines.join('\n')}`;
}

/** `!map_sync`, `!(flags & MAP_SYNC)`: the condition holds when the mapping is not MAP_SYNC. */
function whenNotSync(condition: readonly Token[]): boolean {
  return condition.some((t, i) => {
    if (t.text !== '!') return false;
    const next = condition[i + 1];
    if (next?.text !== '(') return SYNC_IDENT.test(next?.text ?? '');
    let depth = 0;
    for (const u of condition.slice(i + 1)) {
      depth += u.text === '(' ? 1 : u.text === ')' ? -1 : 0;
      if (SYNC_IDENT.test(u.text)) return true;
      if (depth === 0) return false;
    }
    return false;
  });
}

const flushes = (tokens: readonly Token[]): boolean => tokens.some((t) => CACHE_FLUSH.test(t.text));

export default defineRule<MessageIds>({
  id: 'map-sync-is-not-persistence',
  meta: {
    type: 'problem',
    defaultSeverity: 'warning',
    scope: 'message',
    confidence: 'medium',
    docs: {
      description: 'Flag text or code that treats MAP_SYNC as a guarantee that written data is persistent',
      title: 'MAP_SYNC presented as a data-persistence guarantee.',
    },
    era: 'v4.15+',
    triggers: ['MAP_SYNC'],
    citations: [
      commit('b6fb293f2497', 'mm: Define MAP_SYNC and VM_SYNC flags (Jan Kara)'),
      lore('20171024152415.22864-13-jack@suse.cz', 'mm: Define MAP_SYNC and VM_SYNC flags, posting'),
      { title: 'mmap(2): MAP_SYNC', url: 'https://man7.org/linux/man-pages/man2/mmap.2.html' },
      {
        title: 'DAX: direct access for files',
        ref: 'Documentation/filesystems/dax.rst',
        url: 'https://docs.kernel.org/filesystems/dax.html',
      },
    ],
    background: ['docs/knowledge/map-sync.md'],
    messages: {
      claim:
        '"{{sentence}}" presents MAP_SYNC as making data persistent. MAP_SYNC only guarantees that the file ' +
        'metadata needed to reach a written block (its block mapping) is durable when the write fault returns; ' +
        'it does not write back CPU caches. The data itself is persistent only after user space (or the guest) ' +
        'flushes the cache lines (clwb/clflushopt + sfence, libpmem pmem_persist()), or after msync()/fsync() ' +
        'when MAP_SYNC is not in effect. Please reword it to say so.',
      skipsFlush:
        'This skips {{flush}} when the mapping is MAP_SYNC. MAP_SYNC makes the block mapping durable on the ' +
        'write fault but does not write back CPU caches, so the data still has to be flushed (clwb/clflushopt + ' +
        'sfence, pmem_persist()) unless the platform puts CPU caches in the persistence domain; what MAP_SYNC ' +
        'makes unnecessary is msync()/fsync().',
    },
  },
  check(ctx) {
    if (ctx.patch.subject.isReply) return;
    for (const s of splitSentences(messageProse(ctx.patch))) {
      if (classifyClaim(s.text) !== null) {
        ctx.report({ messageId: 'claim', data: { sentence: s.text }, excerpt: s.text });
      }
    }
    for (const file of ctx.diff) {
      for (const block of addedProse(file)) {
        for (const s of proseSentences(block)) {
          const added = s.lines.find((l) => l.kind === 'add');
          if (added === undefined || classifyClaim(s.text) === null) continue;
          ctx.reportAtLine(ctx.code(file, 'new'), added, {
            messageId: 'claim',
            data: { sentence: s.text },
            excerpt: s.text,
          });
        }
      }
      if (!isCodeFile(file, 'new')) continue;
      const fragment = ctx.code(file, 'new');
      for (const stmt of findIfStatements(fragment.code, hunkUnit(fragment))) {
        const all = [stmt.ifToken, ...stmt.condition, ...stmt.body];
        if (!whenNotSync(stmt.condition) || !flushes(stmt.body) || flushes(stmt.elseBody)) continue;
        if (!all.some((t) => isChanged(fragment, t))) continue;
        const flush = stmt.body.find((t) => CACHE_FLUSH.test(t.text))?.text ?? 'the cache flush';
        ctx.reportAtToken(fragment, stmt.ifToken, {
          messageId: 'skipsFlush',
          data: { flush: `${flush}()` },
          excerpt: tokensText([stmt.ifToken, ...stmt.condition]).slice(0, 200),
        });
      }
    }
  },
});
