import { describe, expect, it } from 'vitest';
import type { Trailer } from '../model/patch-mail.js';
import { canonicalTrailerKey, parseReplyTrailers, parseTrailers } from './trailers.js';

const L = (...lines: string[]): string => lines.join('\n');

describe('parseTrailers', () => {
  const cases: { name: string; text: string; want: Trailer[] }[] = [
    {
      name: 'odd-cased keys (edge 0002)',
      text: L(
        'The qcrypto_hash_supports is actually a static check, determined at',
        'compile time.',
        '',
        'Signed-off-by: Fam Zheng <famz@redhat.com>',
        'Reviewed-By: Fam Zheng <famz@redhat.com>',
        'tESTed-bY: Fam Zheng <famz@redhat.com>',
      ),
      want: [
        { key: 'Signed-off-by', value: 'Fam Zheng <famz@redhat.com>' },
        { key: 'Reviewed-by', value: 'Fam Zheng <famz@redhat.com>' },
        { key: 'Tested-by', value: 'Fam Zheng <famz@redhat.com>' },
      ],
    },
    {
      name: 'Reported-by and Fixes (edge 0028)',
      text: L(
        'Add the missing check for NULL.',
        '',
        'Reported-by: Vitaly Kuznetsov <vkuznets@redhat.com>',
        'Reported-by: Igor Mammedov <imammedo@redhat.com>',
        'Fixes: 9b4cf107b09d18ac30f46fd1c4de8585ccba030c',
        'Fixes: 4a93722f9c279184e95b1e1ad775c01deec05065',
        'Signed-off-by: Roman Kagan <rkagan@virtuozzo.com>',
      ),
      want: [
        { key: 'Reported-by', value: 'Vitaly Kuznetsov <vkuznets@redhat.com>' },
        { key: 'Reported-by', value: 'Igor Mammedov <imammedo@redhat.com>' },
        { key: 'Fixes', value: '9b4cf107b09d18ac30f46fd1c4de8585ccba030c' },
        { key: 'Fixes', value: '4a93722f9c279184e95b1e1ad775c01deec05065' },
        { key: 'Signed-off-by', value: 'Roman Kagan <rkagan@virtuozzo.com>' },
      ],
    },
    {
      name: 'non-ASCII name in a reply (edge 0028)',
      text: L(
        'On 9/20/19 1:01 PM, Roman Kagan wrote:',
        '> Add the missing check for NULL.',
        '',
        'Reviewed-by: Philippe Mathieu-Daudé <philmd@redhat.com>',
      ),
      want: [{ key: 'Reviewed-by', value: 'Philippe Mathieu-Daudé <philmd@redhat.com>' }],
    },
    {
      name: 'Fixes with a title, Cc with a comment, Link, Message-Id (nvdimm)',
      text: L(
        'Fixes: 5777a3742d88 ("IOMMU: hold page ref until after deferred TLB flush")',
        'Cc: <stable@vger.kernel.org> # 5.10',
        'Link: https://lore.kernel.org/r/20220303-x@y',
        'Message-ID: <20220303-x@y>',
        'Signed-off-by: Jan Beulich <jbeulich@suse.com>',
      ),
      want: [
        { key: 'Fixes', value: '5777a3742d88 ("IOMMU: hold page ref until after deferred TLB flush")' },
        { key: 'Cc', value: '<stable@vger.kernel.org> # 5.10' },
        { key: 'Link', value: 'https://lore.kernel.org/r/20220303-x@y' },
        { key: 'Message-Id', value: '<20220303-x@y>' },
        { key: 'Signed-off-by', value: 'Jan Beulich <jbeulich@suse.com>' },
      ],
    },
    {
      name: 'Based-on alone (edge 0027) and Supersedes',
      text: L('Based-on: <20180621080920.3010-1-famz@redhat.com>', 'Supersedes: <a@b>'),
      want: [
        { key: 'Based-on', value: '<20180621080920.3010-1-famz@redhat.com>' },
        { key: 'Supersedes', value: '<a@b>' },
      ],
    },
    {
      name: 'folded continuation line',
      text: L(
        'Fixes: 5777a3742d88 ("IOMMU: hold page ref until after',
        '        deferred TLB flush")',
        'Signed-off-by: A <a@b.c>',
      ),
      want: [
        { key: 'Fixes', value: '5777a3742d88 ("IOMMU: hold page ref until after deferred TLB flush")' },
        { key: 'Signed-off-by', value: 'A <a@b.c>' },
      ],
    },
    {
      name: 'maintainer note inside a signed-off block is tolerated',
      text: L('Signed-off-by: A <a@b.c>', '[dan: fix up the changelog]', 'Signed-off-by: Dan <d@e.f>'),
      want: [
        { key: 'Signed-off-by', value: 'A <a@b.c>' },
        { key: 'Signed-off-by', value: 'Dan <d@e.f>' },
      ],
    },
    { name: 'prose last paragraph', text: L('Signed-off-by: A <a@b.c>', '', 'Thanks for the review.'), want: [] },
    { name: 'a URL is not a trailer', text: 'https://lore.kernel.org/r/x', want: [] },
    { name: 'quoted trailer in a reply is not a trailer', text: '> Reviewed-by: A <a@b.c>', want: [] },
    { name: 'empty', text: '', want: [] },
    {
      name: 'CRLF and trailing blank lines',
      text: 'x\r\n\r\nAcked-by: A <a@b.c>\r\n\r\n',
      want: [{ key: 'Acked-by', value: 'A <a@b.c>' }],
    },
  ];
  it.each(cases)('$name', ({ text, want }) => {
    expect(parseTrailers(text)).toEqual(want);
  });
});

describe('canonicalTrailerKey', () => {
  it.each([
    ['Reviewed-By', 'Reviewed-by'],
    ['tESTed-bY', 'Tested-by'],
    ['CC', 'Cc'],
    ['message-id', 'Message-Id'],
    ['Co-Developed-By', 'Co-developed-by'],
    ['based-on', 'Based-on'],
  ])('%s → %s', (raw, want) => {
    expect(canonicalTrailerKey(raw)).toBe(want);
  });
});

describe('parseReplyTrailers', () => {
  it.each<[string, string, Trailer[]]>([
    [
      'tags between quoted hunks (edge 0028)',
      L(
        'On 26/11/18 16:28, Roman Kagan wrote:',
        '> When started',
        '',
        'Reviewed-by: Philippe Mathieu-Daudé <philmd@redhat.com>',
        'Tested-by: Philippe Mathieu-Daudé <philmd@redhat.com>',
        '',
        '> ---',
        '>  hw/hyperv/hyperv.c | 6 +++++-',
      ),
      [
        { key: 'Reviewed-by', value: 'Philippe Mathieu-Daudé <philmd@redhat.com>' },
        { key: 'Tested-by', value: 'Philippe Mathieu-Daudé <philmd@redhat.com>' },
      ],
    ],
    [
      'Supersedes in a reply (edge 0032)',
      L(
        'Am 08.01.2020 um 15:31 hat Sergio Lopez geschrieben:',
        '> This patch series',
        '',
        'Supersedes: <20191128104129.250206-1-slp@redhat.com>',
        '',
        '> more',
      ),
      [{ key: 'Supersedes', value: '<20191128104129.250206-1-slp@redhat.com>' }],
    ],
    [
      'quoted, indented and prose keys are not tags',
      L('> Reviewed-by: A <a@b.c>', '  Acked-by: B <b@c.d>', 'Note: later', 'Acked-By: C <c@d.e>'),
      [{ key: 'Acked-by', value: 'C <c@d.e>' }],
    ],
    [
      'stops at an Outlook full quote',
      L('Acked-by: Dan <d@e.f>', '-----Original Message-----', 'Signed-off-by: X <x@y.z>'),
      [{ key: 'Acked-by', value: 'Dan <d@e.f>' }],
    ],
  ])('%s', (_name, body, want) => {
    expect(parseReplyTrailers(body)).toEqual(want);
  });
});
