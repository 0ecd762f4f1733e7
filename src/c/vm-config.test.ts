import { describe, expect, it } from 'vitest';
import { isDeviceDaxPath, looksFsDax, parseVmConfig } from './vm-config.js';

describe('parseVmConfig', () => {
  it('reads QEMU backends and devices', () => {
    const c = parseVmConfig([
      'qemu-system-x86_64 -object memory-backend-file,id=m0,size=8G,mem-path=/mnt/pmem0/ram,share=on,pmem=on \\',
      '  -device vfio-pci,host=0000:3b:00.0 -netdev type=vhost-vdpa,vhostdev=/dev/vhost-vdpa-0,id=v0',
      '  -object iommufd,id=iommufd0',
    ]);
    expect(c.backends).toMatchObject([
      { kind: 'memory-backend-file', path: '/mnt/pmem0/ram', share: true, pmem: true, line: 0 },
    ]);
    expect(c.devices.map((d) => d.kind)).toEqual(['vfio-pci', 'vhost-vdpa', 'iommufd']);
  });

  it('reads JSON objects, -mem-path and Python arg lists', () => {
    const c = parseVmConfig([
      `-object '{"qom-type":"memory-backend-file","id":"m","mem-path":"/mnt/pmem/x","share":false}'`,
      '-mem-path /mnt/dax/guest',
      "vm.add_args('-device', 'vfio-pci,host=01:00.0')",
    ]);
    expect(c.backends).toMatchObject([
      { kind: 'memory-backend-file', path: '/mnt/pmem/x', share: false },
      { kind: 'mem-path', path: '/mnt/dax/guest' },
    ]);
    expect(c.devices).toEqual([{ kind: 'vfio-pci', line: 2 }]);
  });

  it('reads libvirt nvdimm and hostdev elements', () => {
    const c = parseVmConfig([
      "<memory model='nvdimm' access='private'>",
      '  <source>',
      '    <path>/mnt/pmem0/nv.img</path>',
      '    <pmem/>',
      '  </source>',
      '</memory>',
      "<hostdev mode='subsystem' type='pci' managed='yes'>",
    ]);
    expect(c.backends).toMatchObject([
      { kind: 'libvirt-nvdimm', path: '/mnt/pmem0/nv.img', share: false, pmem: true, line: 0, endLine: 5 },
    ]);
    expect(c.devices).toEqual([{ kind: '<hostdev>', line: 6 }]);
  });

  it('does not take prose for configuration', () => {
    expect(parseVmConfig(['vhost-vdpa devices and vfio-pci need pinned memory.']).devices).toEqual([]);
  });
});

describe('looksFsDax', () => {
  const backend = (path: string | null, pmem = false) => ({
    kind: 'memory-backend-file' as const,
    path,
    share: true,
    pmem,
    text: '',
    line: 0,
    endLine: 0,
  });
  it.each([
    ['/mnt/pmem0/guest.ram', '', true],
    ['/dev/dax0.0', 'mount -o dax /dev/pmem0 /mnt', false],
    ['/dev/hugepages', '', false],
    ['/var/lib/vm/ram', '', false],
    ['/srv/vm/ram', 'mount -o dax=always /dev/pmem0 /srv/vm', true],
    ['/home/vm/ram', 'mount -o dax=always /dev/pmem0 /srv/vm', false],
  ])('%s', (path, context, expected) => {
    expect(looksFsDax(backend(path), context)).toBe(expected);
  });

  it('treats pmem=on with a file path as fs-dax', () => {
    expect(looksFsDax(backend('/data/ram.img', true), '')).toBe(true);
    expect(isDeviceDaxPath('/dev/dax1.1')).toBe(true);
  });
});
