import type { EmailReply } from '../render/email-reply.js';
import { createHash } from 'node:crypto';

/**
 * A forced re-publish (`rereview --force`) as a new mail: sinks keep one mail per Message-ID
 * (their idempotence contract), so sending "again" needs a Message-ID of its own. The finding-set
 * fingerprint header stays, so the copies are recognisably the same review.
 */
export function reissueReply(reply: EmailReply, nonce: string): EmailReply {
  const suffix = createHash('sha256').update(nonce).digest('hex').slice(0, 8);
  const [local = '', domain = ''] = reply.messageId.split('@');
  return { ...reply, messageId: `${local}-${suffix}@${domain}`, fingerprint: `${reply.fingerprint}${suffix}` };
}
