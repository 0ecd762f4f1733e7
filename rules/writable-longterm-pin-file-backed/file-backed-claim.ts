/**
 * Does a sentence say that a pin / registration / DMA mapping supports (or now works with) ordinary
 * page-cache files? Affirmative claims only: any negation, failure or refusal keeps it silent, and
 * so does any mention of the memory kinds that may still be pinned writable (shmem/memfd,
 * hugetlbfs, anonymous) or of DAX (another rule's business), or of read-only use.
 */
const FILE =
  /\bfile[- ]backed\b|\bpage[- ]cache\b|\bMAP_SHARED\b|\bregular files?\b|\bshared file mappings?\b|\bfiles? on (?:ext4|xfs|btrfs|f2fs|a disk)\b/i;
const PIN = /\bpin(?:s|ned|ning)?\b|\bFOLL_LONGTERM\b|\blong[- ]term\b|\bregist(?:er|ers|ered|ering|ration)\b|\bDMA\b/i;
const SUPPORT =
  /\bsupport(?:s|ed|ing)?\b|\ballow(?:s|ed|ing)?\b|\benable(?:s|d)?\b|\bworks? (?:with|on|for)\b|\baccept(?:s|ed)?\b|\bcan (?:now )?(?:be )?(?:pin|register|map|use)/i;
const OTHER_MEMORY =
  /\bshmem\b|\bmemfd\b|\btmpfs\b|\bhugetlb(?:fs)?\b|\bhuge ?pages?\b|\banon(?:ymous)?\b|\bdax\b|\bfs-?dax\b|\bread[- ]only\b|\bR\/O\b/i;
const NEGATION =
  /\bnot?\b|\bnever\b|\bcannot\b|\bcan't\b|\bunsupported\b|\brefus(?:e|es|ed|ing)\b|\breject(?:s|ed)?\b|\bdisallow(?:s|ed)?\b|\bfail(?:s|ed|ure|ing)?\b|\bE(?:FAULT|OPNOTSUPP|INVAL)\b|\bprevent(?:s|ed)?\b|\bforbid(?:s|den)?\b|n't\b|\bwithout\b|\bavoid(?:s|ed)?\b|\binstead\b|\bunless\b|\bexcept\b/i;

export function claimsFileBackedPin(sentence: string): boolean {
  return (
    FILE.test(sentence) &&
    PIN.test(sentence) &&
    SUPPORT.test(sentence) &&
    !OTHER_MEMORY.test(sentence) &&
    !NEGATION.test(sentence)
  );
}
