import { describe, expect, it } from 'vitest';
import { pullRequestFrom } from './rereview-pull-request.js';

describe('pullRequestFrom', () => {
  it('reads GitHub and GitHub Enterprise pull request URLs, with any tail', () => {
    expect(pullRequestFrom('https://github.com/qemu/qemu/pull/123')).toEqual({
      owner: 'qemu',
      repo: 'qemu',
      pull: 123,
    });
    expect(pullRequestFrom('https://ghe.example.org/rust-vmm/vfio/pull/7/files#diff-1')).toEqual({
      owner: 'rust-vmm',
      repo: 'vfio',
      pull: 7,
    });
  });

  it('reads owner/repo#N', () => {
    expect(pullRequestFrom('cloud-hypervisor/cloud-hypervisor#6001')).toEqual({
      owner: 'cloud-hypervisor',
      repo: 'cloud-hypervisor',
      pull: 6001,
    });
  });

  it('leaves Message-IDs and lore URLs to the mail path', () => {
    expect(pullRequestFrom('20220101.1234-1-a@b.c')).toBeNull();
    expect(pullRequestFrom('<1234@kernel.org>')).toBeNull();
    expect(pullRequestFrom('https://lore.kernel.org/linux-mm/1234@kernel.org/')).toBeNull();
    expect(pullRequestFrom('https://github.com/qemu/qemu/issues/12')).toBeNull();
  });
});
