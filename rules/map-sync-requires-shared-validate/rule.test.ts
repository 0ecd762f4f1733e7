import { inlineMail } from '../../test/helpers/inline-mail.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import rule from './rule.js';

const cFile = (path: string, fn: string, lines: string[]): string[] => [
  `diff --git a/${path} b/${path}`,
  `--- a/${path}`,
  `+++ b/${path}`,
  `@@ -10,1 +10,${lines.length} @@ ${fn}`,
  ...lines,
];
const mail = (subject: string, diff: string[], body?: string): string =>
  inlineMail({ subject, diff, ...(body === undefined ? {} : { body }) });

ruleTester.run(rule, {
  valid: [
    // kb row 27 (Jan Kara): kernel header stub `#define MAP_SYNC 0` and _calc_vm_trans(flags, MAP_SYNC, VM_SYNC)
    'valid/kb27-mm-define-map-sync-and-vm-sync-flags.eml',
    // kb row 28: uapi header moves `#define MAP_SYNC 0x080000` (naive FP named by the knowledge base)
    'valid/kb28-mm-move-map-sync-to-asm-generic-mman-common.eml',
    // kb row 31: a reply quoting the v15 zero stubs (row 30 must not fire on them either)
    'valid/kb31-re-util-mmap-alloc-support-map-sync-habkost.eml',
    // nvdimm archive: MAP_SYNC / MAP_SHARED_VALIDATE in ndctl's meson probes and config.h template
    'valid/r008-ndctl-build-add-meson-build-infrastructure.eml',
    // MAP_SHARED_VALIDATE | MAP_SYNC moved into a helper (shaped like QEMU's mmap_activate() refactor)
    'valid/03-fallback-moved-into-helper.patch',
    'valid/01-linux-mman-header-with-non-linux-stubs.patch',
    'valid/02-selftest-map-sync-ignored-without-validate.patch',
    {
      name: 'MAP_SHARED | MAP_SHARED_VALIDATE | MAP_SYNC is what QEMU does',
      mail: mail(
        '[PATCH] map: request sync faults',
        cFile('util/map.c', 'void *map(int fd, size_t len)', [
          '+    return mmap(NULL, len, PROT_READ | PROT_WRITE,',
          '+                MAP_SHARED | MAP_SHARED_VALIDATE | MAP_SYNC, fd, 0);',
        ]),
      ),
    },
    {
      name: 'testing and advertising the flag is not requesting it',
      mail: mail(
        '[PATCH] fs: advertise synchronous faults',
        cFile('lib/pmem.c', 'static bool is_sync(int flags)', [
          '+    if ((flags & MAP_SYNC) == 0)',
          '+        return false;',
          '+    sync_ops.mmap_supported_flags = MAP_SYNC;',
        ]),
      ),
    },
    {
      name: 'MAP_ flags handed to a wrapper that adds MAP_SHARED_VALIDATE itself',
      mail: mail(
        '[PATCH] physmem: pass MAP_ flags',
        cFile('softmmu/physmem.c', 'static void *file_ram_alloc(RAMBlock *block,', [
          '+    map_flags = (block->flags & RAM_SHARED) ? MAP_SHARED : 0;',
          '+    map_flags |= (block->flags & RAM_PMEM) ? MAP_SYNC : 0;',
          '+    area = qemu_ram_mmap(fd, memory, block->mr->align, readonly, map_flags, offset);',
        ]),
      ),
    },
    {
      name: 'QEMU_MAP_SYNC next to QEMU_MAP_SHARED (kb row 32: only sync when shared)',
      mail: mail(
        '[PATCH] physmem: pass QEMU_MAP_ flags',
        cFile('softmmu/physmem.c', 'static void *file_ram_alloc(RAMBlock *block,', [
          '+    qemu_map_flags = readonly ? QEMU_MAP_READONLY : 0;',
          '+    qemu_map_flags |= (block->flags & RAM_SHARED) ? QEMU_MAP_SHARED : 0;',
          '+    qemu_map_flags |= (block->flags & RAM_PMEM) ? QEMU_MAP_SYNC : 0;',
          '+    area = qemu_ram_mmap(fd, memory, block->mr->align, qemu_map_flags, offset);',
        ]),
      ),
    },
    {
      name: 'a flag-name table describes flags, it does not request them',
      mail: mail(
        '[PATCH] trace: name mmap flags',
        cFile('tools/trace/mmap-names.c', 'static const struct flag_name names[] = {', [
          '+	{ MAP_SHARED | MAP_SYNC, "shared,sync" },',
        ]),
      ),
    },
    {
      name: 'a removed MAP_SHARED | MAP_SYNC is not reviewed',
      mail: mail('[PATCH] map: drop MAP_SYNC', [
        'diff --git a/util/map.c b/util/map.c',
        '--- a/util/map.c',
        '+++ b/util/map.c',
        '@@ -10,2 +10,2 @@ void *map(int fd, size_t len)',
        '-    return mmap(NULL, len, PROT_READ, MAP_SHARED | MAP_SYNC, fd, 0);',
        '+    return mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);',
        ' }',
      ]),
    },
    {
      name: 'flags from a caller may already hold MAP_SHARED_VALIDATE',
      mail: mail(
        '[PATCH] map: add sync',
        cFile('util/map.c', 'void *map(int fd, size_t len, int flags)', [
          '+    return mmap(NULL, len, PROT_READ, flags | MAP_SYNC, fd, 0);',
        ]),
      ),
    },
    {
      name: 'pmem=on with share=on in docs',
      mail: mail('[PATCH] docs: pmem example', [
        'diff --git a/docs/nvdimm.txt b/docs/nvdimm.txt',
        '--- a/docs/nvdimm.txt',
        '+++ b/docs/nvdimm.txt',
        '@@ -1,1 +1,3 @@',
        ' Example:',
        '+ -object memory-backend-file,id=m,mem-path=/mnt/pmem0/f,share=on,pmem=on,size=4G',
        '+The file is mapped with MAP_SYNC, which gives synchronous page faults.',
      ]),
    },
    {
      name: 'pmem=on without share=on described only as persistent memory',
      mail: mail('[PATCH] docs: nvdimm example', [
        'diff --git a/docs/nvdimm.txt b/docs/nvdimm.txt',
        '--- a/docs/nvdimm.txt',
        '+++ b/docs/nvdimm.txt',
        '@@ -1,1 +1,3 @@',
        ' Example:',
        '+ -object memory-backend-file,id=m,mem-path=/mnt/pmem0/f,pmem=on,size=4G',
        '+The guest sees this file as persistent memory.',
      ]),
    },
    {
      name: 'pmem=on without share=on but nothing claimed about it',
      mail: mail('[PATCH] tests: add an nvdimm backend', [
        'diff --git a/tests/nvdimm.sh b/tests/nvdimm.sh',
        '--- a/tests/nvdimm.sh',
        '+++ b/tests/nvdimm.sh',
        '@@ -1,1 +1,2 @@',
        ' qemu-system-x86_64 \\',
        '+  -object memory-backend-file,id=m,mem-path=/mnt/pmem0/f,pmem=on,size=4G \\',
      ]),
    },
  ],
  invalid: [
    'invalid/01-pmem-tool-map-shared-sync.patch',
    'invalid/02-rust-vmm-private-and-flag-variable.patch',
    'invalid/03-docs-pmem-on-without-share.patch',
    {
      name: 'a flag macro that names MAP_SHARED and MAP_SYNC',
      mail: mail(
        '[PATCH] pmem: add map flags',
        cFile('src/pmem.h', '', ['+#define PMEM_MAP_FLAGS (MAP_SHARED | MAP_SYNC)']),
      ),
      errors: [{ messageId: 'missingValidate', file: 'src/pmem.h', line: 10 }],
    },
    {
      name: 'Go unix.Mmap with MAP_SHARED | MAP_SYNC',
      mail: mail(
        '[PATCH] pmem: map with sync faults',
        cFile('pkg/pmem/map.go', 'func Map(f *os.File, n int) ([]byte, error) {', [
          '+\treturn unix.Mmap(int(f.Fd()), 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_SYNC)',
        ]),
      ),
      errors: [{ messageId: 'missingValidate', file: 'pkg/pmem/map.go', line: 10 }],
    },
    {
      name: 'MAP_SHARED_VALIDATE defined as MAP_SHARED on a Linux build',
      mail: mail(
        '[PATCH] compat: build with old headers',
        cFile('src/compat.h', '', [
          '+#ifndef MAP_SHARED_VALIDATE',
          '+#define MAP_SHARED_VALIDATE MAP_SHARED',
          '+#endif',
        ]),
      ),
      errors: [{ messageId: 'weakDefinition', file: 'src/compat.h', line: 11 }],
    },
    {
      name: 'QEMU_MAP_SYNC without QEMU_MAP_SHARED',
      mail: mail(
        '[PATCH] hostmem: always map pmem with sync',
        cFile('softmmu/physmem.c', 'static void *file_ram_alloc(RAMBlock *block,', [
          '+    qemu_map_flags = readonly ? QEMU_MAP_READONLY : 0;',
          '+    qemu_map_flags |= QEMU_MAP_SYNC;',
          '+    area = qemu_ram_mmap(fd, memory, block->mr->align, qemu_map_flags, offset);',
        ]),
      ),
      errors: [{ messageId: 'qemuSyncWithoutShared', file: 'softmmu/physmem.c', line: 11 }],
    },
    {
      name: 'libvirt <pmem/> with access=private presented as persistent',
      mail: mail('[PATCH] docs: persistent nvdimm example', [
        'diff --git a/docs/nvdimm.rst b/docs/nvdimm.rst',
        '--- a/docs/nvdimm.rst',
        '+++ b/docs/nvdimm.rst',
        '@@ -1,1 +1,9 @@',
        ' Example::',
        "+  <memory model='nvdimm' access='private'>",
        '+    <source>',
        '+      <path>/mnt/pmem0/guest.img</path>',
        '+      <pmem/>',
        '+    </source>',
        '+  </memory>',
        '+',
        '+Guest writes to this NVDIMM are persistent across host crashes.',
      ]),
      errors: [{ messageId: 'pmemNotShared', file: 'docs/nvdimm.rst', line: 2 }],
    },
  ],
});
