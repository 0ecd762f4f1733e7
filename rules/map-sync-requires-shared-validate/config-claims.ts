import { splitSentences } from '../../src/c/sentences.js';
import type { TextUnit } from '../../src/c/text-units.js';
import { parseVmConfig } from '../../src/c/vm-config.js';

// What a pmem backend would give if MAP_SYNC were in effect.
// "persistent memory" names a device type, it claims nothing.
const CLAIM =
  /\bMAP_SYNC\b|\bsynchronous (?:page )?faults?\b|\bpersisten(?:t|ce)\b(?! memor)|\bdurab(?:le|ility)\b|\bcrash[- ]consisten\w*/i;
// Caveats, conditions and negations: the text already says what is needed or what fails.
const CAVEAT =
  /\b(?:not|no|without|unless|only if|only when|requires?|required|needs?|cannot|can't|neither|nor|never|lose|lost|fail\w*|warn\w*|ignor\w*|unavailable|unsupported|isn't|aren't|doesn't|won't)\b|share=on|access='shared'/i;
const SHARED = /share=on|share=yes|"share"\s*:\s*true|access\s*=\s*['"]shared['"]|<access\s+mode\s*=\s*['"]shared['"]/;
const CONFIG_LINE = /memory-backend-file|<\/?memory\b|<\/?source>|<path>|<pmem\s*\/>|^\s*-\w/;

/**
 * Whether a unit's own prose (added lines that are not configuration) says the mapping is
 * synchronous or persistent, with no caveat in the same sentence.
 */
export function claimsSyncedMapping(unit: TextUnit): boolean {
  const prose = unit.lines.filter((l, k) => unit.added[k] === true && !CONFIG_LINE.test(l)).join('\n');
  return splitSentences(prose).some((s) => CLAIM.test(s.text) && !CAVEAT.test(s.text));
}

export interface UnsharedPmem {
  readonly config: string;
  readonly why: string;
  /** Index of the line in the unit. */
  readonly line: number;
}

/** pmem=on memory-backend-file without share=on, and libvirt <pmem/> with access='private', added in the unit. */
export function pmemWithoutShare(unit: TextUnit): UnsharedPmem[] {
  if (SHARED.test(unit.lines.join('\n'))) return [];
  const out: UnsharedPmem[] = [];
  for (const b of parseVmConfig(unit.lines).backends) {
    const added = unit.added.slice(b.line, b.endLine + 1).some(Boolean);
    if (!added || !b.pmem) continue;
    if (b.kind === 'memory-backend-file') {
      out.push({
        config: b.text,
        why: b.share === false ? 'share=off' : 'share=on is missing; the default is share=off',
        line: b.line,
      });
    } else if (b.kind === 'libvirt-nvdimm' && b.share === false) {
      out.push({
        config: "<memory model='nvdimm' access='private'> with <pmem/>",
        why: "access='private'",
        line: b.line,
      });
    }
  }
  return out;
}
