import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { checkInputs } from '../check/check-inputs.js';
import { ProjectConfig } from '../config/project-config.js';
import { parseDiff } from '../diff/parse-diff.js';
import { PermanentError } from '../errors.js';
import { parseMessage } from '../mail/parse-message.js';
import { prepareMessage } from '../queue/ingest-parse.js';
import { renderJson } from '../render/json.js';
import { renderSarif } from '../render/sarif.js';
import { renderText } from '../render/text.js';
import { DEFAULT_LIMITS, LimitError, Limits } from './limits.js';
import { checkRawLimits } from './raw-limits.js';

const mail = (body: string, headers = ''): Buffer =>
  Buffer.from(`From: a@example.org\nSubject: [PATCH] x\nMessage-ID: <x@example.org>\n${headers}\n${body}`);
const limits = (over: Partial<Limits>): Limits => Limits.parse(over);

/** A multipart mail with `parts` parts, nested `depth` deep. */
function multipart(parts: number, depth = 1): Buffer {
  let inner = `Content-Type: text/plain\n\ntext\n`;
  for (let d = depth; d >= 1; d--) {
    const n = d === 1 ? parts : 1;
    inner = `Content-Type: multipart/mixed; boundary="b${d}"\n\n${Array.from({ length: n }, () => `--b${d}\n${inner}`).join('')}--b${d}--\n`;
  }
  return Buffer.from(`From: a@example.org\nSubject: x\n${inner}`);
}

function diff(files: number, linesPerFile: number): string {
  return Array.from({ length: files }, (_, f) =>
    [
      `diff --git a/f${f}.c b/f${f}.c`,
      `--- a/f${f}.c`,
      `+++ b/f${f}.c`,
      `@@ -1,0 +1,${linesPerFile} @@`,
      ...Array.from({ length: linesPerFile }, (_, i) => `+line ${i}`),
    ].join('\n'),
  ).join('\n');
}

const refusal = (fn: () => void): LimitError | null => {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof LimitError) return err;
    throw err;
  }
};

describe('raw limits, checked before mailparser', () => {
  it('messageBytes: at the limit passes, one byte past is refused naming the limit', () => {
    const raw = mail('body\n');
    expect(
      refusal(() => {
        checkRawLimits(raw, 'a.eml', limits({ messageBytes: raw.length }));
      }),
    ).toBeNull();
    const err = refusal(() => {
      checkRawLimits(raw, 'a.eml', limits({ messageBytes: raw.length - 1 }));
    });
    expect(err?.limit).toBe('messageBytes');
    expect(err?.message).toBe(`a.eml: refused: ${raw.length} bytes is past limits.messageBytes (${raw.length - 1})`);
  });

  it('headerBytes: the header block up to the first empty line', () => {
    const raw = mail('body\n', `X-Pad: ${'p'.repeat(100)}\n`);
    const header = raw.indexOf('\n\n');
    expect(
      refusal(() => {
        checkRawLimits(raw, 'a.eml', limits({ headerBytes: header }));
      }),
    ).toBeNull();
    expect(
      refusal(() => {
        checkRawLimits(raw, 'a.eml', limits({ headerBytes: header - 1 }));
      })?.limit,
    ).toBe('headerBytes');
  });

  it('mimeParts: delimiter lines of declared boundaries', () => {
    const raw = multipart(10);
    // 10 delimiters and the closing one.
    expect(
      refusal(() => {
        checkRawLimits(raw, 'm.eml', limits({ mimeParts: 11 }));
      }),
    ).toBeNull();
    expect(
      refusal(() => {
        checkRawLimits(raw, 'm.eml', limits({ mimeParts: 10 }));
      })?.limit,
    ).toBe('mimeParts');
  });

  it('mimeDepth: nested multiparts', () => {
    const raw = multipart(1, 5);
    expect(
      refusal(() => {
        checkRawLimits(raw, 'm.eml', limits({ mimeDepth: 5 }));
      }),
    ).toBeNull();
    expect(
      refusal(() => {
        checkRawLimits(raw, 'm.eml', limits({ mimeDepth: 4 }));
      })?.limit,
    ).toBe('mimeDepth');
  });

  it('parseMessage refuses by default a mail past the default size', async () => {
    const raw = mail(`${'x'.repeat(DEFAULT_LIMITS.messageBytes)}\n`);
    await expect(parseMessage(raw, 'big.eml')).rejects.toThrow(
      /^big\.eml: refused: \d+ bytes is past limits\.messageBytes/,
    );
  });
});

describe('diff limits: reviewed partially, with a note', () => {
  it('diffLines: at the limit whole, past it the first lines only', () => {
    const text = diff(2, 10);
    const whole: string[] = [];
    expect(parseDiff(text, whole, limits({ diffLines: 20 })).map((f) => f.additions)).toEqual([10, 10]);
    expect(whole.filter((w) => w.startsWith('partial:'))).toEqual([]);
    const cut: string[] = [];
    expect(parseDiff(text, cut, limits({ diffLines: 19 })).map((f) => f.additions)).toEqual([10]);
    expect(cut).toContain('partial: the diff has 20 lines; the first 10 reviewed (limits.diffLines 19)');
  });

  it('diffFiles: past it the first files only', () => {
    const text = diff(3, 1);
    expect(parseDiff(text, [], limits({ diffFiles: 3 }))).toHaveLength(3);
    const cut: string[] = [];
    expect(parseDiff(text, cut, limits({ diffFiles: 2 })).map((f) => f.path)).toEqual(['f0.c', 'f1.c']);
    expect(cut).toContain('partial: the diff has 3 files; the first 2 reviewed (limits.diffFiles)');
  });
});

describe('both front ends', () => {
  it('check: a mail past a limit is listed unparsed with the limit, the rest of the batch is reviewed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'limits-'));
    const small = mail('small\n');
    await writeFile(join(dir, 'a-small.eml'), small);
    await writeFile(join(dir, 'b-big.eml'), mail(`${'x'.repeat(200)}\n`));
    const config = ProjectConfig.parse({ limits: { messageBytes: small.length } });
    for (const workers of [0, 1]) {
      const report = await checkInputs([dir], { rules, workers, config });
      expect(report.messages).toBe(2);
      expect(report.unparsed.map((u) => u.reason)).toEqual([
        expect.stringMatching(/b-big\.eml: refused: \d+ bytes is past limits\.messageBytes/),
      ]);
    }
  });

  it('check: a mail past a diff limit is reported partial, with what was left out, in text, JSON and SARIF', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'limits-'));
    // A rule trigger in the message, so the checker parses the diff (others get a headers-only parse).
    await writeFile(join(dir, 'a-whole.eml'), mail(`Touches get_user_pages.\n---\n${diff(1, 5)}\n`));
    await writeFile(join(dir, 'b-cut.eml'), mail(`Touches get_user_pages.\n---\n${diff(2, 5)}\n`));
    const config = ProjectConfig.parse({ limits: { diffLines: 5 } });
    const report = await checkInputs([dir], { rules, workers: 0, config });
    expect(report.unparsed).toEqual([]);
    expect(report.partial).toEqual([
      { source: join(dir, 'b-cut.eml'), reason: 'the diff has 10 lines; the first 5 reviewed (limits.diffLines 5)' },
    ]);
    expect(renderText(report)).toMatch(/b-cut\.eml: partial: the diff has 10 lines/);
    expect((JSON.parse(renderJson(report)) as { inputs: { partial: unknown[] } }).inputs.partial).toHaveLength(1);
    const sarif = JSON.parse(renderSarif(report, rules)) as {
      runs: { invocations?: { toolExecutionNotifications: { descriptor: { id: string } }[] }[] }[];
    };
    expect(sarif.runs[0]?.invocations?.[0]?.toolExecutionNotifications.map((n) => n.descriptor.id)).toEqual([
      'partial',
    ]);
  });

  it('service ingest: a permanent failure naming the mail and the limit', async () => {
    const raw = mail(`${'x'.repeat(200)}\n`);
    const refs = { blob: 'b', sourceId: 'spool', itemKey: 'big.eml' };
    const failure = prepareMessage(raw, refs, null, limits({ messageBytes: 100 }));
    await expect(failure).rejects.toBeInstanceOf(PermanentError);
    await expect(failure).rejects.toThrow(/^spool#big\.eml: refused: \d+ bytes is past limits\.messageBytes \(100\)$/);
  });
});
