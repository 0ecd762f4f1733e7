/** GitHub's webhook signature: the `x-hub-signature-256` header value for `body`. */
import { createHmac } from 'node:crypto';

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
