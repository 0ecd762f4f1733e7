import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { splitMbox, splitMboxStream, unframeMessage } from './mbox.js';

const corpus = new URL('../../test/fixtures/corpus/', import.meta.url);

async function collect(buf: Buffer, chunkSize: number): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunkSize) chunks.push(buf.subarray(i, i + chunkSize));
  const out: Buffer[] = [];
  for await (const m of splitMboxStream(Readable.from(chunks))) out.push(m);
  return out;
}

describe('splitMbox', () => {
  it('reads a bare message as one message', () => {
    const msgs = splitMbox(Buffer.from('From: a@b\nSubject: x\n\nbody\n'));
    expect(msgs.map(String)).toEqual(['From: a@b\nSubject: x\n\nbody\n']);
  });

  it('splits mboxrd, drops the framing line and undoes >From quoting', () => {
    const mbox =
      'From mboxrd@z Thu Jan  1 00:00:00 1970\nSubject: 1\n\n>From here\n>>From there\n\n' +
      'From mboxrd@z Thu Jan  1 00:00:00 1970\nSubject: 2\n\nFrom-less line\n\n';
    expect(splitMbox(Buffer.from(mbox)).map(String)).toEqual([
      'Subject: 1\n\nFrom here\n>From there\n',
      'Subject: 2\n\nFrom-less line\n',
    ]);
  });

  it('does not split on a From line that does not follow an empty line', () => {
    const mbox = 'From A\nSubject: 1\n\nline\nFrom inside\n\nFrom B\nSubject: 2\n\nx\n';
    expect(splitMbox(Buffer.from(mbox))).toHaveLength(2);
  });

  it('splits CRLF mboxes (edge 0033 style)', () => {
    const mbox = 'From A\r\nSubject: 1\r\n\r\nx\r\n\r\nFrom B\r\nSubject: 2\r\n\r\ny\r\n';
    expect(splitMbox(Buffer.from(mbox)).map(String)).toEqual(['Subject: 1\r\n\r\nx\r\n', 'Subject: 2\r\n\r\ny\r\n']);
  });

  it('keeps non-ASCII bytes intact while unquoting', () => {
    const body = Buffer.concat([
      Buffer.from('From A\nSubject: 1\n\n>From '),
      Buffer.from([0xe9, 0xff]),
      Buffer.from('\n\n'),
    ]);
    expect(unframeMessage(body)).toEqual(
      Buffer.concat([Buffer.from('Subject: 1\n\nFrom '), Buffer.from([0xe9, 0xff]), Buffer.from('\n')]),
    );
  });
});

describe('splitMboxStream', () => {
  const sample = readFileSync(new URL('series-samples/04-replies-interleaved-mmap-prepare.mbox', corpus));

  it.each([7, 64, 4096, 1 << 20])('gives the same messages as splitMbox with %i-byte chunks', async (size) => {
    const whole = splitMbox(sample);
    const streamed = await collect(sample, size);
    expect(whole).toHaveLength(50);
    expect(streamed).toEqual(whole);
  });

  it('passes a bare message through whole', async () => {
    const eml = readFileSync(new URL('kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml', corpus));
    const out = await collect(eml, 100);
    expect(out).toHaveLength(1);
    expect(out[0]).toEqual(eml);
  });

  it('splits a Patchew fixture with placeholder separators', () => {
    const buf = gunzipSync(readFileSync(new URL('edge/0004-multiple-patch-reviewed.mbox.gz', corpus)));
    expect(splitMbox(buf)).toHaveLength(5);
  });
});
