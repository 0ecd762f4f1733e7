import { describe, expect, it } from 'vitest';
import { inlineMail } from '../../test/helpers/inline-mail.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { claimsFileBackedPin } from './file-backed-claim.js';
import rule from './rule.js';

const PIN = [
  'diff --git a/drivers/misc/demo.c b/drivers/misc/demo.c',
  '--- a/drivers/misc/demo.c',
  '+++ b/drivers/misc/demo.c',
  '@@ -20,2 +20,4 @@ static long demo_register(struct demo *d, unsigned long addr)',
  ' \tunsigned int gup_flags = FOLL_LONGTERM;',
  '+\tif (d->writable)',
  '+\t\tgup_flags |= FOLL_WRITE;',
  ' \tret = pin_user_pages_fast(addr, d->npages, gup_flags, d->pages);',
];
const mail = (body: string, diff: readonly string[] = PIN, date = 'Mon, 2 Dec 2024 10:00:00 +0000'): string =>
  inlineMail({ subject: '[PATCH] misc/demo: register user memory', date, body, diff });

const READ_ONLY_PIN = PIN.map((l) => l.replace('FOLL_WRITE', 'FOLL_FORCE'));

ruleTester.run(rule, {
  valid: [
    // kb row 13: io_uring delegates its file-backed check to GUP (and says so); v6.4 era
    'valid/kb13-io-uring-rsrc-delegate-vma-file-backed-check-to-gup.eml',
    // kb rows 19 and 21: the SEV thread is about this refusal; neither patch keeps a writable long-term pin
    'valid/kb19-kvm-sev-drop-foll-longterm-for-encrypted-region.eml',
    'valid/kb21-kvm-sev-v2-drop-foll-write-for-encrypted-region.eml',
    'valid/01-qemu-doc-vfio-with-shmem-and-hugetlbfs.patch',
    { name: 'shmem/memfd claim', mail: mail('Registering file-backed memfd and shmem mappings is supported.') },
    {
      name: 'hugetlbfs claim',
      mail: mail('File-backed MAP_SHARED hugetlbfs mappings are supported for registration.'),
    },
    {
      name: 'the author expects the refusal',
      mail: mail('Registering file-backed MAP_SHARED mappings is not supported since v6.5.'),
    },
    { name: 'read-only pin', mail: mail('Registering file-backed MAP_SHARED mappings is supported.', READ_ONLY_PIN) },
    {
      name: 'before v6.5',
      mail: mail('Registering file-backed MAP_SHARED mappings is supported.', PIN, 'Mon, 6 Feb 2023 10:00:00 +0000'),
    },
    { name: 'no claim about files', mail: mail('Register user memory for the device.') },
  ],
  invalid: [
    {
      fixture: 'invalid/01-registration-claims-file-backed-support.patch',
      errors: [{ messageId: 'fileBackedPin', file: 'drivers/misc/demo-xfer.c', line: 213 }],
    },
    {
      fixture: 'invalid/02-qemu-doc-vfio-with-page-cache-ram.patch',
      errors: [{ messageId: 'vmmConfig', file: 'docs/system/devices/vfio-file-ram.rst', line: 7 }],
    },
    {
      name: 'FOLL_WRITE added to a long-term pin whose new comment promises page-cache files',
      mail: mail('Make registrations writable.', [
        ...PIN.slice(0, 3),
        '@@ -20,2 +20,5 @@ static long demo_register(struct demo *d, unsigned long addr)',
        ' \tunsigned int gup_flags = FOLL_LONGTERM;',
        '+\t/* This pin supports page cache files, so DMA lands in the file. */',
        '+\tif (d->writable)',
        '+\t\tgup_flags |= FOLL_WRITE;',
        ' \tret = pin_user_pages_fast(addr, d->npages, gup_flags, d->pages);',
      ]),
      errors: [{ messageId: 'fileBackedPin', file: 'drivers/misc/demo.c', line: 24 }],
    },
  ],
});

describe('claimsFileBackedPin', () => {
  it.each([
    'Registering file-backed MAP_SHARED mappings is supported.',
    'The device can now DMA into page cache files, which allows long-term registration of any mapping.',
  ])('claim: %s', (s) => {
    expect(claimsFileBackedPin(s)).toBe(true);
  });
  it.each([
    'Combining FOLL_WRITE with FOLL_LONGTERM breaks registration of file-backed guest memory.',
    'GUP refuses writable long-term pins of file-backed mappings.',
    'Only anonymous and shmem memory can be registered; file-backed mappings are rejected.',
    'Support read-only pins of file-backed mappings.',
  ])('no claim: %s', (s) => {
    expect(claimsFileBackedPin(s)).toBe(false);
  });
});
