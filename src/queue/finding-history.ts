import type { Redis } from 'ioredis';
import { appKey, DEFAULT_LEDGER_RETENTION_MS } from './names.js';

/**
 * KEYS[1] the work's hash (field: finding fingerprint → earliest version it was raised on);
 * ARGV[1] the version under review; ARGV[2] retention in ms, renewed by every version;
 * ARGV[3..] fingerprints. For each fingerprint returns the
 * earliest version known before this call (0: never raised), then lowers the stored version to
 * ARGV[1] when that is earlier. Atomic, so two workers reviewing v1 and v2 at once agree.
 */
const RECORD = `
local out = {}
local v = tonumber(ARGV[1])
for i = 3, #ARGV do
  local old = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
  out[#out + 1] = old
  if old == 0 or v < old then redis.call('HSET', KEYS[1], ARGV[i], v) end
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return out`;

/** Per work (v1..vN of a series), the version each finding was first raised on. */
export class FindingHistory {
  /** @param retentionMs the history of a work expires this long after its latest version */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly retentionMs = DEFAULT_LEDGER_RETENTION_MS,
  ) {}

  /**
   * Records that these findings are raised on `version` and returns, per fingerprint, the
   * earliest version they were raised on before (0 when never).
   */
  async record(workKey: string, version: number, fingerprints: readonly string[]): Promise<Map<string, number>> {
    if (fingerprints.length === 0) return new Map();
    const result = await this.redis.eval(
      RECORD,
      1,
      appKey(this.prefix, 'work', workKey),
      String(version),
      String(this.retentionMs),
      ...fingerprints,
    );
    const earliest = Array.isArray(result) ? result.map(Number) : [];
    return new Map(fingerprints.map((fp, i) => [fp, earliest[i] ?? 0]));
  }
}
