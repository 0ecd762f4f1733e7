import { open, type FileHandle } from 'node:fs/promises';
import { ioReason } from '../input/io-reason.js';

/** The report file (`check -o`) cannot be written: an input/usage error (exit 2), not a finding. */
export class UnwritableOutputError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot write ${path}: ${reason}`, options);
    this.name = 'UnwritableOutputError';
  }
}

/** A report file opened before the check runs, so that a bad path fails at once, not after it. */
export interface OutputFile {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

export async function openOutput(path: string): Promise<OutputFile> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'w');
  } catch (err) {
    throw new UnwritableOutputError(path, ioReason(err), { cause: err });
  }
  return {
    async write(text) {
      try {
        await handle.writeFile(text);
      } catch (err) {
        throw new UnwritableOutputError(path, ioReason(err), { cause: err });
      }
    },
    close: () => handle.close(),
  };
}
