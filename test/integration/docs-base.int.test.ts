import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, outboxFiles, waitForIdle, type Harness } from '../helpers/service-harness.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const KB09 = new URL(
  '../fixtures/corpus/kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml',
  import.meta.url,
).pathname;
const BASE = 'https://docs.example.org/dax-review/1.0';

describe('identity.docsBase (real Redis, spool → outbox)', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.cleanup();
    h = null;
  });

  it("a reply links the finding's rule page and, in its footer, the catalog under the configured base", async () => {
    h = await createHarness({ extraConfig: [`identity: { docsBase: '${BASE}' }`] });
    await h.start();
    await dropIntoSpool(h.spool, [KB09]);
    await waitForIdle(h);
    const [file] = await outboxFiles(h.outbox);
    const text = (await simpleParser(await readFile(join(h.outbox, file!)))).text ?? '';
    expect(text).toContain(`Rule documentation: ${BASE}/rules/longterm-pin-without-foll-longterm/README.md`);
    expect(text).toContain(`How each rule works: ${BASE}/rules/README.md`);
    expect(text).not.toContain('github.com/dax-review');
  });
});
