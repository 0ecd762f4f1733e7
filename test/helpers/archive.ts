/**
 * Where the whole-archive tests and benchmarks find their archive: `DAX_REVIEW_ARCHIVE` (an mbox,
 * optionally .gz), else the nvdimm archive beside the checkout (`../shared/corpus/nvdimm.mbox.gz`)
 * where it exists. A user's clone has neither, so those tests are skipped, and said so once by
 * test/helpers/archive-notice.ts. Their figures (14,925 messages, one judged finding) are those of
 * the nvdimm archive of 2026-07-15; another archive is for `npm run bench` and test/scan-archive.ts.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BESIDE_CHECKOUT = fileURLToPath(new URL('../../../shared/corpus/nvdimm.mbox.gz', import.meta.url));

/** The archive path, or null when there is none; a DAX_REVIEW_ARCHIVE that does not exist is an error. */
export function archivePath(env: NodeJS.ProcessEnv = process.env): string | null {
  const given = env.DAX_REVIEW_ARCHIVE;
  if (given !== undefined && given !== '') {
    if (!existsSync(given)) throw new Error(`DAX_REVIEW_ARCHIVE=${given}: no such file`);
    return given;
  }
  return existsSync(BESIDE_CHECKOUT) ? BESIDE_CHECKOUT : null;
}

export const ARCHIVE_HOWTO = [
  'whole-archive tests skipped: no archive (set DAX_REVIEW_ARCHIVE to an mbox or mbox.gz).',
  'Their figures are those of the nvdimm list archive, epoch 0, up to 2026-07-15 (14,925 messages). To build it',
  'from the public-inbox mirror:',
  '  git clone --mirror https://lore.kernel.org/nvdimm/0 nvdimm-0.git',
  '  git -C nvdimm-0.git log --reverse --format=%H master | while read c; do',
  "    echo 'From mboxrd@z Thu Jan  1 00:00:00 1970'; git -C nvdimm-0.git show \"$c:m\" | sed -E 's/^(>*From )/>\\1/'; echo",
  '  done | gzip > nvdimm.mbox.gz && export DAX_REVIEW_ARCHIVE=$PWD/nvdimm.mbox.gz',
].join('\n');
