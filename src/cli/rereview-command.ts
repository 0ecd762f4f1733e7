import { QueueEvents } from 'bullmq';
import { createRedis } from '../queue/connection.js';
import { jobId, type ReviewJob } from '../queue/jobs.js';
import { threadRootOf } from '../queue/message-store.js';
import { QUEUE } from '../queue/names.js';
import type { ReviewSummary } from '../review/review-summary.js';
import type { ServiceClient } from './service-client.js';

export class UnknownMessageError extends Error {
  override readonly name = 'UnknownMessageError';
}

/** `<id>`, `id`, or a lore/public-inbox URL (`https://lore.kernel.org/linux-mm/<id>/`) → the Message-ID. */
export function messageIdFrom(arg: string): string {
  const url = /^https?:\/\/[^/]+\/(?:[^/]+\/)?([^/]+@[^/]+?)\/?(?:[tT]\/?|raw)?(?:#.*)?$/.exec(arg.trim());
  const id = url?.[1] === undefined ? arg.trim() : decodeURIComponent(url[1]);
  return id.replace(/^<|>$/g, '');
}

/**
 * Re-runs the review of the series holding this message through the queues (the running
 * service's workers do it), waits for it and returns its summary. `force` publishes again
 * even when the same reply was already sent.
 */
export async function rereview(
  client: ServiceClient,
  arg: string,
  force: boolean,
  timeoutMs: number,
): Promise<ReviewSummary> {
  const key = messageIdFrom(arg);
  const record = await client.messages.get(key);
  if (record === null)
    throw new UnknownMessageError(
      `message <${key}> was never ingested (enqueue it first: \`dax-review enqueue <file>\`)`,
    );
  const data: ReviewJob = { threadRoot: threadRootOf(record.mail, key), trigger: key, reason: 'rereview', force };
  // QueueEvents blocks on a stream read: it needs a connection that retries (worker kind).
  const eventsConnection = createRedis(client.url, 'worker');
  const events = new QueueEvents(QUEUE.review, { connection: eventsConnection, prefix: client.prefix });
  try {
    await events.waitUntilReady();
    const job = await client.queues.review.add('review', data, { jobId: jobId.rereview(key, String(Date.now())) });
    return (await job.waitUntilFinished(events, timeoutMs)) as ReviewSummary;
  } finally {
    await events.close();
    await eventsConnection.quit();
  }
}

export function formatSummary(s: ReviewSummary): string {
  const lines = [`series ${s.seriesId ?? '(none)'}${s.complete ? '' : ' (incomplete)'}`];
  for (const p of s.patches) {
    lines.push(`${p.subject} <${p.messageId ?? '?'}>`);
    for (const f of p.findings)
      lines.push(
        `  ${f.file ?? '(message)'}${f.line === null ? '' : `:${f.line}`}: ${f.severity}: [${f.rule}] ${f.message}`,
      );
    for (const f of p.persisting)
      lines.push(`  ${f.file ?? '(message)'}: [${f.rule}] persists since v${f.since} (not explained again)`);
    lines.push(p.reply === null ? `  no reply: ${p.skipped ?? '?'}` : `  reply: <${p.reply}>`);
  }
  return `${lines.join('\n')}\n`;
}
