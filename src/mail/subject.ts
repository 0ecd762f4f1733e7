/**
 * Subject-line parsing: reply prefixes, list tags, the patch tag (version, n/N, RFC, RESEND,
 * PULL, sub-project) and the title. Modelled on patchwork's parser.py (`clean_subject`,
 * `parse_version`), widened to the forms in our corpus.
 */
import type { SubjectInfo } from '../model/patch-mail.js';

/**
 * Reply / forward prefixes, case-insensitive, ASCII or full-width colon.
 * Seen: `Re:`, `RE:`, `re:`, `Re: Re:`, `Re[2]:`, `Aw:`/`AW:` (de), `Sv:` (nordic),
 * `Antw:` (nl), `Fwd:`, `Fw:`, `回复:`, `答复:`, `回复：`.
 */
const REPLY_PREFIX = /^(?:re(?:\[\d+\])?|aw|sv|antw|fwd?|回复|答复)\s*[:：]\s*/i;
/** A pasted header name, e.g. a cover letter sent as `Subject: Subject: [PATCH 0/8] …`. */
const PASTED_SUBJECT = /^subject:\s*/i;
/** One bracket tag; `[a][b]` with no space between them is two tags (edk2 `[staging/X][PATCH]`). */
const BRACKET_TAG = /^\[([^\]]*)\]\s*/;
const COUNTER = /^(\d+)\/(\d+)$/;
/** `v4`, `V3`, `v2.1` (minor ignored), glued forms `PATCHv2`, `RFCv3`. */
const VERSION = /^(?:patch|rfc)?v(\d+)(?:\.\d+)?$/i;

/** Words that make a bracket tag a patch tag (`[PATCHSETS]`, `[PATCH BUNDLE v9]`, `[GIT PULL]`). */
function isPatchWord(word: string): boolean {
  const up = word.toUpperCase();
  return up.includes('PATCH') || up === 'RFC' || up === 'PULL' || /^RFCV\d/.test(up);
}

/**
 * Tag words that describe the posting rather than name a tree; anything else in a patch tag
 * is the sub-project (`ndctl`, `qemu-web`, `mm-unstable`, `kexec-tools`, `for-6.1/block`).
 */
function isMetaWord(word: string): boolean {
  const up = word.toUpperCase();
  return (
    isPatchWord(word) ||
    COUNTER.test(word) ||
    VERSION.test(word) ||
    /^(?:GIT|RESEND|REPOST|REPORT|REBASED|RFT|BUNDLE|AUTOSEL|HACK)$/.test(up) ||
    /^\d+(?:\.\d+)*$/.test(word)
  );
}

/** Splits a bracket tag's content into words: `PATCH v4 3/6`, `PATCH,v2`, `ndctl  PATCH`. */
export function splitTagWords(tag: string): string[] {
  return tag.split(/[\s,]+/).filter((w) => w !== '');
}

/** The start of a subject taken apart by {@link splitPrefixes}. */
export interface SubjectPrefixes {
  isReply: boolean;
  listTags: string[];
  /** Bracket tags that carry a patch word, in order. */
  patchTags: string[][];
  /** Index in the subject where the title starts. */
  titleStart: number;
}

/**
 * Consumes reply prefixes, list tags and patch tags from the start of the subject. Reply
 * prefixes and list tags may come in any order (`[Qemu-devel] Re: [PATCH]`,
 * `Re: [Qemu-devel] [Qemu-block] [PATCH]`) but only before the first patch tag; after it,
 * only further tags are consumed and they join the patch tag (`[PATCH][next]`, `[RFC][PATCH]`,
 * `[PATCH] [v2]`).
 */
export function splitPrefixes(subject: string): SubjectPrefixes {
  const out: SubjectPrefixes = { isReply: false, listTags: [], patchTags: [], titleStart: 0 };
  let pos = subject.length - subject.trimStart().length;
  for (;;) {
    const rest = subject.slice(pos);
    const tag = BRACKET_TAG.exec(rest);
    if (tag) {
      const content = (tag[1] ?? '').trim();
      const words = splitTagWords(content);
      // Tags after a patch tag annotate it (`[PATCH][next]`, `[PATCH] [v2]`, `[RFC PATCH] [HACK]`).
      if (out.patchTags.length > 0 || words.some(isPatchWord)) out.patchTags.push(words);
      else if (content !== '') out.listTags.push(content);
      pos += tag[0].length;
      continue;
    }
    if (out.patchTags.length > 0) break;
    const reply = REPLY_PREFIX.exec(rest);
    const prefix = reply ?? PASTED_SUBJECT.exec(rest);
    if (!prefix) break;
    if (reply) out.isReply = true;
    pos += prefix[0].length;
  }
  out.titleStart = pos;
  return out;
}

/** `n/N` from the tag words; `[PATCH v2 000/110]` → 0/110. Null when absent. */
export function parseSeriesMarker(words: readonly string[]): { index: number; total: number } | null {
  for (const w of words) {
    const m = COUNTER.exec(w);
    if (m) return { index: Number(m[1]), total: Number(m[2]) };
  }
  return null;
}

/** The N of `vN` / `VN` / `PATCHvN` / `RFCvN`; 1 when the tag says no version. */
export function parseVersion(words: readonly string[]): number {
  for (const w of words) {
    const m = VERSION.exec(w);
    if (m) return Number(m[1]);
  }
  return 1;
}

/**
 * Parses a decoded subject. Forms seen: `[PATCH]`, `[PATCH v4 3/6]`, `[PATCH V3 05/19]`,
 * `[RFC PATCH v2 0/12]`, `[RFC 05/10]`, `[PATCH RESEND]`, `[RESEND PATCH v5 0/4]`,
 * `[PULL 03/15]`, `[GIT PULL]`, `[ndctl PATCH v2 1/3]`, `[NDCTL PATCH]`,
 * `[PATCH mm-unstable v1 10/20]`, `[RFC PATCH kexec-tools v3 1/1]`, `[PATCH v2 000/110]`,
 * `[PATCH BUNDLE v9]`, `[PATCHSETS]`, `[qemu-web PATCH]`, `[YYY-1.0 qemu-kvm PATCH v2 4/4]`,
 * list tags `[Qemu-devel] [Qemu-block]`, `[libvirt]  [PATCH v2]`, `[edk2] [staging/X][PATCH]`,
 * and the reply prefixes of {@link REPLY_PREFIX}.
 */
export function parseSubject(raw: string): SubjectInfo {
  const unfolded = raw.replace(/\r?\n(?=[ \t])/g, '');
  const p = splitPrefixes(unfolded);
  const tags = p.patchTags.flat();
  const upper = tags.map((w) => w.toUpperCase());
  const marker = parseSeriesMarker(tags);
  // The tree word nearest the PATCH word wins: `[YYY-1.0 qemu-kvm PATCH]` → qemu-kvm.
  const projectWord = p.patchTags
    .map((t) => t.filter((w) => !isMetaWord(w)))
    .flat()
    .at(-1);
  return {
    raw: unfolded,
    isReply: p.isReply,
    listTags: p.listTags,
    tags,
    isPatch: p.patchTags.length > 0,
    rfc: upper.some((w) => w === 'RFC' || /^RFCV\d/.test(w)),
    resend: upper.some((w) => w.includes('RESEND')),
    pull: upper.includes('PULL'),
    version: parseVersion(tags),
    index: marker?.index ?? null,
    total: marker?.total ?? null,
    project: projectWord === undefined ? null : projectWord.replace(/^-+/, '').toLowerCase(),
    // Runs of blanks (tab-folded subjects, `[libvirt]  [PATCH]`) are one space in the title.
    title: unfolded.slice(p.titleStart).replace(/\s+/g, ' ').trim(),
  };
}
