import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

/** Every link to our docs the checker writes is built on the configured base (`--docs-base` / DAX_REVIEW_DOCS_BASE). */
const FRAME_VECTOR = new URL(
  './fixtures/corpus/kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml',
  import.meta.url,
).pathname;
const BASE = 'https://docs.example.org/dax-review/1.0';
const RULE = 'longterm-pin-without-foll-longterm';

interface Sarif {
  runs: {
    tool: { driver: { informationUri: string; rules: { id: string; helpUri: string; help: { text: string } }[] } };
  }[];
}

describe('docs base', () => {
  it('--docs-base sets the per-finding docs link of the JSON report', async () => {
    const r = await runCli(['check', '--format', 'json', '--docs-base', BASE, FRAME_VECTOR]);
    const doc = JSON.parse(r.stdout) as { findings: { docs: string }[] };
    expect(doc.findings.map((f) => f.docs)).toEqual([`${BASE}/rules/${RULE}/README.md`]);
  });

  it('DAX_REVIEW_DOCS_BASE sets SARIF helpUri, help links and the tool home; a trailing slash is not doubled', async () => {
    const r = await runCli(['check', '--format', 'sarif', FRAME_VECTOR], undefined, {
      DAX_REVIEW_DOCS_BASE: `${BASE}/`,
    });
    const driver = (JSON.parse(r.stdout) as Sarif).runs[0]!.tool.driver;
    expect(driver.informationUri).toBe(`${BASE}/README.md`);
    const rule = driver.rules.find((x) => x.id === RULE)!;
    expect(rule.helpUri).toBe(`${BASE}/rules/${RULE}/README.md`);
    expect(rule.help.text).toContain(`${BASE}/docs/knowledge/longterm-vs-shortterm-pins.md`);
    expect(JSON.stringify(driver)).not.toContain('github.com/dax-review');
  });

  it('explain prints the rule page and its background under the base', async () => {
    const r = await runCli(['explain', RULE, '--docs-base', BASE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${BASE}/rules/${RULE}/README.md`);
    expect(r.stdout).toContain(`${BASE}/docs/knowledge/gup-api-history.md`);
  });

  it('a --docs-base that is not a URL is a usage error naming the value', async () => {
    const r = await runCli(['check', '--docs-base', 'docs/here', FRAME_VECTOR]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"docs/here"');
  });
});
