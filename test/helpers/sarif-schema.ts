import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';

/** Validates a SARIF log against the OASIS 2.1.0 schema; returns the schema's errors, or null. */
export function sarifSchemaErrors(sarif: unknown): string | null {
  const schema = JSON.parse(
    readFileSync(
      new URL('../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', import.meta.url),
      'utf8',
    ),
  ) as object;
  const validate = new AjvDraft04.default({
    allErrors: true,
    strict: false,
    unicodeRegExp: false,
    logger: false,
  }).compile(schema);
  return validate(sarif) ? null : JSON.stringify(validate.errors);
}
