/** A mainline kernel release, 'v5.2' = major 5, minor 2. */
export interface KernelVersion {
  readonly major: number;
  readonly minor: number;
}

/** Parses 'v5.2', '5.2', '5.10.y', '4.19.123', 'stable-4.19', 'linux-6.1.y'; null otherwise. */
export function parseKernelVersion(text: string): KernelVersion | null {
  const m = /^(?:v|stable-|linux-)?(\d)\.(\d{1,2})(?:\.(?:\d+|y))?\+?$/i.exec(text.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

export function compareKernel(a: KernelVersion, b: KernelVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

export function formatKernel(v: KernelVersion): string {
  return `v${v.major}.${v.minor}`;
}

/** 'v5.2' → KernelVersion; throws on a malformed literal (a programming error in a rule). */
export function kernel(literal: string): KernelVersion {
  const v = parseKernelVersion(literal);
  if (v === null) throw new Error(`not a kernel version: "${literal}"`);
  return v;
}
