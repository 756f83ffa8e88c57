import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../../functions/adapters/aws-clients.js';
import { S3RawPageStore, ensureBucket } from '../../../functions/adapters/s3/s3-raw-page-store.js';
import type { RawPage } from '../../../functions/core/ports.js';
import { testConfig } from '../../support/stack.js';

const page = (text: string, url = 'https://www.mos.ru/news/item/123/?q=практика'): RawPage => ({
  bytes: new TextEncoder().encode(text),
  meta: {
    sourceId: 'mos-ru-news',
    url,
    status: 200,
    headers: { 'content-type': 'text/html; charset=windows-1251', etag: '"abc"', 'x-note': 'Практика' },
    fetchedAt: '2025-03-01T10:00:00.000Z',
    charset: 'windows-1251',
  },
});

describe('S3RawPageStore', () => {
  const config = testConfig();
  const client = createS3Client(config);
  const store = new S3RawPageStore(client, config.rawBucket);

  beforeAll(async () => {
    await ensureBucket(client, config.rawBucket);
    await ensureBucket(client, config.rawBucket);
  });

  it('round-trips bytes and metadata, including non-ASCII URLs and headers', async () => {
    const original = page('<html><body>Практика тиражирования «Мой соцпомощник»</body></html>');
    const { key } = await store.put(original);
    expect(key).toMatch(/^raw\/[0-9a-f]{64}$/);
    const back = await store.get(key);
    expect(Buffer.from(back!.bytes).toString('utf8')).toBe(Buffer.from(original.bytes).toString('utf8'));
    expect(back!.meta).toEqual(original.meta);
  });

  it('stores the body gzip-compressed with ContentEncoding gzip', async () => {
    const text = 'Лучшая муниципальная практика. '.repeat(2000);
    const { key } = await store.put(page(text));
    const raw = await client.send(new GetObjectCommand({ Bucket: config.rawBucket, Key: key }));
    expect(raw.ContentEncoding).toBe('gzip');
    const stored = await raw.Body!.transformToByteArray();
    expect(stored.length).toBeLessThan(Buffer.byteLength(text) / 10);
    expect(gunzipSync(stored).toString('utf8')).toBe(text);
  });

  it('is content-addressed: the same bytes twice make one object, other bytes another', async () => {
    const isolated = new S3RawPageStore(client, config.rawBucket);
    const a = await isolated.put(page('одинаковые байты'));
    const b = await isolated.put(page('одинаковые байты', 'https://other.example.ru/'));
    const c = await isolated.put(page('другие байты'));
    expect(a.key).toBe(b.key);
    expect(c.key).not.toBe(a.key);
    const back = await isolated.get(a.key);
    expect(back!.meta.url).toBe('https://www.mos.ru/news/item/123/?q=практика');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: config.rawBucket, Prefix: 'raw/' }));
    const keys = (listed.Contents ?? []).map((o) => o.Key);
    expect(keys.filter((k) => k === a.key)).toHaveLength(1);
  });

  it('returns null for a missing key', async () => {
    expect(await store.get('raw/0000000000000000000000000000000000000000000000000000000000000000')).toBeNull();
  });

  it('keeps oversized header sets within the metadata limit', async () => {
    const big = page('many headers');
    big.meta.headers = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`x-header-${i}`, 'значение'.repeat(5)]));
    const { key } = await store.put(big);
    const back = await store.get(key);
    expect(Object.keys(back!.meta.headers).length).toBeGreaterThan(0);
    expect(Object.keys(back!.meta.headers).length).toBeLessThan(200);
    expect(back!.meta.url).toBe(big.meta.url);
  });
});
