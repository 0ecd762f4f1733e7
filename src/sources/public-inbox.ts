import { z } from 'zod';
import { PermanentError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { GitRepo } from './git-repo.js';
import type { PollResult, PullSource, RawItem } from './source.js';

/** Where public-inbox v2 keeps the message in each commit's tree (public-inbox-v2-format(5)). */
const MESSAGE_BLOB = 'm';
const OID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** The public-inbox part of the service config (validated where the config file is read). */
export const PublicInboxSourceConfig = z
  .object({
    /** Epoch repositories in epoch order (local clones; `git clone --mirror https://lore.kernel.org/<list>/0`). */
    epochs: z.array(z.string().min(1)).min(1),
    /** Run `git fetch` in each epoch before each poll. @defaultValue false */
    fetch: z.boolean().default(false),
  })
  .strict();
export type PublicInboxSourceConfig = z.infer<typeof PublicInboxSourceConfig>;

export interface PublicInboxSourceOptions {
  /** e.g. `public-inbox:nvdimm`. */
  readonly id: string;
  /**
   * The epoch repositories in epoch order: `[…/nvdimm/git/0.git, …/1.git]` or mirrors of lore's
   * `https://lore.kernel.org/<list>/0`. An epoch's position in this list is its number in cursors.
   */
  readonly epochs: readonly string[];
  readonly logger: Logger;
  /**
   * Run `git fetch` in each epoch before reading it (for `git clone --mirror` clones).
   * @defaultValue false: something else keeps the mirror up to date
   */
  readonly fetch?: boolean;
}

/** Last processed commit per epoch number. */
type Cursor = ReadonlyMap<number, string>;

/** Cursor text: `0=<oid>,1=<oid>`, epochs without a processed commit left out. */
export function formatCursor(cursor: Cursor): string {
  return [...cursor]
    .sort(([a], [b]) => a - b)
    .map(([e, oid]) => `${e}=${oid}`)
    .join(',');
}

export function parseCursor(text: string | undefined, sourceId: string): Cursor {
  const cursor = new Map<number, string>();
  if (text === undefined || text === '') return cursor;
  for (const part of text.split(',')) {
    const m = /^(\d+)=(\S+)$/.exec(part);
    if (m?.[1] === undefined || m[2] === undefined || !OID.test(m[2])) {
      // Permanent: a corrupt cursor in Redis will not fix itself; an operator resets it.
      throw new PermanentError(`${sourceId}: bad cursor ${JSON.stringify(text)}: expected "<epoch>=<commit oid>,…"`);
    }
    cursor.set(Number(m[1]), m[2]);
  }
  return cursor;
}

/**
 * Reads a public-inbox v2 archive (the format lore serves), one git repository per epoch. Each
 * commit adds one message as the blob `m`; commits are taken oldest first after the cursor's
 * commit, epoch by epoch. A cursor commit that HEAD no longer contains (a rewritten or
 * re-cloned mirror) restarts that epoch from its root, with a warning: re-delivered messages
 * are harmless, since ingest de-duplicates by content, while skipped ones would be lost.
 */
export class PublicInboxSource implements PullSource {
  readonly id: string;
  private readonly repos: readonly GitRepo[];

  constructor(private readonly options: PublicInboxSourceOptions) {
    if (options.epochs.length === 0) throw new Error(`${options.id}: no epoch repository configured`);
    this.id = options.id;
    this.repos = options.epochs.map((p) => new GitRepo(p));
  }

  async poll(cursorText: string | undefined, limit: number, signal: AbortSignal): Promise<PollResult> {
    const cursor = new Map(parseCursor(cursorText, this.id));
    const items: RawItem[] = [];
    for (const [epoch, repo] of this.repos.entries()) {
      if (items.length >= limit) break;
      if (this.options.fetch === true) await repo.fetch(signal);
      const start = await this.startAfter(epoch, repo, cursor.get(epoch) ?? null, signal);
      if (start === null) continue;
      const commits = (await repo.commitsAfter(start.after, signal)).slice(0, limit - items.length);
      if (commits.length === 0) continue;
      const blobs = await repo.readBlobs(
        commits.map((c) => `${c.oid}:${MESSAGE_BLOB}`),
        signal,
      );
      commits.forEach((c, i) => {
        const raw = blobs[i];
        // A commit without `m` removes a message (public-inbox-purge writes `d`): nothing to read.
        if (raw === null || raw === undefined) {
          this.options.logger.debug({ sourceId: this.id, epoch, commit: c.oid }, 'commit carries no message');
          return;
        }
        items.push({ sourceId: this.id, itemKey: c.oid, receivedAt: c.committedAt, kind: 'rfc822', raw });
      });
      const missing = blobs.filter((b) => b === null).length;
      if (missing === commits.length && commits.length > 1) {
        // Purges are rare: a whole page without `m` is more likely a repository that is not a
        // public-inbox v2 epoch (a wrong path in the config).
        this.options.logger.warn(
          { sourceId: this.id, epoch, repo: repo.path, commits: commits.length },
          `no commit of this page has a "${MESSAGE_BLOB}" blob: is this a public-inbox v2 epoch?`,
        );
      }
      const last = commits.at(-1);
      if (last !== undefined) cursor.set(epoch, last.oid);
    }
    return { items, next: formatCursor(cursor) };
  }

  /** Where to walk from in one epoch (`after` null: from the root); null for an empty repository. */
  private async startAfter(
    epoch: number,
    repo: GitRepo,
    oid: string | null,
    signal: AbortSignal,
  ): Promise<{ after: string | null } | null> {
    if ((await repo.head(signal)) === null) return null;
    if (oid === null || (await repo.isAncestorOfHead(oid, signal))) return { after: oid };
    this.options.logger.warn(
      { sourceId: this.id, epoch, repo: repo.path, cursor: oid },
      'cursor commit is no longer in the history (force-pushed or rewritten mirror): reading this epoch again from its root',
    );
    return { after: null };
  }
}
