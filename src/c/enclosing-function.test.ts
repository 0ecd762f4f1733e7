import { describe, expect, it } from 'vitest';
import { definitionName, enclosingFunctions, functionFromHunkHeader, stripLineComments } from './enclosing-function.js';

describe('definitionName', () => {
  it.each([
    ['static int vaddr_get_pfn(struct mm_struct *mm, unsigned long vaddr,', 'vaddr_get_pfn'],
    ['struct ib_umem *ib_umem_get(struct ib_device *device, unsigned long addr,', 'ib_umem_get'],
    ['int get_vaddr_frames(unsigned long start, unsigned int nr=', 'get_vaddr_frames'],
    ['SYSCALL_DEFINE6(process_vm_readv, pid_t, pid, const struct iovec __user *, lvec,', 'process_vm_readv'],
    ['EXPORT_SYMBOL(get_vaddr_frames);', null],
    ['struct kvm_host_map {', null],
    ['long get_user_pages(unsigned long start, unsigned long nr_pages);', null],
    ['\tret = foo(x);', null],
    ['DEFINE_MUTEX(lock)', null],
  ])('%s → %s', (line, name) => {
    expect(definitionName(line)).toBe(name);
  });

  it('reads the hunk header text', () => {
    expect(functionFromHunkHeader('static long vaddr_get_pfns(struct mm_struct *mm, unsigned long vaddr,')).toBe(
      'vaddr_get_pfns',
    );
    expect(functionFromHunkHeader(null)).toBeNull();
  });
});

describe('enclosingFunctions', () => {
  it('follows definitions, closing braces and labels inside a hunk', () => {
    const fns = enclosingFunctions('static int first(void)', [
      '\tx = 1;',
      'out:',
      '\treturn x;',
      '}',
      '',
      'static int second(int a,',
      '\t\t  int b)',
      '{',
      '\ty();',
      '}',
    ]);
    expect(fns).toEqual(['first', 'first', 'first', 'first', null, 'second', 'second', 'second', 'second', 'second']);
  });
});

describe('stripLineComments', () => {
  it('removes what the comment regex removed, an unclosed /* kept', () => {
    const re = /\/\*.*?\*\/|\/\/.*$/g;
    for (const line of [
      'int f(void) /* x */ {',
      'a /* b */ c /* d */ e',
      'a /* b // c */ d // e',
      'a /* open ( // cut',
      'x /*/ y */ z',
      'p /* q',
      '// all',
      'none',
    ]) {
      expect(stripLineComments(line)).toBe(line.replace(re, ''));
    }
  });

  it('reads a 200k-character line of unclosed comments in one pass', () => {
    const line = `pin_user_pages(${'/* ('.repeat(50_000)}`;
    expect(stripLineComments(line)).toBe(line);
  }, 3_000);
});
