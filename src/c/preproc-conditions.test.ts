import { addedFragment } from '../../test/helpers/added-fragment.js';
import { describe, expect, it } from 'vitest';
import { preprocConditions, selectsNonLinux } from './preproc-conditions.js';

const fragment = (lines: string[]) => addedFragment(lines, { path: 'x.h' });

const nonLinuxAt = (lines: string[], target: string): boolean => {
  const f = fragment(lines);
  return selectsNonLinux(
    preprocConditions(
      f,
      f.lines.findIndex((l) => l.text.includes(target)),
    ),
  );
};

describe('preprocConditions / selectsNonLinux', () => {
  it('sees the #else of #ifdef CONFIG_LINUX', () => {
    const lines = ['#ifdef CONFIG_LINUX', '#define A 1', '#else', '#define B 0', '#endif'];
    expect(nonLinuxAt(lines, 'A 1')).toBe(false);
    expect(nonLinuxAt(lines, 'B 0')).toBe(true);
    expect(preprocConditions(fragment(lines), 3)).toEqual([
      { directive: 'ifdef', condition: 'CONFIG_LINUX', inElse: true },
    ]);
  });

  it.each([
    [['#ifndef CONFIG_LINUX', '#define X 0', '#endif'], true],
    [['#if !defined(__linux__)', '#define X 0', '#endif'], true],
    [['#ifdef _WIN32', '#define X 0', '#endif'], true],
    [['#if defined(__linux__)', '#define X 0', '#endif'], false],
    [['#ifndef MAP_SHARED_VALIDATE', '#define X 0', '#endif'], false],
  ])('%j', (lines, expected) => {
    expect(nonLinuxAt(lines, 'X 0')).toBe(expected);
  });
});
