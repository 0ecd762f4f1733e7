import { describe, expect, it } from 'vitest';
import type { SubjectInfo } from '../model/patch-mail.js';
import { parseSubject } from './subject.js';

type Expect = Partial<Omit<SubjectInfo, 'raw'>>;

/**
 * Real subjects: nvdimm archive (N), edge fixtures (E00xx), kb-mails (K), series-samples (S).
 * Every row states the fields that matter for it; the defaults below are asserted too.
 */
const cases: [string, Expect][] = [
  // N: plain forms
  [
    '[PATCH] nvdimm: add missing MODULE_DESCRIPTION() macros',
    { isPatch: true, version: 1, index: null, total: null, title: 'nvdimm: add missing MODULE_DESCRIPTION() macros' },
  ],
  [
    '[PATCH v4 3/6] mm: rmap: introduce pfn_mkclean_range() to cleans PTEs',
    { version: 4, index: 3, total: 6, tags: ['PATCH', 'v4', '3/6'] },
  ],
  [
    '[PATCH V3 05/20] nvdimm/namespace_label: Add namespace label changes as per CXL LSA v2.1',
    {
      version: 3,
      index: 5,
      total: 20,
      title: 'nvdimm/namespace_label: Add namespace label changes as per CXL LSA v2.1',
    },
  ],
  ['[RFC PATCH v2 0/7] On-Demand Paging on SoftRoCE', { rfc: true, version: 2, index: 0, total: 7 }],
  ['[RFC 05/10] fs/dax: Refactor wait for dax idle page', { isPatch: true, rfc: true, index: 5, total: 10 }],
  ['[PATCH RESEND] nvdimm: add missing MODULE_DESCRIPTION() macros', { resend: true, version: 1 }],
  [
    '[RESEND PATCH v5 0/4] Add perf interface to expose nvdimm',
    { resend: true, version: 5, index: 0, total: 4, title: 'Add perf interface to expose nvdimm' },
  ],
  [
    '[RESEND-PATCH v2] powerpc/papr_scm: Add support for reporting dirty-shutdown-count',
    { isPatch: true, resend: true, version: 2 },
  ],
  [
    '[GIT PULL] DAX / LIBNVDIMM update for v5.17',
    { isPatch: true, pull: true, version: 1, project: null, title: 'DAX / LIBNVDIMM update for v5.17' },
  ],
  [
    '[ndctl PATCH v2 00/12] Policy based reconfiguration for daxctl',
    { project: 'ndctl', version: 2, index: 0, total: 12 },
  ],
  ['[NDCTL PATCH] ndctl: Add key cleanup after overwrite operation', { project: 'ndctl', isPatch: true }],
  ['[PATCH ndctl] test: monitor: Use in-tree configuration file', { project: 'ndctl' }],
  [
    '[ndctl v3 PATCH 7/9] test/libndctl: Enable libndctl tests on ndtest',
    { project: 'ndctl', version: 3, index: 7, total: 9 },
  ],
  [
    '[RFC PATCH kexec-tools v3 1/1] kexec: Add and mark pmem region into PT_LOADs',
    { rfc: true, project: 'kexec-tools', version: 3, index: 1, total: 1 },
  ],
  [
    '[PATCH for-6.2/block V3 1/2] block: Data type conversion for IO accounting',
    { project: 'for-6.2/block', version: 3, index: 1, total: 2 },
  ],
  ['[PATCH -next] nvdimm/btt: Fix btt_init() kernel-doc comment', { project: 'next' }],
  [
    '[PATCH AUTOSEL 5.16 19/52] dm: make the DAX support depend on CONFIG_FS_DAX',
    { project: null, index: 19, total: 52 },
  ],
  ['[PATCH v6.1 6/7] fs/xfs: Handle CoW for fsdax write() path', { version: 6, index: 6, total: 7 }],
  ['[PATCH v2 000/110] vfs: change inode->i_ino from unsigned long to u64', { version: 2, index: 0, total: 110 }],
  [
    '[PATCH BUNDLE v9] famfs: Fabric-Attached Memory File System',
    { isPatch: true, version: 9, project: null, index: null },
  ],
  [
    '[PATCHSETS] v14 fsdax-rmap + v11 fsdax-reflink',
    { isPatch: true, version: 1, title: 'v14 fsdax-rmap + v11 fsdax-reflink' },
  ],
  [
    '[RFC][PATCH] fix short copy handling in copy_mc_pipe_to_iter()',
    { rfc: true, isPatch: true, listTags: [], tags: ['RFC', 'PATCH'] },
  ],
  [
    '[PATCH][next] treewide: uapi: Replace zero-length arrays with flexible-array members',
    { listTags: [], project: 'next', title: 'treewide: uapi: Replace zero-length arrays with flexible-array members' },
  ],
  ['[PATCH] [v2] nvdimm-btt: fix several memleaks', { version: 2, listTags: [] }],
  [
    '[RFC PATCH 9/9] [HACK] mm/zswap: compressed ram integration example',
    { rfc: true, index: 9, title: 'mm/zswap: compressed ram integration example' },
  ],
  [
    'Subject: [PATCH 0/8] dax/kmem: add runtime hotplug state control    ',
    { isReply: false, isPatch: true, index: 0, total: 8, title: 'dax/kmem: add runtime hotplug state control' },
  ],
  // N: replies
  ['Re: [PATCH RFC] virtio: wrap config->reset calls', { isReply: true, rfc: true }],
  [
    'RE: [RFC ndctl PATCH 0/3] Rename monitor.conf to ndctl.conf as a ndctl global config file',
    { isReply: true, rfc: true, project: 'ndctl' },
  ],
  [
    'Re: Re: [PATCH v6 5/7] badblocks: improve badblocks_check() for multiple ranges handling',
    { isReply: true, version: 6, index: 5 },
  ],
  ['Re: RE: [PATCH v2] nvdimm: Use kstrtobool() instead of strtobool()', { isReply: true, version: 2 }],
  [
    'Re:  [PATCH 10/10] fs: replace mmap hook with .mmap_prepare for simple mappings',
    { isReply: true, index: 10, total: 10 },
  ],
  [
    ' 回复: [NDCTL PATCH v3] cxl/region: Add -f option for disable-region',
    { isReply: true, project: 'ndctl', version: 3 },
  ],
  [
    '答复： [PATCH] cxl/region：Fix overflow issue in alloc_hpa()',
    { isReply: true, isPatch: true, title: 'cxl/region：Fix overflow issue in alloc_hpa()' },
  ],
  [
    'Fwd: [regression] ndctl destroy-namespace operation hang from 5.15.0-rc6',
    { isReply: true, isPatch: false, listTags: ['regression'] },
  ],
  [
    "[syzbot ci] Re: mm: split the file's i_mmap tree for NUMA",
    { isReply: true, isPatch: false, listTags: ['syzbot ci'], title: "mm: split the file's i_mmap tree for NUMA" },
  ],
  // Constructed: the corpus has no German/Nordic/Dutch prefixes, the list of forms comes from
  // the corpus README's reply definition.
  ['AW: [PATCH v2] dax: fix missing writeprotect', { isReply: true, version: 2 }],
  ['Aw: Sv: Antw: Fw: [PATCH] x', { isReply: true, title: 'x' }],
  [
    'Re: [Lsf-pc] [LSF/MM/BPF proposal]: Physr discussion',
    { isReply: true, isPatch: false, listTags: ['Lsf-pc', 'LSF/MM/BPF proposal'], title: ': Physr discussion' },
  ],
  [
    'Re: [External] [PATCH v2 07/14] mm/hugetlb_vmemmap: move comment block of Hugetlb Page Vmemmap Optimization',
    { isReply: true, listTags: ['External'], version: 2 },
  ],
  // N: not patches
  [
    'correction: Re: [PATCH 4/6] dm,dax,pmem: prepare dax_copy_to/from_iter() APIs with DAXDEV_F_RECOVERY',
    {
      isReply: false,
      isPatch: false,
      tags: [],
      title: 'correction: Re: [PATCH 4/6] dm,dax,pmem: prepare dax_copy_to/from_iter() APIs with DAXDEV_F_RECOVERY',
    },
  ],
  [
    '[syzbot] [acpi?] [nvdimm?] WARNING in to_nfit_bus_uuid',
    { isPatch: false, listTags: ['syzbot', 'acpi?', 'nvdimm?'] },
  ],
  ['Phantom PMEM poison issue', { isPatch: false, isReply: false, title: 'Phantom PMEM poison issue' }],
  ['', { isPatch: false, title: '' }],
  // K
  [
    '[PATCH mm-unstable v1 10/20] RDMA/umem: remove FOLL_FORCE usage',
    { project: 'mm-unstable', version: 1, index: 10, total: 20 },
  ],
  // E (edge fixtures)
  [
    '[Qemu-devel] [PATCH] quorum: Only compile when supported',
    { listTags: ['Qemu-devel'], isPatch: true, title: 'quorum: Only compile when supported' },
  ],
  [
    'Re: [Qemu-devel] [Qemu-block] [PATCH v6 3/4] blockdev: Add dynamic module loading for block drivers',
    { isReply: true, listTags: ['Qemu-devel', 'Qemu-block'], version: 6, index: 3, total: 4 },
  ],
  [
    '[edk2] [staging/HTTPS-TLS][PATCH 1/2] Readme.MD: Clarify the feature support scope',
    {
      listTags: ['edk2', 'staging/HTTPS-TLS'],
      index: 1,
      total: 2,
      title: 'Readme.MD: Clarify the feature support scope',
    },
  ],
  [
    '[Qemu-devel] [qemu-web PATCH] Add a blog post about the release of version 2.10.0',
    { listTags: ['Qemu-devel'], project: 'qemu-web' },
  ],
  [
    '[libvirt] [python PATCH] event-test.py: Remove extra ( in --help\toutput',
    { listTags: ['libvirt'], project: 'python', title: 'event-test.py: Remove extra ( in --help output' },
  ],
  [
    '[libvirt]  [PATCH v2] vcpupin: add clear feature',
    { listTags: ['libvirt'], version: 2, title: 'vcpupin: add clear feature' },
  ],
  [
    'Re: [YYY-1.0 qemu-kvm PATCH v2 4/4] XYZ\n\toptions for live block ops',
    { isReply: true, project: 'qemu-kvm', version: 2, index: 4, total: 4, title: 'XYZ options for live block ops' },
  ],
  ['[PULL 03/15] qapi: fix example of BLOCK_IMAGE_CORRUPTED event', { pull: true, isPatch: true, index: 3, total: 15 }],
  [
    '[PULL 00/29] Migration pull patches (second try)',
    { pull: true, index: 0, total: 29, title: 'Migration pull patches (second try)' },
  ],
];

const defaults: Expect = {
  isReply: false,
  listTags: [],
  isPatch: true,
  rfc: false,
  resend: false,
  pull: false,
  version: 1,
  project: null,
};

describe('parseSubject', () => {
  it.each(cases)('%s', (raw, want) => {
    const got = parseSubject(raw);
    const keys = Object.keys({ ...defaults, ...want }) as (keyof Expect)[];
    const picked = Object.fromEntries(keys.map((k) => [k, got[k]]));
    expect(picked).toEqual({ ...defaults, ...want });
  });

  it('keeps the unfolded subject as raw', () => {
    expect(parseSubject('[PATCH] memory: avoid pointless continuation in\r\n xenmem_add_to_physmap()').raw).toBe(
      '[PATCH] memory: avoid pointless continuation in xenmem_add_to_physmap()',
    );
  });
});
