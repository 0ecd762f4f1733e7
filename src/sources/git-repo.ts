import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** 64 MiB: `rev-list` of a whole epoch (~1M commits × 52 bytes) still fits. */
const MAX_LIST_OUTPUT = 64 * 1024 * 1024;

/** A commit as `git rev-list --timestamp` lists it. */
export interface CommitRef {
  readonly oid: string;
  /** Committer time, ISO 8601: when the archive took the message. */
  readonly committedAt: string;
}

/** A failed git command, with the repository, the command and git's own words. */
export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(
    readonly repo: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    stderr: string,
  ) {
    super(
      `git ${args.join(' ')} in ${repo} failed${exitCode === null ? '' : ` (exit ${exitCode})`}: ${stderr.trim() || 'no message'}`,
    );
  }
}

const exitCodeOf = (err: unknown): number | null => {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' ? code : null;
};
const stderrOf = (err: unknown): string => {
  const s = (err as { stderr?: unknown }).stderr;
  return typeof s === 'string' ? s : err instanceof Error ? err.message : String(err);
};

/**
 * The few read-only git plumbing commands a public-inbox source needs. Every command runs with
 * execFile/spawn and an argument vector (never a shell): repository paths and oids come from
 * configuration and cursors, and must not be interpreted.
 */
export class GitRepo {
  constructor(readonly path: string) {}

  private async run(args: readonly string[], signal: AbortSignal): Promise<string> {
    try {
      const { stdout } = await execFileP('git', ['-C', this.path, ...args], {
        signal,
        maxBuffer: MAX_LIST_OUTPUT,
        encoding: 'utf8',
      });
      return stdout;
    } catch (err) {
      if (signal.aborted) throw err;
      throw new GitError(this.path, args, exitCodeOf(err), stderrOf(err));
    }
  }

  /** The commit HEAD points at, or null in an empty repository. */
  async head(signal: AbortSignal): Promise<string | null> {
    try {
      return (await this.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], signal)).trim() || null;
    } catch (err) {
      if (err instanceof GitError && err.exitCode === 1) return null;
      throw err;
    }
  }

  /** Is `oid` a commit that HEAD still contains? False when it is unknown or was rewritten away. */
  async isAncestorOfHead(oid: string, signal: AbortSignal): Promise<boolean> {
    try {
      await this.run(['merge-base', '--is-ancestor', oid, 'HEAD'], signal);
      return true;
    } catch (err) {
      // 1: not an ancestor; 128: no such object (gc'ed after a force push).
      if (err instanceof GitError && (err.exitCode === 1 || err.exitCode === 128)) return false;
      throw err;
    }
  }

  /** Commits after `since` (all from the root when null) up to HEAD, oldest first. */
  async commitsAfter(since: string | null, signal: AbortSignal): Promise<CommitRef[]> {
    const range = since === null ? 'HEAD' : `${since}..HEAD`;
    const out = await this.run(['rev-list', '--reverse', '--timestamp', range, '--'], signal);
    return out
      .split('\n')
      .filter((l) => l !== '')
      .map((line) => {
        const [ts = '0', oid = ''] = line.split(' ');
        return { oid, committedAt: new Date(Number(ts) * 1000).toISOString() };
      });
  }

  /** `git fetch` from the configured remote (a `git clone --mirror` updates every ref). */
  async fetch(signal: AbortSignal): Promise<void> {
    await this.run(['fetch', '--quiet', '--prune'], signal);
  }

  /**
   * Reads `<rev>:<path>` blobs through one `git cat-file --batch` process (one process per
   * page instead of one per message). A missing blob (a commit without that file) maps to null.
   */
  readBlobs(specs: readonly string[], signal: AbortSignal): Promise<(Buffer | null)[]> {
    const args = ['-C', this.path, 'cat-file', '--batch'];
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, { signal, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => err.push(c));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) {
          reject(new GitError(this.path, args.slice(2), code, Buffer.concat(err).toString('utf8')));
          return;
        }
        try {
          resolve(parseBatch(Buffer.concat(out), specs.length, this.path));
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
      child.stdin.end(specs.map((s) => `${s}\n`).join(''));
    });
  }
}

/**
 * Parses `git cat-file --batch` output: per request either `<oid> <type> <size>\n<bytes>\n` or
 * `<spec> missing\n` (git-cat-file(1), "BATCH OUTPUT").
 */
function parseBatch(buf: Buffer, count: number, repo: string): (Buffer | null)[] {
  const blobs: (Buffer | null)[] = [];
  let pos = 0;
  while (blobs.length < count) {
    const eol = buf.indexOf(0x0a, pos);
    if (eol === -1)
      throw new Error(`git cat-file --batch in ${repo}: output ended after ${blobs.length} of ${count} objects`);
    const header = buf.subarray(pos, eol).toString('utf8');
    pos = eol + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (m === null) {
      // `<spec> missing` / `ambiguous`: the commit has no such file.
      blobs.push(null);
      continue;
    }
    const size = Number(m[2]);
    blobs.push(m[1] === 'blob' ? Buffer.from(buf.subarray(pos, pos + size)) : null);
    pos += size + 1;
  }
  return blobs;
}
