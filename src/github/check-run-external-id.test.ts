import { describe, expect, it } from 'vitest';
import { checkRunExternalId, legacyCheckRunExternalId, pullOfExternalId } from './check-run-external-id.js';

const ref = { owner: 'QEMU', repo: 'qemu', pull: 2718, headSha: 'a'.repeat(40) };

describe('check run external ids', () => {
  it("name the PR, fit GitHub's 255 characters and read back", () => {
    const id = checkRunExternalId(ref);
    expect(id.length).toBeLessThanOrEqual(255);
    expect(pullOfExternalId(id)).toBe(2718);
    expect(checkRunExternalId({ ...ref, owner: 'qemu' })).toBe(id);
    expect(checkRunExternalId({ ...ref, headSha: 'b'.repeat(40) })).not.toBe(id);
  });

  it.each([
    ['an id from before they named the PR', legacyCheckRunExternalId(ref)],
    ["another App's", 'build-2718'],
    ['empty (GitHub sends "" for none)', ''],
    ['null', null],
    ['a PR number of zero', `dax-review-pr0-${'0'.repeat(32)}`],
  ])('name no PR: %s', (_, id) => {
    expect(pullOfExternalId(id)).toBeNull();
  });
});
