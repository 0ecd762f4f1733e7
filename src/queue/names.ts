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

/** How long raw mail, parsed records and replies are kept. @defaultValue 90 days */
export const DEFAULT_RETENTION_MS = 90 * 24 * 3600 * 1000;

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
