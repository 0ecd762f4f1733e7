import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

/** Runs the CLI in this process with extra environment; returns the exit code and stdout. */
export async function cliInProcess(
  env: Readonly<Record<string, string>>,
  ...args: string[]
): Promise<{ code: number; out: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  try {
    return { code: await main(['node', 'dax-review', ...args]), out };
  } finally {
    spy.mockRestore();
    process.env = saved;
  }
}
