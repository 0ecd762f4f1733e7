import type { Series } from '../model/series.js';
import type { SeriesMember } from './series-member.js';

/** The member that names the series: the cover, else patch 1, else the lowest-numbered patch. */
function rootOf(members: readonly SeriesMember[]): SeriesMember {
  let root: SeriesMember | undefined;
  for (const m of members) if (root === undefined || m.index < root.index) root = m;
  if (root === undefined) throw new RangeError('a series needs at least one member');
  return root;
}

/**
 * Hands out series ids: the root's Message-ID; `synthetic:<source>` for a root without one
 * (`git format-patch` output). Ids stay unique within one assembly: when two different mails
 * share a Message-ID (nvdimm: a `[PATCH]` and its later `[RESEND PATCH v2]`), the later series
 * gets `<id>#<source>`. Call in arrival order so the first posting keeps the plain id.
 */
export class SeriesIdAllocator {
  private readonly used = new Set<string>();

  /** A unique id for a series rooted at `root`. */
  allocate(root: SeriesMember): string {
    const plain = root.mail.messageId ?? `synthetic:${root.mail.source}`;
    let id = this.used.has(plain) ? `${plain}#${root.mail.source}` : plain;
    // Only a batch holding one source twice gets here; keep going rather than collide.
    for (let n = 2; this.used.has(id); n++) id = `${plain}#${root.mail.source}~${n}`;
    this.used.add(id);
    return id;
  }
}

/**
 * Builds the model object for one series from members that fill distinct slots. Subject,
 * version, N and the RFC / RESEND flags come from the root (see {@link rootOf}); `author` is
 * the root sender's address. `complete` means every patch 1..N is present (so a `0/0` cover is
 * complete and a lone cover with N ≥ 1 is not); a patch numbered past N (`[PATCH 5/4]`) stays
 * in `patches` but does not count towards completeness.
 */
export function toSeries(members: readonly SeriesMember[], ids: SeriesIdAllocator): Series {
  const root = rootOf(members);
  const subject = root.mail.subject;
  const total = subject.total ?? 1;
  const patches = members.filter((m) => m.index > 0).sort((a, b) => a.index - b.index);
  const present = new Set(patches.map((m) => m.index));
  let complete = true;
  for (let n = 1; n <= total && complete; n++) complete = present.has(n);
  return {
    id: ids.allocate(root),
    subject: subject.title,
    version: subject.version,
    total,
    rfc: subject.rfc,
    resend: subject.resend,
    author: root.mail.from?.address ?? null,
    cover: members.find((m) => m.index === 0)?.mail ?? null,
    patches: patches.map((m) => m.mail),
    complete,
  };
}
