import { splitSentences } from '../../src/c/sentences.js';

/**
 * Documentation claims around MAP_SYNC fallbacks (docs/knowledge/map-sync.md, "Fallbacks" and "memory-backend-file").
 *
 * Promise:  "With pmem=on the guest's writes to the vNVDIMM are guaranteed to be persistent."
 *           (and nothing in the same block says it depends on MAP_SYNC / a DAX file / the kernel)
 * Fine:     QEMU's docs/nvdimm.txt and qemu-options.hx, which name the conditions; "its own writes"
 *           (pmem=on makes QEMU flush what it writes itself).
 * virtio:   "Guests can mmap files on virtio-pmem with MAP_SYNC." (refused since Linux 5.3)
 */

export type ProseFinding = 'docsPromise' | 'virtioPmemSync';

const PMEM_ON = /pmem=on|pmem='on'|<pmem\s*\/>|\bpmem option\b|'pmem'|"pmem"/i;
const PROMISE =
  /\b(?:guarantee[sd]?|ensure[sd]?|assure[sd]?|makes? sure)\b[^.;]*\b(?:persisten\w*(?! memor)|durab\w*)|\b(?:is|are|will be|becomes?|stays?)\s+(?:always\s+|fully\s+|guaranteed\s+(?:to\s+be\s+)?)?(?:persistent|durable)\b(?! memor)/i;
// The block names what persistence depends on, or what happens when it is unavailable.
const CONDITIONS =
  /MAP_SYNC|\bdax\b|share=on|\bkernel\b|4\.15|not guaranteed|cannot|can't|fall\s*back|continue|proceed|warn|unless|only if|only when|requires?|own writes|libpmem/i;
const NEGATION = /\b(?:not|no|never|cannot|can't|isn't|aren't|doesn't|don't|won't|without|unless)\b/i;

const VIRTIO_PMEM = /virtio[-_ ]pmem|\basync(?:hronous)?[- ]dax\b/i;
const NOT_SYNC =
  /\b(?:not|no|cannot|can't|without|unsupported|refus\w*|reject\w*|fail\w*|EOPNOTSUPP|ENOTSUP|instead|unless|isn't|aren't|doesn't|don't|won't|never|fsync|msync|flush\w*)\b/i;

/** What a block of the author's prose claims, sentence by sentence. */
export function proseFindings(block: string): { kind: ProseFinding; sentence: string }[] {
  const out: { kind: ProseFinding; sentence: string }[] = [];
  const conditioned = CONDITIONS.test(block);
  for (const s of splitSentences(block)) {
    if (!conditioned && PMEM_ON.test(s.text) && PROMISE.test(s.text) && !NEGATION.test(s.text))
      out.push({ kind: 'docsPromise', sentence: s.text });
    else if (VIRTIO_PMEM.test(s.text) && /\bMAP_SYNC\b/.test(s.text) && !NOT_SYNC.test(s.text))
      out.push({ kind: 'virtioPmemSync', sentence: s.text });
  }
  return out;
}
