/** One raw RFC 822 message as read from an input, before any parsing. */
export interface RawMessage {
  /** Where it came from: `a.eml`, `list.mbox#12` (1-based), `maildir/cur/123:2,S`, `-#3`. */
  readonly source: string;
  readonly raw: Buffer;
}

/** An input that cannot be read at all (missing file, permission, corrupt gzip). */
export class UnreadableInputError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot read ${input}: ${reason}`, options);
    this.name = 'UnreadableInputError';
  }
}
