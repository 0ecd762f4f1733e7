/** series-samples/01 (Dan Williams' "Fix the DAX-gup mistake": a cover and 13 patches, threaded under the cover) as the records ingest stores. */
import { readFileSync } from 'node:fs';
import { splitMbox } from '../../src/input/mbox.js';
import { parseMessage } from '../../src/mail/parse-message.js';
import { messageKeyOf, slimMail } from '../../src/queue/message-store.js';
import type { MessageRecord } from '../../src/review/ports.js';

const SERIES = new URL('../fixtures/corpus/series-samples/01-dax-gup-mistake-v1.mbox', import.meta.url);

export async function series01Records(): Promise<MessageRecord[]> {
  return Promise.all(
    splitMbox(readFileSync(SERIES)).map(async (raw, i) => {
      const m = await parseMessage(raw, `s#${String(i)}`);
      return {
        key: messageKeyOf(m, `b${String(i)}`),
        blob: `b${String(i)}`,
        sourceId: 's',
        itemKey: String(i),
        mail: slimMail(m),
        hasDiff: m.diffText !== null,
      };
    }),
  );
}
