import type { RawPage, RawPageStore } from '../../core/ports.js';
import { rawKeyFor } from '../s3/raw-key.js';

/** In-memory twin of `S3RawPageStore`: same content-addressed keys, copies in and out. */
export class MemoryRawPageStore implements RawPageStore {
  private readonly pages = new Map<string, RawPage>();

  /** Number of distinct pages stored. */
  get size(): number {
    return this.pages.size;
  }

  async put(page: RawPage): Promise<{ key: string }> {
    const key = rawKeyFor(page.bytes);
    if (!this.pages.has(key)) this.pages.set(key, { bytes: new Uint8Array(page.bytes), meta: structuredClone(page.meta) });
    return { key };
  }

  async get(key: string): Promise<RawPage | null> {
    const page = this.pages.get(key);
    return page ? { bytes: new Uint8Array(page.bytes), meta: structuredClone(page.meta) } : null;
  }
}
