/** One raw RFC 822 message as read from an input, before any parsing. */
export interface RawMessage {
  /** Where it came from: `a.eml`, `list.mbox#12` (1-based), `maildir/cur/123:2,S`, `-#3`. */
  readonly source: string;
  readonly raw: Buffer;
  /**
   * Set (and `raw` empty) for a file found in a folder that could not be read (permissions, a
   * corrupt .gz): the reason. Only with ReadOptions.listUnreadable; the checker lists it as unparsed.
   */
  readonly unreadable?: string;
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

/** A file or standard input named on the command line that holds no message at all. */
export class NoMessagesError extends UnreadableInputError {
  constructor(input: string) {
    super(input, 'no messages');
    this.message = input === '-' ? 'no messages on standard input' : `no messages in ${input}`;
    this.name = 'NoMessagesError';
  }
}
