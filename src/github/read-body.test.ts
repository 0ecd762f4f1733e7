import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PayloadTooLargeError, readBody } from './read-body.js';

const LIMIT = 1024;

/** A server that reads with readBody and answers the size read or the error's name. */
async function start(): Promise<{ server: Server; port: number; seen: { flowing: boolean | null }[] }> {
  // After a refusal: null = the body was never read, false = reading stopped (paused).
  const seen: { flowing: boolean | null }[] = [];
  const server = createServer((req, res) => {
    readBody(req, LIMIT).then(
      (body) => {
        res.writeHead(200, { connection: 'close' }).end(String(body.length));
      },
      (err: unknown) => {
        seen.push({ flowing: req.readableFlowing });
        res
          .writeHead(err instanceof PayloadTooLargeError ? 413 : 500, { connection: 'close' })
          .end(err instanceof Error ? err.name : 'error');
      },
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

/** POSTs chunks (chunked encoding unless a length is given) and resolves with the answer. */
function post(
  port: number,
  chunks: Buffer[],
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString();
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, text });
      });
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe('readBody', () => {
  let server: Server | null = null;
  afterEach(async () => {
    const s = server;
    server = null;
    if (s !== null)
      await new Promise((r) => {
        s.close(r);
      });
  });

  it('reads a body up to the cap exactly', async () => {
    const s = await start();
    server = s.server;
    expect(await post(s.port, [Buffer.alloc(LIMIT, 'a')])).toEqual({ status: 200, text: String(LIMIT) });
    expect(await post(s.port, [Buffer.alloc(10), Buffer.alloc(LIMIT - 10)])).toEqual({
      status: 200,
      text: String(LIMIT),
    });
    expect(await post(s.port, [])).toEqual({ status: 200, text: '0' });
  });

  it('refuses a declared length above the cap before reading a byte', async () => {
    const s = await start();
    server = s.server;
    const r = await post(s.port, [Buffer.alloc(LIMIT + 1)], { 'content-length': String(LIMIT + 1) });
    expect(r).toEqual({ status: 413, text: 'PayloadTooLargeError' });
    expect(s.seen).toEqual([{ flowing: null }]);
  });

  it('stops at the first chunk past the cap when the length is not declared', async () => {
    const s = await start();
    server = s.server;
    const r = await post(s.port, [Buffer.alloc(LIMIT), Buffer.alloc(1)]);
    expect(r).toEqual({ status: 413, text: 'PayloadTooLargeError' });
    expect(s.seen).toEqual([{ flowing: false }]);
  });
});
