import { inlineMail } from '../../test/helpers/inline-mail.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import rule from './rule.js';

const script = (lines: string[]): string[] => [
  'diff --git a/tests/run-guest.sh b/tests/run-guest.sh',
  '--- a/tests/run-guest.sh',
  '+++ b/tests/run-guest.sh',
  `@@ -1,1 +1,${lines.length + 1} @@`,
  ' #!/bin/sh',
  ...lines,
];
const mail = (subject: string, diff: string[], body?: string): string =>
  inlineMail({ subject, diff, ...(body === undefined ? {} : { body }) });

ruleTester.run(rule, {
  valid: [
    // nvdimm archive: ndctl commit message quoting a device-dax (/dev/dax1.1) NVDIMM, no DMA device
    'valid/r001-ndctl-dimm-fix-to-dump-namespace-indexs-and-labels.eml',
    // nvdimm archive: QEMU spapr-nvdimm adds an error string naming memory-backend-file
    'valid/r046-spapr-nvdimm-introduce-spapr-nvdimm-device.eml',
    // kb row 14: the scenario in prose (expected: fsdax-longterm-refusal-removed only)
    'valid/kb14-conditions-for-foll-longterm-mapping-in-fsdax.eml',
    // kb row 16: Dan Williams' discussion reply, cited by this rule
    'valid/kb16-re-kvm-use-huge-pages-for-dax-backed-files-djwilliams.eml',
    {
      name: 'device-dax guest RAM with vfio-pci',
      mail: mail(
        '[PATCH] tests: pass a NIC through',
        script([
          '+qemu-system-x86_64 -m 16G -object memory-backend-file,id=m0,size=16G,mem-path=/dev/dax0.0,share=on,align=2M \\',
          '+  -numa node,memdev=m0 -device vfio-pci,host=0000:3b:00.0',
        ]),
      ),
    },
    {
      name: 'fs-dax NVDIMM without any DMA device',
      mail: mail(
        '[PATCH] tests: add an nvdimm',
        script([
          '+qemu-system-x86_64 -object memory-backend-file,id=nv,size=4G,mem-path=/mnt/pmem0/nv.img,share=on,pmem=on \\',
          '+  -device nvdimm,memdev=nv,id=nv0',
        ]),
      ),
    },
    {
      name: 'docs that state the limitation',
      mail: mail(
        '[PATCH] docs: vfio and pmem',
        script([
          '+# vfio cannot pin fs-dax memory; use device-dax for guests with assigned devices:',
          '+qemu-system-x86_64 -object memory-backend-file,id=m0,size=16G,mem-path=/mnt/pmem0/ram,share=on \\',
          '+  -device vfio-pci,host=0000:3b:00.0',
        ]),
      ),
    },
    {
      name: 'hugetlbfs guest RAM with vfio-pci',
      mail: mail(
        '[PATCH] tests: hugepages',
        script([
          '+qemu-system-x86_64 -object memory-backend-file,id=m0,size=8G,mem-path=/dev/hugepages,share=on \\',
          '+  -device vfio-pci,host=0000:3b:00.0',
        ]),
      ),
    },
  ],
  invalid: [
    'invalid/01-docs-fsdax-ram-with-vfio.patch',
    'invalid/02-libvirt-nvdimm-file-with-hostdev.patch',
    {
      name: 'a commit message with pmem=on file RAM and vhost-vdpa',
      mail: mail(
        '[PATCH] net/vhost-vdpa: map guest memory on demand',
        script(['+echo ok']),
        'Tested with:\n\n  qemu-system-x86_64 -object memory-backend-file,id=m0,size=8G,mem-path=/data/vm/ram.img,share=on,pmem=on \\\n' +
          '    -machine memory-backend=m0 -netdev type=vhost-vdpa,vhostdev=/dev/vhost-vdpa-0,id=vdpa0',
      ),
      errors: [{ messageId: 'fsdaxWithDma', file: null }],
    },
    {
      name: 'iommufd with guest RAM on a /mnt/pmem file',
      mail: mail(
        '[PATCH] tests: iommufd smoke test',
        script([
          '+qemu-system-x86_64 -object iommufd,id=iommufd0 \\',
          '+  -object memory-backend-file,id=m0,size=8G,mem-path=/mnt/pmem1/vm0,share=on -machine memory-backend=m0 \\',
          '+  -device vfio-pci,host=0000:3b:00.0,iommufd=iommufd0',
        ]),
      ),
      errors: [{ messageId: 'fsdaxWithDma', file: 'tests/run-guest.sh', line: 3 }],
    },
  ],
});
