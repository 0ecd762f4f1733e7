/**
 * Which webhook deliveries (X-GitHub-Delivery) were already acted on, so a redelivery of the
 * same one queues nothing twice. A delivery is claimed with SET NX and a short TTL while its
 * work runs, then marked done with a long TTL once the work is queued; if the work fails the
 * claim is released (or lapses, if the process died), so GitHub's redelivery goes through.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { appKey } from '../queue/names.js';

/**
 * How long a handled delivery is remembered. GitHub lets a delivery be redelivered for 3 days
 * ("Redelivering webhooks", GitHub docs); a day more covers clock skew and slow operators.
 */
export const DELIVERY_TTL_SECONDS = 4 * 24 * 3600;

/** How long a claim holds while its work runs: far above the 10 s GitHub waits for an answer. */
export const CLAIM_TTL_SECONDS = 60;

export type DeliveryState = 'pending' | 'done' | null;

export interface DeliveryLedger {
  /** A claim when this caller is the first to take the delivery; null when it is taken or done. */
  claim(deliveryId: string): Promise<DeliveryClaim | null>;
  /** What the ledger holds for a delivery (for tests and operators). */
  state(deliveryId: string): Promise<DeliveryState>;
}

export interface DeliveryClaim {
  /** The work is queued: remember the delivery for DELIVERY_TTL_SECONDS. */
  complete(): Promise<void>;
  /** The work failed before it was queued: forget the claim so a redelivery is handled. */
  release(): Promise<void>;
}

// Deletes the key only if it still holds this claim's token (not another claim, not 'done').
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

const PENDING = 'pending:';
const DONE = 'done';

export function createDeliveryLedger(redis: Redis, prefix: string, ttlSeconds = DELIVERY_TTL_SECONDS): DeliveryLedger {
  const key = (id: string): string => appKey(prefix, 'gh-delivery', id);
  return {
    async claim(deliveryId) {
      const k = key(deliveryId);
      const token = `${PENDING}${randomUUID()}`;
      const ok = await redis.set(k, token, 'EX', CLAIM_TTL_SECONDS, 'NX');
      if (ok !== 'OK') return null;
      return {
        async complete() {
          await redis.set(k, DONE, 'EX', ttlSeconds);
        },
        async release() {
          await redis.eval(RELEASE, 1, k, token);
        },
      };
    },
    async state(deliveryId) {
      const v = await redis.get(key(deliveryId));
      if (v === null) return null;
      return v === DONE ? 'done' : 'pending';
    },
  };
}
