import { inlineMail, inlineMessageId } from '../../test/helpers/inline-mail.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import rule from './rule.js';

const mail = (subject: string, body: string, diff: string): string => inlineMail({ subject, body, diff });

const HEADER_DIFF = [
  'diff --git a/include/uapi/linux/mman.h b/include/uapi/linux/mman.h',
  '--- a/include/uapi/linux/mman.h',
  '+++ b/include/uapi/linux/mman.h',
  '@@ -10,2 +10,3 @@',
  ' #define MAP_SHARED_VALIDATE 0x03',
  '+#define MAP_SYNC 0x80000',
  ' ',
].join('\n');

/** A cover letter whose prose makes the claim, and its two patches (threaded under it). */
const COVER_SUBJECT = '[PATCH 0/2] util: map DAX-backed guest RAM with MAP_SYNC';
const COVER = inlineMail({
  subject: COVER_SUBJECT,
  body: 'This series maps DAX-backed guest RAM with MAP_SYNC, so guest writes are durable as soon as the store completes.',
});
const MEMBER = (n: number, file: string): string =>
  inlineMail({
    subject: `[PATCH ${n}/2] util: MAP_SYNC for ${file}`,
    inReplyTo: inlineMessageId(COVER_SUBJECT),
    body: `Pass MAP_SYNC in ${file}.`,
    diff: [
      `diff --git a/util/${file} b/util/${file}`,
      `--- a/util/${file}`,
      `+++ b/util/${file}`,
      '@@ -10,2 +10,2 @@ void *qemu_ram_mmap(int fd,',
      '-    int flags = MAP_SHARED;',
      '+    int flags = MAP_SHARED_VALIDATE | MAP_SYNC;',
      ' }',
    ],
  });

ruleTester.run(rule, {
  valid: [
    // kb row 27: Jan Kara's MAP_SYNC definition, "perform synchronous page faults" comments
    'valid/kb27-mm-define-map-sync-and-vm-sync-flags.eml',
    // kb row 28: header move, naive FP for the MAP_SYNC rules
    'valid/kb28-mm-move-map-sync-to-asm-generic-mman-common.eml',
    // kb row 31: a reply; the patch text is quoted (">") and correct ("file system metadata synced")
    'valid/kb31-re-util-mmap-alloc-support-map-sync-habkost.eml',
    // kb row 33: "can not guarantee write persistence" is about libpmem, not MAP_SYNC
    'valid/kb33-hostmem-dont-report-pmem-attribute-if-unsupported.eml',
    // nvdimm archive: "MAP_SYNC on a dax mapping guarantees dirty metadata is flushed on write-faults"
    'valid/r018-fsdax-replace-mmap-entry-in-case-of-cow.eml',
    // nvdimm archive: MAP_SYNC in build-system strings and config comments
    'valid/r008-ndctl-build-add-meson-build-infrastructure.eml',
    'valid/01-qemu-docs-correct-wording.patch',
    'valid/02-flush-only-without-map-sync-is-msync.patch',
    {
      name: 'a claim in a removed comment is not reviewed',
      mail: mail(
        '[PATCH] util: drop a misleading comment',
        'Remove an old comment.',
        [
          'diff --git a/util/mmap-alloc.c b/util/mmap-alloc.c',
          '--- a/util/mmap-alloc.c',
          '+++ b/util/mmap-alloc.c',
          '@@ -10,3 +10,2 @@ void *qemu_ram_mmap(int fd,',
          ' {',
          '-    /* MAP_SYNC guarantees the persistence of guest writes. */',
          '     int flags;',
        ].join('\n'),
      ),
    },
    {
      name: 'a claim in a reply is discussion, not a patch to review',
      mail: mail(
        'Re: [PATCH] util: map with MAP_SYNC',
        'I thought MAP_SYNC guarantees data persistence on its own?',
        HEADER_DIFF,
      ),
    },
    {
      name: "an unchanged context comment with a claim is not the author's",
      mail: mail(
        '[PATCH] util: rename a variable',
        'Rename flags.',
        [
          'diff --git a/util/mmap-alloc.c b/util/mmap-alloc.c',
          '--- a/util/mmap-alloc.c',
          '+++ b/util/mmap-alloc.c',
          '@@ -10,3 +10,3 @@ void *qemu_ram_mmap(int fd,',
          '     /* MAP_SYNC guarantees the persistence of guest writes. */',
          '-    int flags;',
          '+    int mmap_flags;',
        ].join('\n'),
      ),
    },
  ],
  invalid: [
    'invalid/01-qemu-sync-option-help-text.patch',
    'invalid/02-commit-message-and-comment-claim.patch',
    'invalid/03-skip-pmem-persist-when-map-sync.patch',
    {
      name: 'an added log string claiming durability',
      mail: mail(
        '[PATCH] util: report MAP_SYNC',
        'Tell the user when MAP_SYNC is used.',
        [
          'diff --git a/util/mmap-alloc.c b/util/mmap-alloc.c',
          '--- a/util/mmap-alloc.c',
          '+++ b/util/mmap-alloc.c',
          '@@ -10,2 +10,4 @@ void *qemu_ram_mmap(int fd,',
          ' {',
          '+    info_report("%s mapped with MAP_SYNC: guest data is now "',
          '+                "guaranteed to be durable", path);',
          ' }',
        ].join('\n'),
      ),
      errors: [{ messageId: 'claim', file: 'util/mmap-alloc.c', line: 11 }],
    },
    {
      name: 'a cover letter (no diff) reviewed as part of its series',
      mail: COVER,
      series: [MEMBER(1, 'mmap-alloc.c'), MEMBER(2, 'oslib-posix.c')],
      errors: [{ messageId: 'claim', file: null, line: null }],
    },
  ],
});
