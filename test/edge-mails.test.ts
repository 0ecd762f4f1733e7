/**
 * Every Patchew edge-case mail in test/fixtures/corpus/edge parsed end to end (mbox framing →
 * parseMessage), with concrete expectations per file. The corpus README describes each case.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { splitMbox } from '../src/input/mbox.js';
import { parseMessage } from '../src/mail/parse-message.js';
import type { DiffFile } from '../src/model/diff.js';
import type { PatchMail } from '../src/model/patch-mail.js';

const EDGE_DIR = new URL('./fixtures/corpus/edge/', import.meta.url);
const covered = new Set<string>();

/** All messages of one edge file, parsed; records the file as covered. */
async function load(prefix: string): Promise<PatchMail[]> {
  const name = readdirSync(EDGE_DIR).find((f) => f.startsWith(`${prefix}-`) && f.endsWith('.mbox.gz'));
  if (name === undefined) throw new Error(`no edge file ${prefix}`);
  covered.add(name);
  const raws = splitMbox(gunzipSync(readFileSync(new URL(name, EDGE_DIR))));
  return Promise.all(raws.map((raw, i) => parseMessage(raw, `${name}#${i}`)));
}

async function one(prefix: string): Promise<PatchMail> {
  const mails = await load(prefix);
  expect(mails).toHaveLength(1);
  return mails[0]!;
}

const fileSummary = (f: DiffFile): string =>
  `${f.status} ${f.oldPath ?? '-'} -> ${f.newPath ?? '-'} +${f.additions} -${f.deletions}${f.binary ? ' binary' : ''}`;
const addedLines = (m: PatchMail): string[] =>
  m.diff.flatMap((f) => f.hunks.flatMap((h) => h.lines.filter((l) => l.kind === 'add').map((l) => l.text)));

const QUORUM_FILES = [
  'modified block/Makefile.objs -> block/Makefile.objs +1 -1',
  'modified block/quorum.c -> block/quorum.c +0 -4',
];

describe('edge mails', () => {
  it('0001 simple patch: list tag before the PATCH tag, no mbox From line', async () => {
    const m = await one('0001');
    expect(m.messageId).toBe('20160628014747.20971-1-famz@redhat.com');
    expect(m.subject).toMatchObject({
      listTags: ['Qemu-devel'],
      isPatch: true,
      isReply: false,
      version: 1,
      index: null,
      title: 'quorum: Only compile when supported',
    });
    expect(m.from).toEqual({ name: 'Fam Zheng', address: 'famz@redhat.com' });
    expect(m.listId).toBe('qemu-devel.nongnu.org');
    expect(m.trailers).toEqual([{ key: 'Signed-off-by', value: 'Fam Zheng <famz@redhat.com>' }]);
    expect(m.notes).toMatch(/^ block\/Makefile\.objs \| 2 \+-\n/);
    expect(m.diff.map(fileSummary)).toEqual(QUORUM_FILES);
    expect(m.warnings).toEqual([]);
  });

  it('0002 unusual-cased trailer keys are canonicalised', async () => {
    const m = await one('0002');
    expect(m.trailers).toEqual([
      { key: 'Signed-off-by', value: 'Fam Zheng <famz@redhat.com>' },
      { key: 'Reviewed-by', value: 'Fam Zheng <famz@redhat.com>' },
      { key: 'Tested-by', value: 'Fam Zheng <famz@redhat.com>' },
    ]);
  });

  it('0003 one patch and two reviews; replies quote the patch but carry no diff', async () => {
    const [patch, r1, r2] = await load('0003');
    expect(patch!.diff.map(fileSummary)).toEqual(['modified hw/mips/mips_malta.c -> hw/mips/mips_malta.c +1 -1']);
    expect(patch!.trailers.map((t) => t.key)).toEqual(['Signed-off-by', 'Cc', 'Cc']);
    for (const r of [r1!, r2!]) {
      expect(r.subject.isReply).toBe(true);
      expect(r.inReplyTo).toBe('20160722095540.5887-1-paul.burton@imgtec.com');
      expect(r.references).toEqual(['20160722095540.5887-1-paul.burton@imgtec.com']);
      expect(r.diffText).toBeNull();
      expect(r.diff).toEqual([]);
    }
    // The review tag sits above the reviewer's signature, which is not part of the text.
    expect(r1!.trailers).toEqual([{ key: 'Reviewed-by', value: 'Aurelien Jarno <aurelien@aurel32.net>' }]);
    expect(r1!.commitMessage).not.toContain('GPG: 4096R');
    expect(r2!.trailers).toEqual([]);
  });

  it('0004 cover + patches with reviews in between; folded subjects; signed iso-8859-15 reply', async () => {
    const mails = await load('0004');
    expect(mails.map((m) => [m.subject.isReply, m.subject.version, m.subject.index, m.subject.total])).toEqual([
      [false, 4, 0, 2],
      [true, 4, 0, 2],
      [true, 4, 0, 2],
      [false, 4, 1, 2],
      [false, 4, 2, 2],
    ]);
    expect(mails[0]!.subject.title).toBe('Report format specific info for LUKS block driver');
    expect(mails[0]!.diffText).toBeNull();
    expect(mails[1]!.trailers).toEqual([{ key: 'Reviewed-by', value: 'Eric Blake <eblake@redhat.com>' }]);
    expect(mails[1]!.diff).toEqual([]);
    expect(mails[3]!.subject.title).toBe('crypto: add support for querying parameters for block encryption');
    expect(mails[3]!.diff.map((f) => f.path)).toEqual([
      'crypto/block-luks.c',
      'crypto/block.c',
      'crypto/blockpriv.h',
      'include/crypto/block.h',
      'qapi/crypto.json',
    ]);
    expect(mails[4]!.diff.map(fileSummary)).toEqual([
      'modified block/crypto.c -> block/crypto.c +49 -0',
      'modified qapi/block-core.json -> qapi/block-core.json +5 -1',
    ]);
  });

  it('0005 8-bit iso-8859-1 reply is decoded (Bennée)', async () => {
    const m = await one('0005');
    expect(m.commitMessage.split('\n')[0]).toBe('On Wed, Aug 03, 2016 at 22:02:04 +0100, Alex Bennée wrote:');
    expect(m.to).toEqual([{ name: 'Alex Bennée', address: 'alex.bennee@linaro.org' }]);
    expect(m.inReplyTo).toBe('8737ml7eib.fsf@linaro.org');
    expect(m.references).toHaveLength(4);
    expect(m.references[0]).toBe('1470158864-17651-1-git-send-email-alex.bennee@linaro.org');
    expect(m.diffText).toBeNull();
    expect(m.warnings).toEqual([]);
  });

  it('0006 multipart/signed reply: text part iso-8859-1 QP decoded, two list tags', async () => {
    const m = await one('0006');
    expect(m.subject).toMatchObject({
      isReply: true,
      listTags: ['Qemu-devel', 'Qemu-block'],
      version: 6,
      index: 3,
      total: 4,
    });
    expect(m.commitMessage).toContain('Marc Marí');
    expect(m.commitMessage).not.toContain('BEGIN PGP SIGNATURE');
    expect(m.trailers).toEqual([{ key: 'Reviewed-by', value: 'Stefan Hajnoczi <stefanha@redhat.com>' }]);
    expect(m.diff).toEqual([]);
  });

  it('0007 bogus charset=y does not throw; UTF-8 text still decoded; tags without a space', async () => {
    const m = await one('0007');
    expect(m.subject).toMatchObject({
      listTags: ['edk2', 'staging/HTTPS-TLS'],
      index: 1,
      total: 2,
      title: 'Readme.MD: Clarify the feature support scope',
    });
    expect(m.diff.map(fileSummary)).toEqual(['modified Readme.MD -> Readme.MD +7 -1']);
    expect(addedLines(m)).toContain('1. Total anonymity: the server and client won’t authenticate each other.');
    expect(m.trailers.map((t) => t.key)).toEqual(['Cc', 'Cc', 'Cc', 'Cc', 'Contributed-under', 'Signed-off-by']);
    expect(m.warnings).toEqual(['unknown charset "y" declared; read as UTF-8']);
  });

  it('0008 rename with a hunk and a pure rename; {old => new} diffstat stays in the notes', async () => {
    const m = await one('0008');
    const renames = m.diff.filter((f) => f.status === 'renamed');
    expect(renames.map((f) => [f.oldPath, f.newPath, f.similarity, f.hunks.length])).toEqual([
      ['hw/i2c/i2c-ddc.c', 'hw/display/i2c-ddc.c', 99, 1],
      ['include/hw/i2c/i2c-ddc.h', 'include/hw/display/i2c-ddc.h', 100, 0],
    ]);
    expect(m.diff).toHaveLength(9);
    expect(m.notes).toContain(' rename hw/{i2c => display}/i2c-ddc.c (99%)');
    expect(m.diff.reduce((n, f) => n + f.additions, 0)).toBe(10);
    expect(m.diff.reduce((n, f) => n + f.deletions, 0)).toBe(10);
  });

  it('0009 same patch as v1, v2, v3 (separators From A/B/C)', async () => {
    const mails = await load('0009');
    expect(mails.map((m) => [m.messageId, m.subject.version, m.subject.title])).toEqual([
      ['20160628014747.20971-1-famz@redhat.com', 1, 'quorum: Only compile when supported'],
      ['20160628014747.20971-2-famz@redhat.com', 2, 'quorum: Only compile when supported'],
      ['20160628014747.20971-3-famz@redhat.com', 3, 'quorum: Only compile when supported'],
    ]);
    for (const m of mails) expect(m.diff.map(fileSummary)).toEqual(QUORUM_FILES);
  });

  it('0010 cp1252 bytes in a part declared UTF-8 are recovered, with a warning', async () => {
    const m = await one('0010');
    expect(m.commitMessage).toContain('In summary, ‘echo “You are ^#1” > t.txt’ results in the below content');
    expect(m.commitMessage).toContain('but the ‘> …’ text should not be.');
    expect(m.commitMessage).not.toContain('\uFFFD');
    expect(m.commitMessage).not.toContain('edk2-devel mailing list');
    expect(m.subject).toMatchObject({ listTags: ['edk2'], index: 0, total: 3 });
    expect(m.diffText).toBeNull();
    expect(m.warnings).toEqual(['text body has bytes invalid in its charset; lines read as UTF-8 or windows-1252']);
  });

  it('0012 incomplete series: cover, two replies, patch 1/2 only', async () => {
    const mails = await load('0012');
    expect(mails.map((m) => m.subject.index)).toEqual([0, 0, 0, 1]);
    expect(mails.map((m) => m.subject.total)).toEqual([2, 2, 2, 2]);
    expect(mails.map((m) => m.diff.length)).toEqual([0, 0, 0, 5]);
    expect(mails[3]!.inReplyTo).toBe(mails[0]!.messageId);
  });

  it('0013 adds file foo', async () => {
    const m = await one('0013');
    expect(m.commitMessage).toBe('foo\n\nSigned-off-by: Fam Zheng <famz@redhat.com>');
    expect(m.diff.map(fileSummary)).toEqual(['modified foo -> foo +1 -0']);
    expect(addedLines(m)).toEqual(['line 1']);
  });

  it('0014 Based-on without brackets sits in the notes, not the trailers', async () => {
    const m = await one('0014');
    expect(m.notes.split('\n')[0]).toBe('Based-on: 20160628014747.20971-1-famz@redhat.com');
    expect(m.trailers).toEqual([{ key: 'Signed-off-by', value: 'Fam Zheng <famz@redhat.com>' }]);
    expect(m.subject.title).toBe('bar patch');
  });

  it('0015 Based-on with brackets', async () => {
    const m = await one('0015');
    expect(m.notes.split('\n')[0]).toBe('Based-on: <20160628014747.20971-1-famz@redhat.com>');
  });

  it('0016 nested multipart with protected headers: the outer headers win', async () => {
    const m = await one('0016');
    expect(m.messageId).toBe('34bd0051-a58c-9696-8656-3fb765f919ff@redhat.com');
    expect(m.inReplyTo).toBe('20170815130740.31229-1-famz@redhat.com');
    expect(m.subject).toMatchObject({
      isReply: true,
      project: 'qemu-kvm',
      version: 2,
      index: 4,
      total: 4,
      title: 'XYZ options for live block ops',
    });
    expect(m.subject.tags).toContain('YYY-1.0');
    expect(m.to.map((a) => a.address)).toEqual(['jcody@redhat.com', 'qemu-devel@nongnu.org']);
    expect(m.cc.map((a) => a.address)).toEqual(['mrezanin@redhat.com', 'armbru@redhat.com', 'peterx@redhat.com']);
    expect(m.date).toBe('2017-07-25T18:40:45.000Z');
    // Its signature lost the blank of `-- `; it is cut all the same.
    expect(m.commitMessage).toMatch(/\n\nACK$/);
  });

  it('0017 [qemu-web PATCH] names another repository', async () => {
    const m = await one('0017');
    expect(m.subject.project).toBe('qemu-web');
    expect(m.diff.map(fileSummary)).toEqual(['added - -> _posts/2017-09-01-qemu-2-10-0.md +56 -0']);
    expect(m.diff[0]!.newMode).toBe('100644');
  });

  it('0018 RESEND; encoded words in From and Cc; base64 UTF-8 body', async () => {
    const m = await one('0018');
    expect(m.subject).toMatchObject({ resend: true, isPatch: true, title: 'vl: only display available accelerators' });
    expect(m.from).toEqual({ name: 'Philippe Mathieu-Daudé', address: 'f4bug@amsat.org' });
    expect(m.cc).toContainEqual({ name: 'Philippe Mathieu-Daudé', address: 'f4bug@amsat.org' });
    expect(m.trailers).toEqual([
      { key: 'Suggested-by', value: 'Eduardo Habkost <ehabkost@redhat.com>' },
      { key: 'Signed-off-by', value: 'Philippe Mathieu-Daudé <f4bug@amsat.org>' },
    ]);
    expect(m.diff.map(fileSummary)).toEqual(['modified vl.c -> vl.c +34 -5']);
  });

  it('0019 [libvirt] [python PATCH]: sub-project prefix', async () => {
    const m = await one('0019');
    expect(m.subject).toMatchObject({
      listTags: ['libvirt'],
      project: 'python',
      title: 'event-test.py: Remove extra ( in --help output',
    });
    expect(m.listId).toBe('libvir-list.redhat.com');
    expect(m.notes.split('\n')[0]).toBe('Pushed as trivial.');
    expect(m.diff.map(fileSummary)).toEqual(['modified examples/event-test.py -> examples/event-test.py +2 -2']);
    expect(m.diff[0]!.newMode).toBe('100755');
  });

  it('0020 [libvirt]  [PATCH v2] with a double space', async () => {
    const m = await one('0020');
    expect(m.subject).toMatchObject({
      listTags: ['libvirt'],
      version: 2,
      project: null,
      title: 'vcpupin: add clear feature',
    });
    expect(m.diff.map((f) => [f.path, f.hunks.length])).toEqual([
      ['include/libvirt/libvirt-domain.h', 1],
      ['src/qemu/qemu_driver.c', 9],
      ['tools/virsh-domain.c', 2],
      ['tools/virsh.pod', 1],
    ]);
  });

  it('0021 mode-only patch: nine files, no hunks', async () => {
    const m = await one('0021');
    expect(m.diff).toHaveLength(9);
    for (const f of m.diff) {
      expect(f).toMatchObject({
        status: 'mode-change',
        oldMode: '100644',
        newMode: '100755',
        hunks: [],
        binary: false,
      });
    }
    expect(m.diff[0]!.path).toBe('tests/qemu-iotests/096');
    expect(m.notes).toContain("Let's see if patchew groks this one :)");
  });

  it('0023 edk2 patch via qemu-devel: in-body From line stays in the commit message', async () => {
    const m = await one('0023');
    expect(m.commitMessage.split('\n')[0]).toBe('From: Marc-André Lureau <marcandre.lureau@redhat.com>');
    expect(m.from).toEqual({ name: '', address: 'marcandre.lureau@redhat.com' });
    expect(m.diff.map((f) => f.path)).toEqual([
      'SecurityPkg/Tcg/Tcg2Pei/Tcg2Pei.c',
      'SecurityPkg/Tcg/Tcg2Pei/Tcg2Pei.inf',
    ]);
    expect(m.subject).toMatchObject({ index: 1, total: 7 });
  });

  it('0025 reply whose body is only a Reviewed-by', async () => {
    const m = await one('0025');
    expect(m.subject.isReply).toBe(true);
    expect(m.inReplyTo).toBe('20160628014747.20971-1-famz@redhat.com');
    expect(m.trailers).toEqual([{ key: 'Reviewed-by', value: 'Fam Zheng <famz@redhat.com>' }]);
    expect(m.diffText).toBeNull();
  });

  it('0026 bar patch without Based-on', async () => {
    const m = await one('0026');
    expect(m.notes).not.toContain('Based-on');
    expect(m.diff.map(fileSummary)).toEqual(['modified bar -> bar +1 -0']);
  });

  it('0027 reply whose body is only Based-on', async () => {
    const m = await one('0027');
    expect(m.trailers).toEqual([{ key: 'Based-on', value: '<20160628014747.20971-2-famz@redhat.com>' }]);
  });

  it('0028 iso-8859-1 QP patch and a base64 reply with non-ASCII review tags', async () => {
    const [patch, reply] = await load('0028');
    expect(patch!.trailers.map((t) => t.key)).toEqual([
      'Reported-by',
      'Reported-by',
      'Fixes',
      'Fixes',
      'Signed-off-by',
    ]);
    expect(patch!.diff.map(fileSummary)).toEqual(['modified hw/hyperv/hyperv.c -> hw/hyperv/hyperv.c +5 -1']);
    expect(patch!.diff[0]!.hunks[0]!.functionName).toBe('void hyperv_synic_add(CPUState *cs)');
    expect(reply!.from).toEqual({ name: 'Philippe Mathieu-Daudé', address: 'philmd@redhat.com' });
    expect(reply!.trailers).toEqual([
      { key: 'Reviewed-by', value: 'Philippe Mathieu-Daudé <philmd@redhat.com>' },
      { key: 'Tested-by', value: 'Philippe Mathieu-Daudé <philmd@redhat.com>' },
    ]);
  });

  it('0030 v1, v2, v3 with increasing dates', async () => {
    const mails = await load('0030');
    expect(mails.map((m) => m.subject.version)).toEqual([1, 2, 3]);
    expect(mails.map((m) => m.date)).toEqual([
      '2016-06-28T01:47:47.000Z',
      '2016-06-28T01:48:47.000Z',
      '2016-06-28T01:49:47.000Z',
    ]);
  });

  it('0031 PULL covers; the second try names what it supersedes in its body', async () => {
    const [first, second] = await load('0031');
    expect(first!.subject).toMatchObject({
      pull: true,
      isPatch: true,
      index: 0,
      total: 28,
      title: 'Migration pull patches',
    });
    expect(second!.subject).toMatchObject({
      pull: true,
      index: 0,
      total: 29,
      title: 'Migration pull patches (second try)',
    });
    expect(second!.commitMessage).toContain('\nSupersedes: <20200110173215.3865-1-quintela@redhat.com>\n');
    expect(first!.messageId).toBe('20200110173215.3865-1-quintela@redhat.com');
  });

  it('0032 v5 and v6 covers, and a reply carrying Supersedes', async () => {
    const [v5, v6, reply] = await load('0032');
    expect([v5!.subject.version, v5!.subject.total, v6!.subject.version, v6!.subject.total]).toEqual([5, 4, 6, 8]);
    expect(v6!.notes.split('\n')[0]).toBe('Changelog:');
    expect(reply!.inReplyTo).toBe(v6!.messageId);
    expect(reply!.trailers).toEqual([{ key: 'Supersedes', value: `<${v5!.messageId!}>` }]);
  });

  it('0033 plain diff -u, CRLF: no diff --git, commit message above the diff', async () => {
    const m = await one('0033');
    expect(m.diff.map(fileSummary)).toEqual(['modified xen/common/memory.c -> xen/common/memory.c +3 -2']);
    const hunk = m.diff[0]!.hunks[0]!;
    expect(hunk).toMatchObject({
      oldStart: 854,
      oldLines: 8,
      newLines: 9,
      functionName: 'int xenmem_add_to_physmap(struct domain',
    });
    expect(hunk.lines.map((l) => l.newLine ?? l.oldLine)).toEqual([
      854, 855, 856, 857, 858, 857, 858, 859, 860, 861, 862,
    ]);
    expect(m.trailers.map((t) => t.key)).toEqual(['Fixes', 'Signed-off-by']);
    expect(m.notes).toBe('');
    expect(m.diffText?.startsWith('--- a/xen/common/memory.c\n')).toBe(true);
    expect(m.diffText?.includes('\r')).toBe(false);
  });

  it('0034 rename-only patch: similarity 100%, no hunks', async () => {
    const m = await one('0034');
    expect(m.diff.map((f) => [f.status, f.oldPath, f.newPath, f.similarity, f.hunks.length])).toEqual([
      ['renamed', 'tests/qemu-iotests/199', 'tests/qemu-iotests/tests/migrate-bitmaps-postcopy-test', 100, 0],
      ['renamed', 'tests/qemu-iotests/199.out', 'tests/qemu-iotests/tests/migrate-bitmaps-postcopy-test.out', 100, 0],
      ['renamed', 'tests/qemu-iotests/169', 'tests/qemu-iotests/tests/migrate-bitmaps-test', 100, 0],
      ['renamed', 'tests/qemu-iotests/169.out', 'tests/qemu-iotests/tests/migrate-bitmaps-test.out', 100, 0],
    ]);
    expect(m.subject).toMatchObject({ version: 6, index: 11, total: 11 });
  });

  it('0035 CJK From in two encoded words; multipart/alternative; an Outlook-mangled hunk is reported', async () => {
    const m = await one('0035');
    expect(m.from).toEqual({
      name: 'AIERPATIJIANG1 [艾尔帕提江·阿布都赛买提]',
      address: 'AIERPATIJIANG1@kingsoft.com',
    });
    expect(m.commitMessage).toContain('After awhile we can’t write any request to /dev/vport1p1');
    expect(m.commitMessage).not.toContain('<html');
    expect(m.diff.map((f) => f.path)).toEqual(['hw/char/virtio-serial-bus.c']);
    // Outlook dropped the leading space of the first context lines: the hunk stops there.
    expect(m.warnings).toEqual([expect.stringMatching(/^hunk '@@ -150,8 \+150,12 @@ .*' ends early/)]);
  });

  it('0036 To: unlisted-recipients:; yields no To addresses', async () => {
    const m = await one('0036');
    expect(m.to).toEqual([]);
    expect(m.cc).toHaveLength(8);
    expect(m.listId).toBe('linux-kernel.vger.kernel.org');
    expect(m.diff.map(fileSummary)).toContain('added - -> drivers/fpga/microsemi-spi.c +366 -0');
  });

  it('0037 git-am minimal mail without Message-ID still parses', async () => {
    const m = await one('0037');
    expect(m.messageId).toBeNull();
    expect(m.references).toEqual([]);
    expect(m.listId).toBeNull();
    expect(m.trailers).toEqual([
      { key: 'Link', value: 'https://lore.kernel.org/r/20160628014747.20971-1-famz@redhat.com' },
      { key: 'Signed-off-by', value: 'Fam Zheng <famz@redhat.com>' },
    ]);
    expect(m.diff.map(fileSummary)).toEqual(['modified foo -> foo +1 -0']);
    expect(m.warnings).toEqual(['no Message-ID header']);
  });

  it('0038 single application/octet-stream part with CRLF: the attachment is the patch', async () => {
    const m = await one('0038');
    expect(m.subject).toMatchObject({ pull: true, index: 3, total: 15 });
    expect(m.diff.map(fileSummary)).toEqual(['modified qapi/block-core.json -> qapi/block-core.json +3 -4']);
    expect(m.commitMessage.split('\n')[0]).toBe('From: Markus Armbruster <armbru@redhat.com>');
    expect(m.trailers).toContainEqual({ key: 'Message-Id', value: '<20220328140604.41484-3-victortoso@redhat.com>' });
    expect(m.notes).toMatch(/^ qapi\/block-core\.json \| 7 \+\+\+----/);
    expect(m.diffBodyLine).toBeNull();
    expect(m.diff[0]!.hunks[0]!.lines.some((l) => l.text.includes('\r'))).toBe(false);
    expect(m.warnings).toEqual(['diff taken from "attachment 1 (application/octet-stream)"']);
  });

  it('every edge file has a test above', () => {
    const all = readdirSync(EDGE_DIR)
      .filter((f) => f.endsWith('.mbox.gz'))
      .sort();
    expect(all).toHaveLength(34);
    expect([...covered].sort()).toEqual(all);
  });
});
