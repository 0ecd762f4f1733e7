import { describe, expect, it } from 'vitest';
import { IngestJob, jobId, PublishJob } from './jobs.js';

describe('job ids', () => {
  it('are deterministic, never contain ":", and ignore member order', () => {
    const ids = [
      jobId.ingest('a'.repeat(64)),
      jobId.series('<1@x:y>'),
      jobId.review(['b@x', 'a@x'], 'r1'),
      jobId.seriesWait('root@x', 'a@x\nb@x'),
      jobId.rereview('a@x', '17:00'),
      jobId.publish('smtp:main', 'abcdef0123456789'),
    ];
    for (const id of ids) expect(id).not.toContain(':');
    expect(jobId.review(['a@x', 'b@x'], 'r1')).toBe(jobId.review(['b@x', 'a@x'], 'r1'));
    expect(jobId.review(['a@x', 'b@x'], 'r2')).not.toBe(jobId.review(['a@x', 'b@x'], 'r1'));
    expect(jobId.series('1@x')).toBe(jobId.series('1@x'));
  });
});

describe('job payloads', () => {
  it('accept refs and reject raw mail or junk', () => {
    expect(
      IngestJob.parse({ blob: 'f'.repeat(64), sourceId: 's', itemKey: 'a.eml#0', receivedAt: '2026-01-01T00:00:00Z' }),
    ).toBeTruthy();
    expect(() =>
      IngestJob.parse({ blob: 'f'.repeat(64), sourceId: 's', itemKey: 'k', receivedAt: 't', raw: 'From: x' }),
    ).toThrow();
    expect(() => IngestJob.parse({ blob: 'not-a-hash', sourceId: 's', itemKey: 'k', receivedAt: 't' })).toThrow();
    expect(PublishJob.parse({ sinkId: 'outbox', reply: '0123456789abcdef01234567' })).toBeTruthy();
    expect(() => PublishJob.parse({ sinkId: 'outbox', reply: 'From: someone' })).toThrow();
  });
});
