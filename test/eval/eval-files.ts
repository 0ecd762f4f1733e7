/** The committed files of an evaluation split: sources.tsv (where each case comes from) and labels.tsv (what it should raise). */
import { existsSync, readFileSync } from 'node:fs';
import type { Split } from './split.js';

export const EVAL_DIR = new URL('./', import.meta.url);
export const splitDir = (split: Split): URL => new URL(`${split}/`, EVAL_DIR);
export const casesDir = (split: Split): URL => new URL('cases/', splitDir(split));

export interface SourceRow {
  readonly file: string;
  /** `github:owner/repo@<sha>[ -- paths]`, `github:owner/repo@<sha>:<path>`, or `derived:<base id>#<n>`. */
  readonly source: string;
  /** For derived cases: the base case file and the replacement made (JSON), else empty. */
  readonly derivation: string;
}

export interface LabelRow {
  readonly file: string;
  /** Rule ids the case should raise (empty: silence). */
  readonly expected: readonly string[];
  readonly why: string;
}

function tsvRows(url: URL): string[][] {
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .slice(1)
    .map((l) => l.split('\t'));
}

export function readSources(split: Split): SourceRow[] {
  return tsvRows(new URL('sources.tsv', splitDir(split))).map(([file, source, derivation]) => ({
    file: file!,
    source: source!,
    derivation: derivation ?? '',
  }));
}

export function readLabels(split: Split): LabelRow[] {
  return tsvRows(new URL('labels.tsv', splitDir(split))).map(([file, expected, why]) => ({
    file: file!,
    expected:
      !expected || expected.trim() === '-'
        ? []
        : expected
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
            .sort(),
    why: why ?? '',
  }));
}

/** Whether the case files were materialized (npm run eval:cases); they are not committed. */
export const casesPresent = (split: Split): boolean =>
  readSources(split).every((r) => existsSync(new URL(r.file, casesDir(split))));
