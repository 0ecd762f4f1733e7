import { addedFragment } from '../../test/helpers/added-fragment.js';
import { describe, expect, it } from 'vitest';
import { mmapFlagViews } from './mmap-flag-views.js';

const views = (body: string[]) => {
  const f = addedFragment(body, { fn: 'void *map(int fd, size_t len)' });
  const found = mmapFlagViews(
    f,
    f.code.findIndex((t) => t.text === 'MAP_SYNC'),
  );
  return found === null ? null : found.views.map((v) => [...v.constants].sort());
};

describe('mmapFlagViews', () => {
  it('follows a flag variable to the mmap call it feeds', () => {
    expect(
      views([
        '\tint flags = MAP_SHARED;',
        '\tflags |= MAP_SYNC;',
        '\treturn mmap(NULL, len, PROT_READ, flags | MAP_POPULATE, fd, 0);',
      ]),
    ).toEqual([['MAP_POPULATE', 'MAP_SHARED', 'MAP_SYNC']]);
  });

  it('judges an unconsumed construction only when it names the mapping type', () => {
    expect(views(['\tint flags = MAP_SHARED | MAP_SYNC;'])).toEqual([['MAP_SHARED', 'MAP_SYNC']]);
    expect(views(['\tmap_sync_flags = MAP_SYNC;'])).toBeNull();
  });

  it('leaves flags handed to other functions alone', () => {
    expect(
      views(['\tmap_flags = MAP_SHARED | MAP_SYNC;', '\tp = qemu_ram_mmap(fd, len, align, map_flags, 0);']),
    ).toBeNull();
    expect(views(['\tprint_flags(MAP_SHARED | MAP_SYNC);'])).toBeNull();
  });
});
