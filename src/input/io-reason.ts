/**
 * Why a file or stream could not be used, in a few words: `permission denied`, `no such file or
 * directory`, `not valid gzip data (…)`. System errors lose their code and path (the caller names
 * the path once), other errors keep their message.
 */
export function ioReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { code, syscall } = err as NodeJS.ErrnoException;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') return `not valid gzip data (${err.message})`;
  // libuv's form: "EACCES: permission denied, open '/x/y'".
  const m = code !== undefined && syscall !== undefined ? new RegExp(`^${code}: ([^,]+)`).exec(err.message) : null;
  return m?.[1] ?? err.message;
}
