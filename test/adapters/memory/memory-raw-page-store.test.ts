import { describe, expect, it } from 'vitest';
import { MemoryRawPageStore } from '../../../functions/adapters/memory/memory-raw-page-store.js';
import { rawKeyFor } from '../../../functions/adapters/s3/raw-key.js';

describe('MemoryRawPageStore', () => {
  it('keys pages by their bytes, like the S3 store, and copies in and out', async () => {
    const store = new MemoryRawPageStore();
    const bytes = new TextEncoder().encode('страница');
    const meta = { sourceId: 'asi-ru', url: 'https://asi.ru/news/1/', status: 200, headers: {}, fetchedAt: '2025-03-01T10:00:00.000Z' };
    const { key } = await store.put({ bytes, meta });
    expect(key).toBe(rawKeyFor(bytes));
    await store.put({ bytes: new TextEncoder().encode('страница'), meta: { ...meta, url: 'https://asi.ru/other/' } });
    expect(store.size).toBe(1);
    bytes[0] = 0;
    const back = await store.get(key);
    expect(new TextDecoder().decode(back!.bytes)).toBe('страница');
    expect(back!.meta.url).toBe('https://asi.ru/news/1/');
    expect(await store.get('raw/missing')).toBeNull();
  });
});
