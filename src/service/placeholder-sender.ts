/** Domains reserved for examples and tests (RFC 2606): no real list accepts mail from them. */
const PLACEHOLDER = /(^|\.)(example\.(org|com|net)|example|invalid|test)$/i;

/**
 * The identity fields still at a placeholder (the README's example.org, the embedded
 * dax-review.invalid): empty when the bot has a real sender.
 */
export function placeholderSender(identity: {
  readonly from: { readonly address: string };
  readonly domain: string;
}): string[] {
  const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1);
  return [
    ...(PLACEHOLDER.test(domainOf(identity.from.address)) ? ['identity.from.address'] : []),
    ...(PLACEHOLDER.test(identity.domain) ? ['identity.domain'] : []),
  ];
}
