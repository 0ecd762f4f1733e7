import { describe, expect, it } from 'vitest';
import { GithubConfig, repositoryEnabled } from './github-config.js';

const cfg = (include: string[], exclude: string[] = []): GithubConfig =>
  GithubConfig.parse({ repositories: { include, exclude } });

describe('repositoryEnabled', () => {
  it('takes every repository by default', () => {
    expect(repositoryEnabled(GithubConfig.parse({}), 'qemu/qemu')).toBe(true);
  });

  it('matches owner/* and exact names, case-insensitively, exclude winning', () => {
    const c = cfg(['qemu/*', 'rust-vmm/vfio'], ['qemu/qemu-web']);
    expect(repositoryEnabled(c, 'QEMU/qemu')).toBe(true);
    expect(repositoryEnabled(c, 'rust-vmm/vfio')).toBe(true);
    expect(repositoryEnabled(c, 'rust-vmm/vm-memory')).toBe(false);
    expect(repositoryEnabled(c, 'qemu/qemu-web')).toBe(false);
  });

  it('rejects malformed patterns', () => {
    expect(GithubConfig.safeParse({ repositories: { include: ['qemu'] } }).success).toBe(false);
  });
});
