import { inlineMail } from '../../test/helpers/inline-mail.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import rule from './rule.js';

const docDiff = (path: string, lines: string[]): string[] => [
  `diff --git a/${path} b/${path}`,
  `--- a/${path}`,
  `+++ b/${path}`,
  `@@ -1,1 +1,${lines.length + 1} @@`,
  ' Intro.',
  ...lines,
];
const cDiff = (lines: string[]): string[] => [
  'diff --git a/src/map.c b/src/map.c',
  '--- a/src/map.c',
  '+++ b/src/map.c',
  `@@ -10,0 +10,${lines.length} @@ static void *map_file(int fd, size_t len)`,
  ...lines,
];
const mail = (subject: string, diff: string[], body?: string): string =>
  inlineMail({ subject, diff, ...(body === undefined ? {} : { body }) });

ruleTester.run(rule, {
  valid: [
    // kb row 31: a reply quoting the v15 patch; quoted (">") text is never reviewed
    'valid/kb31-re-util-mmap-alloc-support-map-sync-habkost.eml',
    // kb row 33: hostmem pmem property; "can not guarantee write persistence" without libpmem
    'valid/kb33-hostmem-dont-report-pmem-attribute-if-unsupported.eml',
    'valid/01-records-downgrade-for-msync.patch',
    'valid/02-warns-for-every-cause.patch',
    'valid/03-fallback-moved-into-helper.patch',
    'valid/04-docs-name-the-conditions.patch',
    {
      name: 'a warning added inside the existing ENOTSUP-only fallback (pre-existing shape)',
      mail: mail('[PATCH] hostmem: deprecate pmem=on on non-DAX files', [
        'diff --git a/util/mmap-alloc.c b/util/mmap-alloc.c',
        '--- a/util/mmap-alloc.c',
        '+++ b/util/mmap-alloc.c',
        '@@ -10,9 +10,11 @@ static void *mmap_activate(void *ptr, size_t size, int fd, int flags, bool sync)',
        '     map_sync_flags = sync ? MAP_SYNC | MAP_SHARED_VALIDATE : 0;',
        '     activated_ptr = mmap(ptr, size, prot, flags | map_sync_flags, fd, 0);',
        '     if (activated_ptr == MAP_FAILED && map_sync_flags) {',
        '         if (errno == ENOTSUP) {',
        '             fprintf(stderr, "Warning: no MAP_SYNC for fd %d\\n", fd);',
        '+            warn_report("Using non DAX backing file with \'pmem=on\' option"',
        '+                        " is deprecated");',
        '         }',
        '         activated_ptr = mmap(ptr, size, prot, flags, fd, 0);',
        '     }',
        '     return activated_ptr;',
      ]),
    },
    {
      name: 'a MAP_SYNC failure returned to the caller is not a fallback',
      mail: mail(
        '[PATCH] map: require MAP_SYNC',
        cDiff([
          '+\tvoid *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE | MAP_SYNC, fd, 0);',
          '+\tif (p == MAP_FAILED)',
          '+\t\treturn NULL;',
          '+\treturn p;',
        ]),
      ),
    },
    {
      name: 'a second mmap of another file is not a retry',
      mail: mail(
        '[PATCH] map: map data and index',
        cDiff([
          '+\tdata = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE | MAP_SYNC, data_fd, 0);',
          '+\tif (data == MAP_FAILED)',
          '+\t\tindex = mmap(NULL, len, PROT_READ, MAP_SHARED, index_fd, 0);',
        ]),
      ),
    },
    {
      name: 'virtio-pmem prose that says MAP_SYNC is refused',
      mail: mail(
        '[PATCH] docs: virtio-pmem',
        docDiff('docs/virtio-pmem.rst', [
          '+Applications in the guest cannot use MAP_SYNC on virtio-pmem; they must call fsync().',
        ]),
      ),
    },
    {
      name: '"persistent memory" names the device, it promises nothing',
      mail: mail(
        '[PATCH] docs: nvdimm',
        docDiff('docs/nvdimm.rst', [
          '+With pmem=on the backend is persistent memory exposed to the guest as an NVDIMM.',
        ]),
      ),
    },
  ],
  invalid: [
    'invalid/01-enotsup-only-warning.patch',
    'invalid/02-silent-retry.patch',
    {
      name: 'help text promising persistence for pmem=on',
      mail: mail(
        '[PATCH] qemu-options: document pmem',
        docDiff('qemu-options.hx', [
          '+    With pmem=on the guest writes to the vNVDIMM are guaranteed to be persistent.',
        ]),
      ),
      errors: [{ messageId: 'docsPromise', file: 'qemu-options.hx', line: 2 }],
    },
    {
      name: 'a commit message expecting MAP_SYNC inside a virtio-pmem guest',
      mail: mail(
        '[PATCH] tests: add a virtio-pmem persistence test',
        docDiff('tests/guest/pmem.sh', ['+run_guest_test sync-map']),
        'The guest test maps a file on the virtio-pmem device with MAP_SYNC to check synchronous faults.',
      ),
      errors: [{ messageId: 'virtioPmemSync', file: null }],
    },
  ],
});
