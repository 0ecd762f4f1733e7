import cliProgress from 'cli-progress';

export interface Progress {
  readonly update: (bytes: number) => void;
  readonly stop: () => void;
}

/** A byte-based progress bar on stderr (only used when stderr is a terminal), named by what it counts. */
export function createProgress(totalBytes: number, label = 'checking'): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value_mb}/{total_mb} MB | {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const mb = (b: number): string => (b / 1e6).toFixed(1);
  bar.start(totalBytes, 0, { value_mb: mb(0), total_mb: mb(totalBytes) });
  let last = 0;
  return {
    update: (bytes) => {
      // Redraw at most every 256 KiB: the bar must not cost measurable time.
      if (bytes - last < 1 << 18 && bytes < totalBytes) return;
      last = bytes;
      bar.update(Math.min(bytes, totalBytes), { value_mb: mb(bytes) });
    },
    stop: () => {
      bar.stop();
    },
  };
}
