/**
 * Derived fixtures, built in code from real mails of the corpus (never hand-edited copies): the
 * derivation is the documentation of what differs from the real posting.
 *
 * - `repostAs`: a real patch re-posted as a later version (same author and subject stem,
 *   `[PATCH vN …]`, a new Message-ID and thread), the way `git send-email -v N` re-sends it.
 * - `withVfioPinSite`: the same patch with one more file in its diff, a new vfio helper that
 *   pins guest memory without FOLL_LONGTERM (the code of
 *   rules/longterm-pin-without-foll-longterm/fixtures/invalid/05-vfio-new-pin-helper-without-longterm.patch),
 *   so a later version carries one new finding besides the ones it keeps.
 */
import { readFileSync } from 'node:fs';
import { splitMbox } from '../../src/input/mbox.js';

export const CORPUS = new URL('../fixtures/corpus/', import.meta.url).pathname;

/** John Hubbard's frame_vector pin_user_pages() conversion: one real finding (kb-mails/09). */
export const KB09 = `${CORPUS}kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml`;
export const KB09_ID = '20200527223243.884385-3-jhubbard@nvidia.com';
const KB09_COVER_ID = '20200527223243.884385-1-jhubbard@nvidia.com';

/** The new vfio helper, as diff lines (new file side from line 600): a file header and one hunk. */
export const VFIO_PIN_SITE: readonly string[] = [
  'diff --git a/drivers/vfio/vfio_iommu_type1.c b/drivers/vfio/vfio_iommu_type1.c',
  'index 5555555..6666666 100644',
  '--- a/drivers/vfio/vfio_iommu_type1.c',
  '+++ b/drivers/vfio/vfio_iommu_type1.c',
  '@@ -600,6 +600,22 @@ static int vfio_pin_page_external(struct vfio_dma *dma,',
  ' \treturn ret;',
  ' }',
  ' ',
  '+static long vfio_pin_pages_fast(struct vfio_dma *dma, unsigned long vaddr,',
  '+\t\t\t\tlong npages, int prot, struct page **pages)',
  '+{',
  '+\tunsigned int flags = 0;',
  '+\tlong ret;',
  '+',
  '+\tif (prot & IOMMU_WRITE)',
  '+\t\tflags |= FOLL_WRITE;',
  '+',
  '+\tret = pin_user_pages_fast(vaddr, npages, flags, pages);',
  '+\tif (ret <= 0)',
  '+\t\treturn ret ? ret : -EFAULT;',
  '+',
  '+\treturn ret;',
  '+}',
  '+',
  ' static int vfio_unpin_page_external(struct vfio_dma *dma, dma_addr_t iova,',
  ' \t\t\t\t    bool do_accounting)',
  ' {',
];

/** Adds the vfio pin site as the first file of the mail's diff (body in quoted-printable when `qp`). */
export function withVfioPinSite(raw: string, qp: boolean): string {
  const at = raw.indexOf('\ndiff --git ');
  if (at === -1) throw new Error('no diff to extend');
  const lines = qp ? VFIO_PIN_SITE.map((l) => l.replaceAll('=', '=3D')) : VFIO_PIN_SITE;
  return `${raw.slice(0, at + 1)}${lines.join('\n')}\n${raw.slice(at + 1)}`;
}

/** kb-mails/09 re-posted as v`version` (its 2/2, a new thread), optionally with the vfio pin site. */
export function kb09Version(version: number, options: { readonly vfio?: boolean } = {}): string {
  const raw = readFileSync(KB09, 'latin1');
  const reposted = raw
    .replaceAll(KB09_ID, `kb09-v${version}-2@example.org`)
    .replaceAll(KB09_COVER_ID, `kb09-v${version}-0@example.org`)
    .replace(/^Subject: \[PATCH 2\/2\]/m, `Subject: [PATCH v${version} 2/2]`);
  if (reposted === raw) throw new Error('kb-mails/09 changed: the derivation no longer applies');
  // kb-mails/09's body is quoted-printable.
  return options.vfio === true ? withVfioPinSite(reposted, true) : reposted;
}

/**
 * A real series with a cover letter (series-samples/01, Dan Williams' "Fix the DAX-gup
 * mistake", 13 patches on nvdimm), which has no findings as posted, with the vfio pin site
 * added to the patches at `withPinSite` (1-based): an mbox with the same cover and threading.
 */
export function daxGupSeriesWithPinSites(withPinSite: readonly number[]): string {
  return seriesWithPinSites('01-dax-gup-mistake-v1.mbox', new Map(withPinSite.map((n) => [n, PIN_HELPER])));
}

/**
 * v3 of the same work (series-samples/02, 25 patches: the real repost of series 01), with the
 * vfio pin site added to patch n under the function name `pinSites` maps it to: PIN_HELPER for
 * the same code as v1's, another name for a second, different finding.
 */
export function daxGupV3WithPinSites(pinSites: ReadonlyMap<number, string>): string {
  return seriesWithPinSites('02-dax-gup-mistake-v3.mbox', pinSites);
}

/** The name of the vfio helper withVfioPinSite adds. */
export const PIN_HELPER = 'vfio_pin_pages_fast';

function seriesWithPinSites(sample: string, pinSites: ReadonlyMap<number, string>): string {
  const raws = splitMbox(readFileSync(`${CORPUS}series-samples/${sample}`)).map((b) => b.toString('latin1'));
  const seen = new Set<number>();
  const mails = raws.map((raw) => {
    const n = Number(/^Subject: \[PATCH (?:v\d+ )?(\d+)\/\d+\]/m.exec(raw)?.[1]);
    const name = pinSites.get(n);
    if (name === undefined) return raw;
    seen.add(n);
    return withVfioPinSite(raw, false).replaceAll(PIN_HELPER, name);
  });
  if (seen.size !== pinSites.size)
    throw new Error(`series-samples/${sample} changed: patches ${[...pinSites.keys()].join(', ')} not all found`);
  return toMbox(mails);
}

/**
 * Mails (without separator lines) as one mbox: each after a `From ` line and ended by an empty
 * line, which is what makes the next `From ` line a separator (src/input/mbox.ts), not body text.
 */
export function toMbox(mails: readonly string[]): string {
  return mails
    .map((m) => `From derived@dax-review.invalid Thu Jan  1 00:00:00 1970\n${m.replace(/\n*$/, '\n')}\n`)
    .join('');
}

/** The vfio pin site taken out again: the same hunk reversed (a later patch that drops the helper). */
export const VFIO_PIN_SITE_REMOVED: readonly string[] = VFIO_PIN_SITE.map((l, i) => {
  if (i === 1) return 'index 6666666..7777777 100644';
  if (l.startsWith('@@ ')) return l.replace('@@ -600,6 +600,22 @@', '@@ -600,22 +600,6 @@');
  return l.startsWith('+') && !l.startsWith('+++') ? `-${l.slice(1)}` : l;
});

/**
 * series-samples/01 with the vfio pin site added by patch 2 and removed again by patch 5: the
 * series as a whole does not have the problem, so no front end may report it.
 */
export function daxGupSeriesFixedLater(): string {
  const raws = splitMbox(readFileSync(`${CORPUS}series-samples/01-dax-gup-mistake-v1.mbox`)).map((b) =>
    b.toString('latin1'),
  );
  const mails = raws.map((raw) => {
    const n = Number(/^Subject: \[PATCH (\d+)\/\d+\]/m.exec(raw)?.[1]);
    if (n === 2) return withVfioPinSite(raw, false);
    if (n !== 5) return raw;
    const at = raw.indexOf('\ndiff --git ');
    return `${raw.slice(0, at + 1)}${VFIO_PIN_SITE_REMOVED.join('\n')}\n${raw.slice(at + 1)}`;
  });
  if (mails.filter((m, i) => m !== raws[i]).length !== 2)
    throw new Error('series-samples/01 changed: patches 2 and 5 not both found');
  return toMbox(mails);
}

/** The claim rules/map-sync-is-not-persistence exists for (its fixture invalid/02, in prose). */
export const MAP_SYNC_CLAIM =
  'When the backend is a DAX file we now mmap it with MAP_SYNC, so guest writes are durable as soon as the store completes.';

/**
 * A real series (series-samples/01 by default) whose cover letter opens with MAP_SYNC_CLAIM: a
 * finding on the cover, none on the patches.
 */
export function seriesWithCoverClaim(sample = '01-dax-gup-mistake-v1.mbox'): string {
  const raws = splitMbox(readFileSync(`${CORPUS}series-samples/${sample}`)).map((b) => b.toString('latin1'));
  const mails = raws.map((raw) => {
    if (!/^Subject: \[PATCH 0+\/\d+\]/m.test(raw)) return raw;
    const body = raw.search(/\r?\n\r?\n/);
    return `${raw.slice(0, body)}\n\n${MAP_SYNC_CLAIM}\n${raw.slice(body)}`;
  });
  if (mails.filter((m, i) => m !== raws[i]).length !== 1)
    throw new Error(`series-samples/${sample} changed: not one cover letter found`);
  return toMbox(mails);
}
