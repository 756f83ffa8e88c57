import { createServer, type Server } from 'node:http';
import { createPageFetcher } from '../../functions/adapters/fetcher/http-page-fetcher.js';
import { MemoryPracticeRepository } from '../../functions/adapters/memory/memory-practice-repository.js';
import { MemoryRawPageStore } from '../../functions/adapters/memory/memory-raw-page-store.js';
import { MemorySourceStateRepository } from '../../functions/adapters/memory/memory-source-state-repository.js';
import { InProcessDocumentParser } from '../../functions/adapters/parse-worker/worker-document-parser.js';
import { extractPractice } from '../../functions/core/extraction/extract-practice.js';
import type { IngestDependencies } from '../../functions/core/ingest/ingest-source.js';
import { loopbackFetcherOptions } from '../../functions/local/replay-server.js';
import * as registry from '../../functions/sources/registry.js';

/** One page the loopback site answers with. */
export interface SitePage {
  status?: number;
  contentType?: string;
  body: string;
}

/**
 * A real HTTP server on 127.0.0.1 standing for every host: `pages` is keyed by `host/path?query`,
 * read on every request (tests change it between runs). No ETag or Last-Modified, so every run
 * reads every listing in full; robots.txt is absent (allowed). Counts requests per key.
 */
export async function startLoopbackSite(pages: Map<string, SitePage>): Promise<{ port: number; hits: Map<string, number>; close(): Promise<void> }> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const key = `${host}${req.url ?? '/'}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    const page = pages.get(key);
    if (!page) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not here\n');
    res.writeHead(page.status ?? 200, { 'content-type': page.contentType ?? 'text/html; charset=utf-8' }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { port: address.port, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Ingestion dependencies against the loopback site: the real fetcher (no retries, no politeness wait), in-memory storage. */
export function loopbackDeps(port: number, now: () => Date = () => new Date()): IngestDependencies & { practices: MemoryPracticeRepository; sourceStates: MemorySourceStateRepository } {
  return {
    fetcher: createPageFetcher({ contactUrl: 'https://example.org/contact', outboundProxy: undefined }, { ...loopbackFetcherOptions(port), retries: 0, sleep: async () => {} }),
    parser: new InProcessDocumentParser({ registry }),
    extract: extractPractice,
    rawPages: new MemoryRawPageStore(),
    practices: new MemoryPracticeRepository(),
    sourceStates: new MemorySourceStateRepository(),
    notifier: { publish: async () => {} },
    clock: { now },
  };
}
