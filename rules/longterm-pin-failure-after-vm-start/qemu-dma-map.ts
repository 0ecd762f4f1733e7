import { findIfStatements } from '../../src/c/find-if.js';
import { isChanged, lineOf, type CodeFragment, type FragmentLine } from '../../src/c/fragment.js';
import { hunkUnit, scopeAssignments } from '../../src/c/scope.js';
import type { Token } from '../../src/c/tokenize.js';

/**
 * QEMU's DMA-map paths for guest RAM (docs/knowledge/gup-api-history.md, "When the pin fails in QEMU"): the vfio / vhost-vdpa / iommufd memory
 * listeners map every RAM section as it appears (`region_add`), and a map that fails after the
 * machine is set up either aborts QEMU (vfio's `hw_error()`) or is only logged (vhost-vdpa).
 */

/** Files whose memory listeners map guest RAM for device DMA. */
export const QEMU_DMA_FILES =
  /^(?:hw\/vfio\/|hw\/virtio\/vhost-vdpa\.c$|backends\/iommufd\.c$|hw\/vfio-user\/container\.c$)/;

/** A call that maps guest memory for DMA: vfio_container_dma_map(), vhost_vdpa_dma_map(), iommufd_backend_map_dma() … */
export const isDmaMapCall = (name: string): boolean =>
  /dma_map|map_dma|map_file_dma/.test(name) && !name.includes('unmap');

/** Functions on the region_add path (listener callbacks and the map helpers they call). */
export const isMapPathFunction = (fn: string): boolean =>
  (/region_add|map_notify|notify_populate/.test(fn) || isDmaMapCall(fn)) && !/region_del|unmap/.test(fn);

const FATAL = new Set(['hw_error', 'abort', 'exit', 'error_fatal', 'error_abort', 'qemu_abort']);
const PROPAGATES = new Set([
  'goto',
  'hw_error',
  'abort',
  'exit',
  'error_propagate',
  'error_propagate_prepend',
  'errp',
  'error_fatal',
  'error_abort',
]);

/** A token that ends QEMU: a call to hw_error()/abort()/exit(), or &error_fatal / &error_abort passed on. */
export function isFatal(code: readonly Token[], index: number): boolean {
  const t = code[index];
  if (t === undefined || !FATAL.has(t.text)) return false;
  if (t.text === 'error_fatal' || t.text === 'error_abort') return code[index - 1]?.text === '&';
  return code[index + 1]?.text === '(';
}

/** The body hands the failure on: goto, an Error propagated, a fatal call, or a return with a value. */
export function propagatesFailure(body: readonly Token[]): boolean {
  return body.some((t, i) => PROPAGATES.has(t.text) || (t.text === 'return' && body[i + 1]?.text !== ';'));
}

/** The `if` that tests the result of a DMA-map call, per function: `ret = x_dma_map(…); if (ret) {…}`. */
export interface MapFailureCheck {
  readonly fn: string;
  readonly callee: string;
  readonly body: readonly Token[];
  readonly at: FragmentLine;
  readonly changed: boolean;
}

export function mapFailureChecks(fragment: CodeFragment): MapFailureCheck[] {
  const code = fragment.code;
  const ifs = findIfStatements(code, hunkUnit(fragment));
  const out: MapFailureCheck[] = [];
  for (let i = 0; i < code.length; i++) {
    const t = code[i];
    if (t?.kind !== 'ident' || code[i + 1]?.text !== '(' || !isDmaMapCall(t.text)) continue;
    const line = lineOf(fragment, t);
    if (line.fn === null || !isMapPathFunction(line.fn) || line.fn === t.text) continue;
    const result = scopeAssignments(fragment, line).find((a) => a.value[0] === t)?.target;
    // The first `if` after the call that tests the call or its result.
    const check = ifs.find(
      (s) =>
        s.ifToken.line >= t.line &&
        code.indexOf(s.ifToken) > i - 4 &&
        lineOf(fragment, s.ifToken).fn === line.fn &&
        s.condition.some((c) => c === t || (result !== undefined && c.text === result)),
    );
    if (check === undefined) continue;
    out.push({
      fn: line.fn,
      callee: t.text,
      body: check.body,
      at: lineOf(fragment, check.ifToken),
      changed: check.body.some((b) => isChanged(fragment, b)),
    });
  }
  return out;
}
