/**
 * A Message-ID is not an identity: the nvdimm archive has a `[PATCH] dt-bindings: pmem: Convert
 * binding to YAML` and its later `[RESEND PATCH v2]` under one id. The service must tell such a
 * different mail from a redelivery of the same one: the second mail is reviewed too (under a key
 * of its own), while a true redelivery (the same mail again) stays a duplicate.
 *
 * Derived fixture: kb-mails/09 (one real finding) re-posted with kb-mails/19's Message-ID, as a
 * mailer that reuses ids would; both are lone patches with findings, so each must get its reply.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUEUE } from '../../src/queue/names.js';
import type { IngestResult } from '../../workers/ingest.js';
import { completedResults, outboxFiles, useHarnessPerTest, waitForIdle } from '../helpers/service-harness.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const corpus = (p: string): string => new URL(`../fixtures/corpus/kb-mails/${p}`, import.meta.url).pathname;
const KB19 = corpus('19-kvm-sev-drop-foll-longterm-for-encrypted-region.eml');
const KB09 = corpus('09-mm-gup-frame-vector-convert-to-pin-user-pages.eml');

describe('a different mail reusing a Message-ID (real Redis)', () => {
  const perTest = useHarnessPerTest();

  it('is reviewed and replied to as well, while a redelivery of either stays a duplicate', async () => {
    const kb19 = await readFile(KB19, 'latin1');
    const id = /^Message-ID: <([^>]+)>/im.exec(kb19)?.[1];
    if (id === undefined) throw new Error('kb-mails/19 has no Message-ID');
    const reused = (await readFile(KB09, 'latin1'))
      .replace(/^Message-ID: <[^>]+>/im, `Message-ID: <${id}>`)
      // A lone patch, like the RESEND: not threaded under kb-mails/09's own cover letter.
      .replace(/^(In-Reply-To|References): .*(\n[ \t].*)*\n/gim, '');
    const reusedFile = await perTest.writeDerived('reused.eml', reused);
    // kb-mails/19 delivered again through another hop: the same mail, other bytes (as the
    // archive's 22 copies of one reply differ only in Received lines).
    const redeliveryFile = await perTest.writeDerived(
      'redelivery.eml',
      `Received: from relay.example.org by lists.example.org; Wed, 1 Jul 2026 15:00:00 +0000\n${kb19}`,
    );

    const h = await perTest.start();
    await dropIntoSpool(h.spool, [KB19]);
    await waitForIdle(h);
    await dropIntoSpool(h.spool, [reusedFile, redeliveryFile]);
    await waitForIdle(h);

    const ingested = (await completedResults(h, QUEUE.ingest)) as IngestResult[];
    const stored = ingested
      .filter((r) => !r.duplicate)
      .map((r) => r.messageKey)
      .sort();
    expect(stored).toEqual([
      id,
      expect.stringMatching(new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#[0-9a-f]{16}$`)) as unknown,
    ]);
    // kb-mails/19 delivered twice: the second copy is a duplicate.
    expect(ingested.filter((r) => r.duplicate).map((r) => r.messageKey)).toEqual([id]);
    // Both different mails have findings: two replies, one per mail.
    const replies = await Promise.all((await outboxFiles(h.outbox)).map((f) => readFile(join(h.outbox, f), 'utf8')));
    expect(replies).toHaveLength(2);
    expect(replies.filter((r) => r.includes('frame_vector'))).toHaveLength(1);
  });
});
