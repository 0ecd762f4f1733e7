/**
 * Does a sentence present MAP_SYNC as a data-persistence guarantee (docs/knowledge/map-sync.md, "What it guarantees")?
 *
 * Wrong:   "…mmap with MAP_SYNC, which can fully guarantee the guest write persistence."
 *          "With MAP_SYNC there is no need to flush the CPU cache."
 * Right:   "MAP_SYNC on a dax mapping guarantees dirty metadata is flushed on write-faults" (metadata)
 *          "MAP_SYNC … enables a program to use CPU cache flush instructions to persist CPU store
 *           operations without an explicit fsync(2)" (names the flush; fsync/msync not needed is true)
 *          "write persistence is guaranteed if the host kernel has support for the MAP_SYNC flag
 *           … and additionally, both 'pmem' and 'share' flags are set" (a condition, QEMU docs)
 *          "requesting persistence across crashes … failed" (QEMU's warning: a failure, negated)
 * Precision over recall: any caveat, negation or condition in the sentence keeps it silent.
 */

export type ClaimKind = 'persistence' | 'noFlush';

const SUBJECT = /\b(?:QEMU_)?MAP_SYNC\b|\bsync=on\b/;

// A flush and its object: "flush the CPU cache", "clwb", "pmem_persist()".
const FLUSH =
  String.raw`(?:cache[- ]?line |cpu |cache )*(?:flush\w*|write-?back|clwb|clflush\w*|pmem_persist|pmem_flush|pmem_drain)` +
  String.raw`(?:\(\))?(?: (?:the|any|cpu|processor|data|caches?|cache-?lines?|lines?))*`;
// "no need to flush", "without flushing the cache", "flushing … is unnecessary".
const NO_FLUSH = new RegExp(
  String.raw`\b(?:no (?:longer )?need(?:s|ed)?|(?:do|does|did)n't need|(?:do|does) not need|needn't|without (?:the |any )?need)\b[^.;]{0,30}?\b${FLUSH}` +
    String.raw`|\bwithout (?:any |an |explicit |additional |extra |the )*${FLUSH}` +
    String.raw`|\b${FLUSH}[^.;]{0,30}?\b(?:is|are|becomes?) (?:no longer |not |un)(?:needed|necessary|required)` +
    String.raw`|\b(?:skip\w*|avoid\w*|eliminat\w*|remov\w*) (?:the |any )?(?:need (?:for|to) )?${FLUSH}`,
  'g',
);

const GUARANTEE_VERB = String.raw`(?:guarantee[sd]?|ensure[sd]?|ensuring|make[s]? sure|assure[sd]?|provide[sd]?|gives?|achieve[sd]?)`;
const PERSIST_WORD = String.raw`(?:persist\w*|durab\w*|crash[- ]consisten\w*|power[- ]fail\w*[- ]safe\w*)`;
const PERSISTENCE = new RegExp(
  String.raw`\b${GUARANTEE_VERB}\b[^.;]{0,80}?\b${PERSIST_WORD}` +
    String.raw`|\b(?:data|writes?|stores?|updates?)\b[^.;]{0,40}?\b(?:is|are|will be|becomes?|gets?)(?: immediately| automatically| always| guaranteed(?: to be)?)? (?:persistent|durable|persisted)\b` +
    String.raw`|\bmakes? (?:[\w-]+ ){0,4}(?:persistent|durable)\b`,
);

// The sentence already tells the truth about what MAP_SYNC covers or what else is needed.
const CAVEAT = new RegExp(
  String.raw`metadata|block map|\bflush(?:es|ing)? (?:the )?(?:cpu |processor )?caches?\b|cpu caches?|cache ?(?:line )?flush|clwb|clflush|sfence|` +
    String.raw`pmem_persist|pmem_flush|pmem_drain|persistence domain|flush instructions?|non-temporal|` +
    String.raw`\bstill (?:need|require|ha(?:ve|s) to|must)|\bmust (?:still |also )?(?:flush|call|use|issue)|\b(?:have|has|needs?) to\b`,
);

// Negated or failure statements: "does not guarantee", "MAP_SYNC failed", "cannot".
const NEGATION =
  /\b(?:not|cannot|can't|don't|doesn't|isn't|aren't|won't|never|neither|nor|no longer|unless|without map_sync|fail\w*|unavailable|unsupported|lack\w*|may not|might not)\b/;

// MAP_SYNC named as one condition among others (QEMU docs/nvdimm wording).
const CONDITION =
  /\b(?:only if|only when|if and only if|provided that|as long as|requires?|required|prerequisite|depends on|necessary|conditions?)\b/;
const CONDITION_LIST = /\bif\b[^.;]*\b(?:additionally|in addition|also|as well|both)\b/;

/** What a sentence wrongly claims about MAP_SYNC, or null when it makes no such claim. */
export function classifyClaim(sentence: string): ClaimKind | null {
  if (!SUBJECT.test(sentence)) return null;
  const lower = sentence.toLowerCase();
  const noFlush = lower.match(NO_FLUSH);
  // Judge caveats and negations on what is left once the no-flush phrase itself is cut out.
  const rest = noFlush === null ? lower : noFlush.reduce((s, m) => s.replace(m, ' '), lower);
  if (CAVEAT.test(rest) || NEGATION.test(rest) || CONDITION.test(rest) || CONDITION_LIST.test(rest)) return null;
  if (noFlush !== null) return 'noFlush';
  return PERSISTENCE.test(lower) ? 'persistence' : null;
}
