import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { messageIdFrom } from '../../src/cli/rereview-command.js';
import { cliInProcess } from '../helpers/cli-in-process.js';
import { BIN } from '../helpers/run-cli.js';
import { createHarness, outboxFiles, waitForIdle, type Harness } from '../helpers/service-harness.js';

const KB09 = new URL(
  '../fixtures/corpus/kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml',
  import.meta.url,
).pathname;
const SERIES = new URL('../fixtures/corpus/series-samples/01-dax-gup-mistake-v1.mbox', import.meta.url).pathname;
const KB09_ID = '20200527223243.884385-3-jhubbard@nvidia.com';

describe('messageIdFrom', () => {
  it.each([
    [`<${KB09_ID}>`, KB09_ID],
    [KB09_ID, KB09_ID],
    [`https://lore.kernel.org/linux-mm/${KB09_ID}/`, KB09_ID],
    [`https://lore.kernel.org/r/${KB09_ID}`, KB09_ID],
    [`https://lore.kernel.org/all/${KB09_ID}/T/#u`, KB09_ID],
  ])('%s', (arg, id) => {
    expect(messageIdFrom(arg)).toBe(id);
  });
});

describe('enqueue and rereview through the queues (real Redis)', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.cleanup();
    h = null;
  });

  it('backfills with `enqueue`, then `rereview` prints the findings without sending twice', async () => {
    h = await createHarness();
    await h.start();
    const enq = await cliInProcess(h.env, 'enqueue', '--no-progress', KB09, SERIES);
    expect(enq).toEqual({ code: 0, out: 'enqueued 15 messages\n' });
    await waitForIdle(h);
    expect(await outboxFiles(h.outbox)).toHaveLength(1);

    const again = await cliInProcess(h.env, 'rereview', `https://lore.kernel.org/linux-mm/${KB09_ID}/`);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`<${KB09_ID}>`);
    expect(again.out).toContain('[longterm-pin-without-foll-longterm]');
    expect(again.out).toMatch(/reply: <dax-review\.[0-9a-f]{24}@dax-review\.invalid>/);
    await waitForIdle(h);
    expect(await outboxFiles(h.outbox)).toHaveLength(1);

    // --force: the same findings go out again, as a new mail with a Message-ID of its own.
    const forced = await cliInProcess(h.env, 'rereview', '--force', KB09_ID);
    expect(forced.out).toMatch(/reply: <dax-review\.[0-9a-f]{24}-[0-9a-f]{8}@dax-review\.invalid>/);
    await waitForIdle(h);
    expect(await outboxFiles(h.outbox)).toHaveLength(2);

    // A clean patch of the series: reviewed, nothing to say.
    const clean = await cliInProcess(
      h.env,
      'rereview',
      '166225776577.2351842.7326849167823619889.stgit@dwillia2-xfh.jf.intel.com',
    );
    expect(clean.out).toContain('no reply: no findings');

    const unknown = await cliInProcess(h.env, 'rereview', 'never-seen@example.org');
    expect(unknown.code).toBe(2);
  });

  it('`enqueue` draws its progress bar on a terminal (util-linux script gives it a pty)', async () => {
    h = await createHarness();
    const cmd = `${process.execPath} ${BIN} enqueue ${SERIES}`;
    const { stdout } = await promisify(execFile)('script', ['-qec', cmd, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, ...h.env },
    });
    expect(stdout).toMatch(/enqueueing \[[█░]+\] 100% \| 0\.\d\/0\.\d MB/);
    expect(stdout).toContain('enqueued 14 messages');
  });
});
