import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPageFetcher, type HttpPageFetcher } from '../../functions/adapters/fetcher/http-page-fetcher.js';
import { MAX_LISTING_ENTRIES } from '../../functions/adapters/parse-worker/parse-job.js';
import { WorkerDocumentParser } from '../../functions/adapters/parse-worker/worker-document-parser.js';
import { FAILURE_CODES, PipelineError } from '../../functions/core/errors.js';
import type { SourceProfile } from '../../functions/core/source-definition.js';
import { loopbackFetcherOptions, overPlainHttp } from '../../functions/local/replay-server.js';
import { getSourceProfile } from '../../functions/sources/profiles.js';
import { peakRssMb, resetPeakRss } from '../../scripts/bench/process-stats.js';

/** The bars of issue 13, per document, through the real fetcher and the parse worker. */
const MAX_MS = 2000;
const MAX_RSS_MB = 512;
const MiB = 1024 * 1024;

/** A document the hostile site serves, and how the pipeline reads it. */
interface Hostile {
  name: string;
  kind: 'listing' | 'article';
  body: () => Buffer;
  headers: Record<string, string>;
  /** Body cap of the source, when it raises the fetcher's 5 MiB default. */
  maxBodyBytes?: number;
}

const html = (inner: string) => `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Новость</title></head><body>${inner}</body></html>`;
const HTML = { 'content-type': 'text/html; charset=utf-8' };
const RSS = { 'content-type': 'application/rss+xml; charset=utf-8' };
const bomb = (compress: (b: Buffer) => Buffer) => () => compress(Buffer.alloc(64 * MiB, 0x41));

/** Every document written here; `../shared/corpora` bombs are covered by the fetcher's own suite. */
const HOSTILE: Hostile[] = [
  { name: 'gzip bomb (64 MiB of one byte)', kind: 'article', body: bomb(gzipSync), headers: { ...HTML, 'content-encoding': 'gzip' } },
  { name: 'deflate bomb', kind: 'article', body: bomb(deflateRawSync), headers: { ...HTML, 'content-encoding': 'deflate' } },
  { name: 'brotli bomb', kind: 'article', body: bomb(brotliCompressSync), headers: { ...HTML, 'content-encoding': 'br' } },
  { name: '20,000-deep nesting', kind: 'article', body: () => Buffer.from(html(`${'<div>'.repeat(20_000)}<p>Глубоко вложенный текст новости.</p>${'</div>'.repeat(20_000)}`)), headers: HTML },
  { name: '40,000 attributes on one element', kind: 'article', body: () => Buffer.from(html(`<p ${Array.from({ length: 40_000 }, (_, i) => `data-a${i}="v"`).join(' ')}>Текст новости с атрибутами.</p>`)), headers: HTML },
  // No source raises the 5 MiB cap, so a 16 MiB text node never reaches a parser.
  { name: '16 MiB text node', kind: 'article', body: () => Buffer.from(html(`<article><p>${'Текст '.repeat((16 * MiB) / 11)}</p></article>`)), headers: HTML },
  {
    name: '50,000-item feed',
    kind: 'listing',
    body: () =>
      Buffer.from(
        `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Лента</title><link>https://pravmin.gov74.ru/</link><description>Новости</description>${Array.from(
          { length: 50_000 },
          (_, i) => `<item><title>Н${i}</title><link>https://pravmin.gov74.ru/prav/news/a/${i}.htm</link></item>`,
        ).join('')}</channel></rss>`,
      ),
    headers: RSS,
  },
  { name: '20 MB page', kind: 'article', body: () => Buffer.from(html(`<div>${'<p>Абзац новости о работе служб города.</p>'.repeat((20 * 1000 * 1000) / 70)}</div>`)), headers: HTML },
];

describe('resource limits: hostile documents through the fetcher and the parse worker (issue 13)', () => {
  let server: Server;
  let port: number;
  let fetcher: HttpPageFetcher;
  let parser: WorkerDocumentParser;
  const bodies = new Map<string, { body: Buffer; headers: Record<string, string> }>();
  const base = getSourceProfile('gov74-ru');

  beforeAll(async () => {
    server = createServer((req, res) => {
      const found = bodies.get(req.url ?? '');
      if (!found) return void res.writeHead(404).end();
      res.writeHead(200, { ...found.headers, 'content-length': found.body.length });
      res.end(found.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    fetcher = createPageFetcher({ contactUrl: 'https://example.org/limits', outboundProxy: undefined }, { ...loopbackFetcherOptions(port), retries: 0 });
    // The production parser: default budget and memory limits, the real source registry.
    parser = new WorkerDocumentParser();
    await parser.warm();
  }, 60_000);

  afterAll(async () => {
    await parser?.close();
    await fetcher?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it.each(HOSTILE.map((h, i) => [h.name, i] as const))('%s ends with a result or a closed-set code within 2 s, memory under 512 MB', async (_name, index) => {
    const hostile = HOSTILE[index]!;
    const path = `/prav/news/limits/${index}.htm`;
    bodies.set(path, { body: hostile.body(), headers: hostile.headers });
    const source: SourceProfile = overPlainHttp([{ ...base, politeness: { ...base.politeness, respectRobots: false, ...(hostile.maxBodyBytes ? { maxBodyBytes: hostile.maxBodyBytes } : {}) } }])[0]!;
    const url = `https://pravmin.gov74.ru${path}`;
    // A worker replaced after an earlier overrun starts outside the measured time, as on a warm function.
    await parser.warm();
    resetPeakRss();

    const started = performance.now();
    let outcome: string;
    try {
      const page = await fetcher.fetch({ url, source });
      if (page.notModified) throw new Error('unexpected 304');
      const parsed =
        hostile.kind === 'listing'
          ? await parser.parseListing({ kind: 'listing', sourceId: source.id, entryPoint: { url, kind: 'rss', label: 'news-rss' }, text: page.text })
          : await parser.parseArticle({ kind: 'article', sourceId: source.id, url, text: page.text });
      if (Array.isArray(parsed)) {
        // A listing hands ingestion at most MAX_LISTING_ENTRIES entries, and says so when it cut.
        expect(parsed.length).toBeLessThanOrEqual(MAX_LISTING_ENTRIES + 1);
        if (parsed.length > MAX_LISTING_ENTRIES) expect(parsed.at(-1)?.failure?.code).toBe('too_large');
      }
      outcome = Array.isArray(parsed) ? `ok: ${parsed.length} entries` : `ok: ${parsed.bodyText.length} characters`;
    } catch (error) {
      expect(error, String(error)).toBeInstanceOf(PipelineError);
      expect(FAILURE_CODES).toContain((error as PipelineError).code);
      outcome = (error as PipelineError).code;
    }
    const ms = performance.now() - started;
    const peak = peakRssMb();
    bodies.delete(path);
    console.info(`${hostile.name}: ${outcome} in ${ms.toFixed(0)} ms, peak resident ${peak ?? 'n/a'} MB`);
    expect(ms).toBeLessThan(MAX_MS);
    if (peak !== null) expect(peak).toBeLessThan(MAX_RSS_MB);
  }, 30_000);
});
