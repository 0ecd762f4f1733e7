import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../errors.js';
import { parseMessage } from '../mail/parse-message.js';
import { rules } from '../../rules/index.js';
import { triggerUnion } from '../pipeline/prefilter.js';
import { prepareMessage } from './ingest-parse.js';
import { slimMail } from './message-store.js';

const PATCH = readFileSync(
  new URL(
    '../../test/fixtures/corpus/kb-mails/19-kvm-sev-drop-foll-longterm-for-encrypted-region.eml',
    import.meta.url,
  ),
);
const refs = { blob: 'a'.repeat(64), sourceId: 'spool', itemKey: 'x.eml' };

describe('prepareMessage', () => {
  it('gives the headers-only record and the whole parse, which survives its JSON round trip', async () => {
    const mail = await parseMessage(PATCH, 'spool#x.eml');
    const p = await prepareMessage(PATCH, refs);
    expect(p.record).toEqual({
      key: mail.messageId,
      blob: refs.blob,
      sourceId: 'spool',
      itemKey: 'x.eml',
      mail: slimMail(mail),
      hasDiff: true,
    });
    expect(JSON.parse(p.recordJson)).toEqual(p.record);
    expect(JSON.parse(inflateRawSync(p.packed ?? Buffer.alloc(0)).toString('utf8'))).toEqual(mail);
  });

  it('keeps no whole parse of a reply without a patch, and fails unparseable mail permanently', async () => {
    const reply = Buffer.from(
      'From: a@b.example\r\nMessage-ID: <r@x>\r\nIn-Reply-To: <p@x>\r\nSubject: Re: [PATCH] x\r\n\r\nLooks good.\r\n',
    );
    expect((await prepareMessage(reply, refs)).packed).toBeNull();
    const err = await prepareMessage(Buffer.from('garbage without headers'), refs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toMatch(/^spool#x\.eml: not a mail message/);
  });
});

describe('prepareMessage with the rule prefilter', () => {
  it('keeps a patch naming a rule trigger whole, with the same parse as without the prefilter', async () => {
    const triggers = triggerUnion(rules);
    expect(triggers).not.toBeNull();
    const whole = await prepareMessage(PATCH, refs);
    const p = await prepareMessage(PATCH, refs, { triggers, ruleset: 'r1' });
    expect(p.record).toEqual(whole.record);
    expect(p.record.quietFor).toBeUndefined();
    expect(JSON.parse(inflateRawSync(p.packed ?? Buffer.alloc(0)).toString('utf8'))).toEqual(
      JSON.parse(inflateRawSync(whole.packed ?? Buffer.alloc(0)).toString('utf8')),
    );
  });

  it('marks a patch naming no trigger quiet under the rule set and stores no whole parse of it', async () => {
    const quietPatch = Buffer.from(
      PATCH.toString('latin1').replace(
        /FOLL_LONGTERM|pin_user_pages|get_user_pages|FOLL_PIN|FOLL_GET|unpin_user_page|memfd_pin_folios/g,
        'something_else',
      ),
      'latin1',
    );
    const p = await prepareMessage(quietPatch, refs, { triggers: ['FOLL_LONGTERM', 'pin_user_pages'], ruleset: 'r1' });
    expect(p.record.hasDiff).toBe(true);
    expect(p.record.quietFor).toBe('r1');
    expect(p.packed).toBeNull();
    // Without a prefilter (some rule has no triggers) every mail is whole.
    const all = await prepareMessage(quietPatch, refs, { triggers: null, ruleset: 'r1' });
    expect(all.record.quietFor).toBeUndefined();
    expect(all.packed).not.toBeNull();
  });
});
