/**
 * Message-ID lists from `References` / `In-Reply-To` / `Message-ID` header values.
 *
 * Forms seen: `<a@b> <c@d>` folded over several lines (space or tab), comma-separated
 * `<a@b>, <c@d>`, `In-Reply-To: <a@b> (Fam Zheng's message of "Tue, 28 Jun 2016")`,
 * ids without brackets (edge 0014 `Based-on: 2016…@redhat.com`), and stray garbage.
 */

const BRACKETED = /<([^<>\s]+)>/g;

/**
 * The ids in a header value, in order, without angle brackets. Bracketed ids win; a value
 * with none is split on whitespace and commas, keeping tokens that look like `local@domain`.
 */
export function parseMessageIds(value: string | undefined): string[] {
  if (value === undefined || value === '') return [];
  const out: string[] = [];
  for (const m of value.matchAll(BRACKETED)) {
    if (m[1] !== undefined) out.push(m[1]);
  }
  if (out.length > 0) return out;
  return value.split(/[\s,]+/).filter((t) => /^[^@\s<>()"]+@[^@\s<>()"]+$/.test(t));
}

/** The first id of a header value, or null. */
export function parseMessageId(value: string | undefined): string | null {
  return parseMessageIds(value)[0] ?? null;
}
