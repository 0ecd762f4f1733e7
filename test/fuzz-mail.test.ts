/**
 * Fuzzing both front ends with mutated real mails (test/fixtures/corpus/kb-mails): headers cut
 * or repeated, MIME boundaries broken, bogus charsets and transfer encodings, NUL bytes, long
 * lines, hunk counts that lie. The checker path (files → checkInputs → text/JSON/SARIF) must
 * end in a report, the service's ingest parse (prepareMessage, what its worker calls) in a
 * record or a PermanentError; nothing else may escape. Seeded: FUZZ_SEED, FUZZ_RUNS (default
 * 150 each in `npm test`; `npm run fuzz` runs more). The seed is printed on failure.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { checkInputs } from '../src/check/check-inputs.js';
import { PermanentError } from '../src/errors.js';
import { NoMessagesError } from '../src/input/raw-message.js';
import { prepareMessage } from '../src/queue/ingest-parse.js';
import { renderJson } from '../src/render/json.js';
import { renderSarif } from '../src/render/sarif.js';
import { renderText } from '../src/render/text.js';

const CORPUS = new URL('./fixtures/corpus/kb-mails/', import.meta.url);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
// Generous: a long `npm run fuzz` must not hit the per-test timeout; a hang still does.
const TIMEOUT = Math.max(120_000, RUNS * 100);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);

type Mutation = (text: string, n: number) => string;

const MUTATIONS: Record<string, Mutation> = {
  'headers truncated': (t, n) => t.slice(0, Math.max(1, ((t.indexOf('\n\n') * (n % 100)) / 100) | 0)),
  'header repeated': (t, n) => t.replace(/^(Subject: .*)$/m, (h) => `${h}\n`.repeat(1 + (n % 500))),
  'boundary broken': (t, n) =>
    t
      .replace(/boundary="?([^";\s]+)"?/i, `boundary="${'x'.repeat(n % 80)}`)
      .replace(/^--/gm, n % 2 === 0 ? '-' : '--"'),
  'nested multiparts': (t, n) =>
    `Content-Type: multipart/mixed; boundary="n"\n${t.replace('\n\n', `\n\n${'--n\nContent-Type: multipart/mixed; boundary="n"\n\n'.repeat(n % 20)}`)}`,
  'invalid charset': (t) =>
    t.replace(
      '\n\n',
      '\nContent-Type: text/plain; charset="x-no-such-\u00ff"\nContent-Transfer-Encoding: quoted-printable\n\n=ZZ=0',
    ),
  'invalid transfer encoding': (t) => t.replace('\n\n', '\nContent-Transfer-Encoding: base64\n\n!!!'),
  'NUL bytes': (t, n) =>
    t
      .split('')
      .map((c, i) => (i % (7 + (n % 50)) === 0 ? '\0' : c))
      .join(''),
  'long line': (t, n) => t.replace('\n+', `\n+${'pin_user_pages('.repeat(200 + (n % 2000))}`),
  'hunk counts lie': (t, n) =>
    t.replace(/@@ -(\d+),(\d+) \+(\d+),(\d+) @@/g, `@@ -$1,${n} +$3,${(n * 7919) % 100000} @@`),
  // Added lines the hunk header does not count, before the first added line.
  'huge diff': (t, n) =>
    t.replace(/^\+/m, `${'+\tret = pin_user_pages(addr, 1, FOLL_WRITE, pages);\n'.repeat(2000 + (n % 20_000))}+`),
  'cut anywhere': (t, n) => t.slice(0, n % (t.length + 1)),
};

let mails: string[] = [];
let dir = '';
beforeAll(async () => {
  const names = (await readdir(CORPUS)).filter((n) => n.endsWith('.eml')).sort();
  mails = await Promise.all(names.map((n) => readFile(new URL(n, CORPUS), 'latin1')));
  dir = await mkdtemp(join(tmpdir(), 'fuzz-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mutated = fc.record({
  mail: fc.nat(),
  steps: fc.array(fc.record({ mutation: fc.constantFrom(...Object.keys(MUTATIONS)), n: fc.nat(1_000_000) }), {
    minLength: 1,
    maxLength: 3,
  }),
});

function apply(c: { mail: number; steps: readonly { mutation: string; n: number }[] }): Buffer {
  let text = mails[c.mail % mails.length] ?? '';
  for (const s of c.steps) text = (MUTATIONS[s.mutation] ?? ((t: string) => t))(text, s.n);
  return Buffer.from(text, 'latin1');
}

const params = (): fc.Parameters<[{ mail: number; steps: { mutation: string; n: number }[] }]> => ({
  seed: SEED,
  numRuns: RUNS,
  endOnFailure: true,
});

describe(`fuzz (seed ${SEED}, ${RUNS} runs each)`, () => {
  it(
    'the checker ends every mutated mail in a report, rendered three ways',
    async () => {
      let i = 0;
      await fc
        .assert(
          fc.asyncProperty(mutated, async (c) => {
            const file = join(dir, `m${i++}.eml`);
            const bytes = apply(c);
            await writeFile(file, bytes);
            // A mutation can leave nothing at all (a cut at 0): that input is refused by name (exit 2).
            const report = await checkInputs([file], { rules, workers: 0 }).catch((err: unknown) => {
              if (err instanceof NoMessagesError && bytes.toString('latin1').trim() === '') return null;
              throw err;
            });
            if (report === null) return;
            expect(report.messages).toBe(1);
            expect(report.crashes).toEqual([]);
            JSON.parse(renderJson(report));
            JSON.parse(renderSarif(report, rules));
            expect(renderText(report)).toMatch(/1 message/);
          }),
          params(),
        )
        .catch((err: unknown) => {
          throw new Error(`fuzz failed, rerun with FUZZ_SEED=${SEED}: ${String(err)}`);
        });
    },
    TIMEOUT,
  );

  it(
    "the service's ingest parse ends in a record or a permanent failure",
    async () => {
      await fc
        .assert(
          fc.asyncProperty(mutated, async (c) => {
            try {
              const prepared = await prepareMessage(apply(c), { blob: 'b', sourceId: 'fuzz', itemKey: 'x' }, null);
              expect(JSON.parse(prepared.recordJson)).toBeTypeOf('object');
            } catch (err) {
              if (!(err instanceof PermanentError)) throw err;
              expect(err.message).toMatch(/^fuzz#x: /);
            }
          }),
          params(),
        )
        .catch((err: unknown) => {
          throw new Error(`fuzz failed, rerun with FUZZ_SEED=${SEED}: ${String(err)}`);
        });
    },
    TIMEOUT,
  );
});
