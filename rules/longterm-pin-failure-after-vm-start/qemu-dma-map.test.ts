import { describe, expect, it } from 'vitest';
import { parseDiff } from '../../src/diff/parse-diff.js';
import { buildFragment } from '../../src/c/fragment.js';
import { isDmaMapCall, isFatal, isMapPathFunction, mapFailureChecks, propagatesFailure } from './qemu-dma-map.js';
import { codeTokens, tokenizeLines } from '../../src/c/tokenize.js';

const tokens = (text: string) => codeTokens(tokenizeLines(text.split('\n')));

describe('names', () => {
  it('knows map calls and map-path functions', () => {
    expect(
      ['vfio_container_dma_map', 'vhost_vdpa_dma_map', 'iommufd_backend_map_dma', 'iommufd_backend_map_file_dma'].every(
        isDmaMapCall,
      ),
    ).toBe(true);
    expect(isDmaMapCall('vfio_container_dma_unmap')).toBe(false);
    expect(isMapPathFunction('vhost_vdpa_listener_region_add')).toBe(true);
    expect(isMapPathFunction('vfio_listener_region_del')).toBe(false);
  });
});

describe('isFatal / propagatesFailure', () => {
  it('finds calls that end QEMU', () => {
    const code = tokens('hw_error("x"); exit(1); foo(&error_fatal); int abort_count = 0; error_fatal_hint();');
    expect(code.filter((_, i) => isFatal(code, i)).map((t) => t.text)).toEqual(['hw_error', 'exit', 'error_fatal']);
  });

  it('tells handing a failure on from logging it', () => {
    expect(propagatesFailure(tokens('error_report_err(err); goto fail;'))).toBe(true);
    expect(propagatesFailure(tokens('return -EINVAL;'))).toBe(true);
    expect(propagatesFailure(tokens('warn_report_err_once(err); return;'))).toBe(false);
  });
});

describe('mapFailureChecks', () => {
  it('finds the if that tests the map result', () => {
    const diff = [
      'diff --git a/hw/vfio/listener.c b/hw/vfio/listener.c',
      '--- a/hw/vfio/listener.c',
      '+++ b/hw/vfio/listener.c',
      '@@ -10,6 +10,6 @@ void vfio_container_region_add(VFIOContainer *bcontainer,',
      '     ret = memory_region_register_iommu_notifier(section->mr, &giommu->n, &err);',
      '     ret = vfio_container_dma_map(bcontainer, iova, size, vaddr, ro, mr);',
      '     if (ret) {',
      '-        goto fail;',
      '+        return;',
      '     }',
    ].join('\n');
    const file = parseDiff(diff)[0]!;
    const [now] = mapFailureChecks(buildFragment(file, 'new'));
    const [before] = mapFailureChecks(buildFragment(file, 'old'));
    expect(now).toMatchObject({ fn: 'vfio_container_region_add', callee: 'vfio_container_dma_map', changed: true });
    expect(propagatesFailure(now!.body)).toBe(false);
    expect(propagatesFailure(before!.body)).toBe(true);
  });
});
