import type { CodeFragment } from './fragment.js';

/** One `#if…` around a line, and whether the line is in its `#else` part. */
export interface PreprocCondition {
  readonly directive: 'if' | 'ifdef' | 'ifndef';
  /** The condition text: `CONFIG_LINUX`, `!defined(__linux__)`. */
  readonly condition: string;
  /** The line sits after an `#else` (or `#elif`) of this conditional. */
  readonly inElse: boolean;
}

const DIRECTIVE = /^\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b\s*(.*?)\s*(?:\/\*.*|\/\/.*)?$/;

/**
 * The preprocessor conditionals open at fragment line `index`, outermost first, as far as its
 * hunk shows them (a conditional opened above the hunk is not seen).
 */
export function preprocConditions(fragment: CodeFragment, index: number): PreprocCondition[] {
  const at = fragment.lines[index];
  if (at === undefined) return [];
  const stack: { directive: PreprocCondition['directive']; condition: string; inElse: boolean }[] = [];
  for (let k = 0; k < index; k++) {
    const line = fragment.lines[k];
    if (line?.hunk !== at.hunk) continue;
    const m = DIRECTIVE.exec(line.text);
    if (m === null) continue;
    const word = m[1] ?? '';
    const rest = m[2] ?? '';
    if (word === 'if' || word === 'ifdef' || word === 'ifndef')
      stack.push({ directive: word, condition: rest, inElse: false });
    else if (word === 'endif') stack.pop();
    else {
      const top = stack.at(-1);
      if (top !== undefined) top.inElse = true;
    }
  }
  return stack;
}

const LINUX = /^(?:CONFIG_LINUX|__linux__|__linux|linux|__gnu_linux__)$/;
const LINUX_DEFINED = /^\(?\s*defined\s*\(?\s*(?:CONFIG_LINUX|__linux__|__linux|__gnu_linux__)\s*\)?\s*\)?$/;
const NOT_LINUX_DEFINED = /^!\s*defined\s*\(?\s*(?:CONFIG_LINUX|__linux__|__linux|__gnu_linux__)\s*\)?$/;
const OTHER_OS =
  /\b(?:_WIN32|_WIN64|CONFIG_WIN32|__APPLE__|__MACH__|CONFIG_DARWIN|__FreeBSD__|__NetBSD__|__OpenBSD__|__DragonFly__|CONFIG_BSD|__sun__|__sun|CONFIG_SOLARIS|__HAIKU__|__CYGWIN__|_AIX)\b/;

/** Whether a conditional stack selects a non-Linux host (`#ifndef CONFIG_LINUX`, `#else` of `#ifdef __linux__`, `#ifdef _WIN32`). */
export function selectsNonLinux(conditions: readonly PreprocCondition[]): boolean {
  return conditions.some((c) => {
    const cond = c.condition.trim();
    if (c.directive === 'ifndef') return LINUX.test(cond) !== c.inElse;
    if (c.directive === 'ifdef') return LINUX.test(cond) ? c.inElse : OTHER_OS.test(cond) && !c.inElse;
    if (LINUX_DEFINED.test(cond)) return c.inElse;
    if (NOT_LINUX_DEFINED.test(cond)) return !c.inElse;
    return OTHER_OS.test(cond) && !/!\s*defined|\|\||&&/.test(cond) && !c.inElse;
  });
}

/**
 * A kernel-version or API-probe condition: `LINUX_VERSION_CODE >= KERNEL_VERSION(5, 6, 0)`,
 * `RHEL_RELEASE_CODE`, or a configure probe named after a GUP API (`HAVE_PIN_USER_PAGES_FAST`,
 * `NV_GET_USER_PAGES_HAS_ARGS_FLAGS`). Code under one is compat code written for several trees,
 * each branch compiled only on the kernels it names.
 */
const KERNEL_GUARD = /\b(?:LINUX_VERSION_CODE|KERNEL_VERSION\s*\(|RHEL_RELEASE_CODE|\w*(?:USER_PAGES?|GUP|FOLL)\w*)/;

/** Whether a conditional stack picks the code by kernel version or by a probe of the GUP API (KERNEL_GUARD). */
export function selectsKernelVersion(conditions: readonly PreprocCondition[]): boolean {
  return conditions.some((c) => KERNEL_GUARD.test(c.condition));
}
