/**
 * Who the service's replies go to, per list (`lists[].replyTo`), on real list mail with To and
 * Cc, read back from the outbox .eml files: reply-all by default (kernel and QEMU etiquette),
 * the author and the list, or the author alone.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, outboxFiles, waitForIdle, type Harness } from '../helpers/service-harness.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const KB = new URL('../fixtures/corpus/kb-mails/', import.meta.url).pathname;
/** nvdimm, To four people and the list, Cc four more. */
const KB14 = join(KB, '14-conditions-for-foll-longterm-mapping-in-fsdax.eml');
/** stable, the author in his own Cc. */
const KB19 = join(KB, '19-kvm-sev-drop-foll-longterm-for-encrypted-region.eml');
/** linux-kernel, To Andrew, Cc LKML, linux-mm and the author. */
const KB09 = join(KB, '09-mm-gup-frame-vector-convert-to-pin-user-pages.eml');

const emails = (a: AddressObject | AddressObject[] | undefined): string[] =>
  [a ?? []].flat().flatMap((o) => o.value.map((v) => v.address ?? ''));

describe('reply recipients per list (outbox)', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.cleanup();
    h = null;
  });

  it(
    'replies to all by default, to the author and the list, or to the author only, as each list says',
    { timeout: 120_000 },
    async () => {
      h = await createHarness({
        waitMs: 300,
        lists: [
          '{ id: nvdimm.lists.linux.dev, address: nvdimm@lists.linux.dev }',
          '{ id: stable.vger.kernel.org, address: stable@vger.kernel.org, replyTo: author }',
          '{ id: linux-kernel.vger.kernel.org, address: linux-kernel@vger.kernel.org, replyTo: list }',
        ],
      });
      await h.start();
      await dropIntoSpool(h.spool, [KB14, KB19, KB09]);
      await waitForIdle(h);

      const replies = await Promise.all(
        (await outboxFiles(h.outbox)).map(async (f) => simpleParser(await readFile(join(h!.outbox, f)))),
      );
      const byAuthor = new Map(replies.map((r) => [emails(r.to).join(','), emails(r.cc)]));
      expect([...byAuthor.keys()].sort()).toEqual([
        'jhubbard@nvidia.com',
        'pankaj.gupta@amd.com',
        'usama.arif@bytedance.com',
      ]);
      // nvdimm (default all): every To and Cc of the patch, the list once although it was in To.
      expect(byAuthor.get('usama.arif@bytedance.com')).toEqual([
        'dan.j.williams@intel.com',
        'vishal.l.verma@intel.com',
        'dave.jiang@intel.com',
        'nvdimm@lists.linux.dev',
        'linux-mm@kvack.org',
        'linux-fsdevel@vger.kernel.org',
        'fam.zheng@bytedance.com',
        'liangma@liangbit.com',
      ]);
      expect(byAuthor.get('pankaj.gupta@amd.com')).toEqual([]);
      expect(byAuthor.get('jhubbard@nvidia.com')).toEqual(['linux-kernel@vger.kernel.org']);
    },
  );
});
