import { createHash } from 'node:crypto';
import type { PatchMail } from '../model/patch-mail.js';
import type { Series } from '../model/series.js';

/** A work and the version of it at hand: v1..vN of one series share the key. */
export interface WorkVersion {
  readonly key: string;
  readonly version: number;
}

/** b4's `change-id: 20240101-topic-1a2b3c` line (cover letter, else patch 1). */
const CHANGE_ID = /^change-id:\s*(\S+)\s*$/im;

const changeIdOf = (mails: readonly (PatchMail | null | undefined)[]): string | null => {
  for (const m of mails) {
    const id = m ? CHANGE_ID.exec(`${m.commitMessage}\n${m.notes}`)?.[1] : undefined;
    if (id !== undefined) return id;
  }
  return null;
};

const stem = (title: string): string => title.toLowerCase().replace(/\s+/g, ' ').trim();
const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 32);

/**
 * Which work a series (or a lone patch) is a version of: its `change-id:` when it has one,
 * else the author plus the subject stem (cover title, else patch 1's title), the way a
 * maintainer recognises "v3 of that series".
 */
export function workVersionOf(series: Series | null, lone: PatchMail | null): WorkVersion | null {
  if (series !== null) {
    const changeId = changeIdOf([series.cover, series.patches[0]]);
    return {
      key: hash(changeId === null ? `${series.author ?? ''}\n${stem(series.subject)}` : `change-id\n${changeId}`),
      version: series.version,
    };
  }
  if (lone === null) return null;
  const changeId = changeIdOf([lone]);
  return {
    key: hash(
      changeId === null
        ? `${lone.from?.address.toLowerCase() ?? ''}\n${stem(lone.subject.title)}`
        : `change-id\n${changeId}`,
    ),
    version: lone.subject.version,
  };
}
