import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Client } from '../../../functions/adapters/aws-clients.js';
import { ensureBucket } from '../../../functions/adapters/s3/s3-raw-page-store.js';
import { testConfig } from '../../support/stack.js';

/**
 * The local S3 server (s3rver, with `functions/local/s3rver-whole-writes.cjs`) behaves as S3 does
 * for a state file rewritten and read at once, as the re-extraction job's is: a read right after a
 * write gets that write whole, and a read during an overwrite gets one version whole, never a
 * truncated or empty object. Unpatched s3rver rewrote files in place and answered before the flush.
 */
describe('the local S3 server writes objects whole', () => {
  it('gives every read one whole version while the object is rewritten', async () => {
    const config = testConfig();
    const client = createS3Client(config);
    await ensureBucket(client, config.rawBucket);
    const Key = 'learning/reextract/job.json';
    // Large enough that a write takes several chunks to reach the disk.
    const version = (n: number) => JSON.stringify({ n, padding: 'x'.repeat(256 * 1024 + n) });
    const put = (n: number) => client.send(new PutObjectCommand({ Bucket: config.rawBucket, Key, Body: version(n), ContentType: 'application/json' }));
    const get = async () => (await (await client.send(new GetObjectCommand({ Bucket: config.rawBucket, Key }))).Body!.transformToString());
    await put(0);
    const seen: number[] = [];
    for (let round = 1; round <= 15; round += 1) {
      // A write and several reads at once, then a read right after the write.
      const reads = Array.from({ length: 4 }, () => get());
      await put(round);
      const after = await get();
      expect(JSON.parse(after).n, 'read after write').toBe(round);
      for (const text of await Promise.all(reads)) {
        const parsed = JSON.parse(text) as { n: number; padding: string };
        expect(parsed.padding.length).toBe(256 * 1024 + parsed.n);
        seen.push(parsed.n);
      }
    }
    expect(seen.every((n) => n >= 0 && n <= 15)).toBe(true);
  }, 60_000);
});
