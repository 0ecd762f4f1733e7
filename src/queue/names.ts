import { createHash } from 'node:crypto';

/**
 * Queue names. The pipeline is ingest → series → review → publish; each source polled by the
 * service has its own poll queue, so a machine only ever runs the polls of sources it has
 * (a spool folder is local to its machine; a public-inbox mirror may be shared).
 */
export const QUEUE = {
  ingest: 'ingest',
  series: 'series',
  review: 'review',
  publish: 'publish',
} as const;

export type PipelineQueue = (typeof QUEUE)[keyof typeof QUEUE];

const DAY_MS = 24 * 3600 * 1000;

/** How long raw mail, parsed records and replies are kept. @defaultValue 90 days */
export const DEFAULT_RETENTION_MS = 90 * DAY_MS;

/** How long send records and finding history are kept (`redis.ledgerRetentionDays`). @defaultValue 400 days */
export const DEFAULT_LEDGER_RETENTION_MS = 400 * DAY_MS;

/** The service config's retention settings in ms. */
export function retentionMs(redis: { retentionDays: number; ledgerRetentionDays: number }): {
  data: number;
  ledger: number;
} {
  return { data: redis.retentionDays * DAY_MS, ledger: redis.ledgerRetentionDays * DAY_MS };
}

/** Default key prefix of every queue and every app key; tests use a random one each. */
export const DEFAULT_PREFIX = 'dax';

/** Short stable hex id of any string: for job ids and Redis keys built from Message-IDs. */
export function shortHash(s: string, length = 32): string {
  return createHash('sha256').update(s).digest('hex').slice(0, length);
}

/** The poll queue of one source (source ids hold ':' and '/', queue names must not). */
export function pollQueueName(sourceId: string): string {
  return `poll-${shortHash(sourceId, 16)}`;
}

/** Our own Redis keys, under the same prefix as the queues but apart from BullMQ's. */
export function appKey(prefix: string, ...parts: string[]): string {
  return [prefix, 'app', ...parts].join(':');
}
