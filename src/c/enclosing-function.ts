/**
 * Which function a hunk line belongs to. A hunk shows only part of a file, so we use what git
 * gives us (the `@@ … @@ funcname` text, git's nearest preceding line that starts with a letter)
 * and then follow top-level lines inside the hunk: a new definition switches the function, a
 * closing brace or another top-level construct ends it.
 *
 * Kernel/QEMU style is assumed: definitions and their closing brace start in column 0.
 */

const NOT_FUNCTIONS = new Set(['if', 'for', 'while', 'switch', 'return', 'sizeof', 'do', 'else', 'typeof']);

/**
 * The line without its `/* … *\/` and `//` comments (an unclosed `/*` stays). A scan, not the
 * regex /\/\*.*?\*\/|\/\/.*$/g, which rescans the rest of the line from every unclosed `/*`:
 * quadratic on a hostile 100k-character line of them.
 */
export function stripLineComments(line: string): string {
  let out = '';
  let i = 0;
  let closable = true;
  while (i < line.length) {
    const slashes = line.indexOf('//', i);
    const open = closable ? line.indexOf('/*', i) : -1;
    if (slashes !== -1 && (open === -1 || slashes < open)) return out + line.slice(i, slashes);
    if (open === -1) return out + line.slice(i);
    const close = line.indexOf('*/', open + 2);
    if (close === -1) {
      // No later `/*` can close either: only a `//` may still cut the line.
      closable = false;
      out += line.slice(i, open + 1);
      i = open + 1;
      continue;
    }
    out += line.slice(i, open);
    i = close + 2;
  }
  return out;
}

/** `SYSCALL_DEFINE3(process_vm_readv, …)` defines sys_process_vm_readv; we name it by its first argument. */
const SYSCALL_MACRO = /^(?:COMPAT_)?SYSCALL_DEFINE\d$/;

/**
 * The function a top-level line starts defining, or null. Accepts the first line of a definition
 * even when its parameter list continues on the next line:
 *   `static int vaddr_get_pfn(struct mm_struct *mm, unsigned long vaddr,` → vaddr_get_pfn
 *   `struct ib_umem *ib_umem_get(struct ib_device *device, …`           → ib_umem_get
 *   `EXPORT_SYMBOL(get_vaddr_frames);`, `struct kvm_host_map {`, `out:`  → null
 */
export function definitionName(line: string): string | null {
  const text = stripLineComments(line).trimEnd();
  if (!/^[A-Za-z_]/.test(text) || text.endsWith(';')) return null;
  if (/^(?:typedef|return|else|goto)\b/.test(text)) return null;
  const m = /([A-Za-z_]\w*)\s*\(/.exec(text);
  if (m === null) return null;
  const name = m[1] ?? '';
  if (NOT_FUNCTIONS.has(name)) return null;
  if (/^[A-Z0-9_]+$/.test(name)) {
    if (!SYSCALL_MACRO.test(name)) return null;
    const arg = /^\s*([A-Za-z_]\w*)/.exec(text.slice(m.index + m[0].length));
    return arg?.[1] ?? null;
  }
  return name;
}

/** The function named by a hunk header's trailing text (git's funcname line), or null. */
export function functionFromHunkHeader(functionName: string | null): string | null {
  return functionName === null ? null : definitionName(functionName.trimStart());
}

/** A column-0 line that ends whatever function came before it (not a label like `out:`). */
function isTopLevel(line: string): boolean {
  if (/^[A-Za-z_]\w*:\s*(?:\/[/*].*)?$/.test(line)) return false;
  return /^[A-Za-z_}]/.test(line);
}

/**
 * The enclosing function of every line of one hunk side (context + added lines for the new side,
 * context + removed lines for the old side), in order. A line that itself starts a definition
 * belongs to that function.
 */
export function enclosingFunctions(headerFunctionName: string | null, lines: readonly string[]): (string | null)[] {
  let current = functionFromHunkHeader(headerFunctionName);
  return lines.map((line) => {
    if (line.startsWith('}')) {
      // The closing brace still belongs to the function it closes; what follows does not.
      const closed = current;
      current = null;
      return closed;
    }
    if (isTopLevel(line)) current = definitionName(line);
    return current;
  });
}
