import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitMbox } from '../input/mbox.js';
import { parseMessage } from '../mail/parse-message.js';
import { assembleSeries } from '../series/assemble.js';
import { mail } from '../../test/helpers/patch-mail-factory.js';
import { workVersionOf } from './work-key.js';

const SAMPLES = new URL('../../test/fixtures/corpus/series-samples/', import.meta.url);

async function seriesOf(file: string) {
  const mails = await Promise.all(
    splitMbox(readFileSync(new URL(file, SAMPLES))).map((raw, i) => parseMessage(raw, `${file}#${i}`)),
  );
  return assembleSeries(mails).series[0]!;
}

describe('workVersionOf', () => {
  it('links v1 and v3 of a real series (same author and subject stem)', async () => {
    const v1 = workVersionOf(await seriesOf('01-dax-gup-mistake-v1.mbox'), null);
    const v3 = workVersionOf(await seriesOf('02-dax-gup-mistake-v3.mbox'), null);
    expect(v1?.version).toBe(1);
    expect(v3?.version).toBe(3);
    expect(v3?.key).toBe(v1?.key);
    expect(workVersionOf(await seriesOf('05-ndctl-meson-build-v1.mbox'), null)?.key).not.toBe(v1?.key);
  });

  it('prefers b4’s change-id, and works for a lone patch', () => {
    const a = {
      ...mail({ subject: '[PATCH v2] mm: one title' }),
      notes: 'base-commit: abc\nchange-id: 20240101-topic-1a2b3c\n',
    };
    const b = {
      ...mail({ subject: '[PATCH v5] mm: renamed title', from: 'other@example.org' }),
      commitMessage: 'x\n\nchange-id: 20240101-topic-1a2b3c\n',
    };
    expect(workVersionOf(null, a)).toEqual({ key: workVersionOf(null, b)?.key, version: 2 });
    expect(workVersionOf(null, mail({ subject: '[PATCH] mm: one title' }))?.key).not.toBe(workVersionOf(null, a)?.key);
    expect(workVersionOf(null, null)).toBeNull();
  });
});
