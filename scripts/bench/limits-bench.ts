/**
 * Resource limits (issue 13): hostile documents served by a real HTTP server, read by the real
 * fetcher and parsed by the production parse worker. Each must end with a result or a code from
 * the closed set within 2 s, memory under 512 MB. `test/limits` asserts the outcome, the memory and
 * the CPU the process spent (which a loaded machine does not inflate); `npm run bench -- limits`
 * asserts the wall time, beside a benign page of the same path measured in the same run.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import { createPageFetcher, type HttpPageFetcher } from '../../functions/adapters/fetcher/http-page-fetcher.js';
import { MAX_LISTING_ENTRIES } from '../../functions/adapters/parse-worker/parse-job.js';
import { WorkerDocumentParser } from '../../functions/adapters/parse-worker/worker-document-parser.js';
import { FAILURE_CODES, PipelineError } from '../../functions/core/errors.js';
import type { SourceProfile } from '../../functions/core/source-definition.js';
import { loopbackFetcherOptions, overPlainHttp } from '../../functions/local/replay-server.js';
import { getSourceProfile } from '../../functions/sources/profiles.js';
import { cpuMs, peakRssMb, resetPeakRss } from './process-stats.js';
import type { BenchRow } from './report.js';

/** The bars of issue 13, per document. */
export const LIMIT_MS = 2000;
export const LIMIT_RSS_MB = 512;
const MiB = 1024 * 1024;

/** A document the hostile site serves, and how the pipeline reads it. */
export interface HostileDocument {
  name: string;
  kind: 'listing' | 'article';
  body: () => Buffer;
  headers: Record<string, string>;
}

const html = (inner: string) => `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Новость</title></head><body>${inner}</body></html>`;
const HTML = { 'content-type': 'text/html; charset=utf-8' };
const RSS = { 'content-type': 'application/rss+xml; charset=utf-8' };
const bomb = (compress: (b: Buffer) => Buffer) => () => compress(Buffer.alloc(64 * MiB, 0x41));

/** Every document written here; `../shared/corpora` bombs are covered by the fetcher's own suite. */
export const HOSTILE_DOCUMENTS: HostileDocument[] = [
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

/** A plain news page: the baseline each hostile document is read beside. */
export const BENIGN_DOCUMENT: HostileDocument = {
  name: 'a plain news page',
  kind: 'article',
  body: () => Buffer.from(html(`<article><h1>Новость</h1>${'<p>Абзац новости о работе служб города и области.</p>'.repeat(40)}</article>`)),
  headers: HTML,
};

/** How one document ended. */
export interface LimitOutcome {
  name: string;
  /** `ok: …` or the closed-set code it ended with. */
  outcome: string;
  /** Entries a listing handed on (listings only). */
  entries?: number;
  /** Whether the listing said it cut the feed (a `too_large` entry last). */
  cutSaysSo?: boolean;
  /** An error that is not a PipelineError with a closed-set code, as text; null when none. */
  unclassified: string | null;
  wallMs: number;
  /** CPU of this process (worker thread included) while the document was read. */
  cpuMs: number;
  peakRssMb: number | null;
}

/** A hostile site on a loopback port, the real fetcher and the production parse worker. */
export class LimitsHarness {
  private server: Server | undefined;
  private fetcher: HttpPageFetcher | undefined;
  private readonly parser = new WorkerDocumentParser();
  private readonly bodies = new Map<string, { body: Buffer; headers: Record<string, string> }>();
  private count = 0;
  private lastEnded = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const found = this.bodies.get(req.url ?? '');
      if (!found) return void res.writeHead(404).end();
      res.writeHead(200, { ...found.headers, 'content-length': found.body.length });
      res.end(found.body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as AddressInfo).port;
    this.fetcher = createPageFetcher({ contactUrl: 'https://example.org/limits', outboundProxy: undefined }, { ...loopbackFetcherOptions(port), retries: 0 });
    await this.parser.warm();
  }

  /** Fetches and parses `doc` as ingestion would; never throws for the document's own failure. */
  async read(doc: HostileDocument): Promise<LimitOutcome> {
    const base = getSourceProfile('gov74-ru');
    const path = `/prav/news/limits/${this.count++}.htm`;
    // Built before the clock starts: compressing a bomb is the hostile site's work, not ours.
    this.bodies.set(path, { body: doc.body(), headers: doc.headers });
    const source: SourceProfile = overPlainHttp([{ ...base, politeness: { ...base.politeness, respectRobots: false } }])[0]!;
    const url = `https://pravmin.gov74.ru${path}`;
    // A worker replaced after an earlier overrun starts outside the measured time, as on a warm function.
    await this.parser.warm();
    // The fetcher keeps its politeness delay between two requests to one host: waited out before
    // the clock starts, as between two articles of a run (it is courtesy, not the document's cost).
    const courtesy = this.lastEnded + Math.max(1000, base.politeness.minDelayMs) + 50 - performance.now();
    if (courtesy > 0) await new Promise((resolve) => setTimeout(resolve, courtesy));
    resetPeakRss();
    const started = performance.now();
    const cpuStarted = cpuMs();
    const result: Pick<LimitOutcome, 'outcome' | 'entries' | 'cutSaysSo' | 'unclassified'> = { outcome: '', unclassified: null };
    try {
      const page = await this.fetcher!.fetch({ url, source });
      if (page.notModified) throw new Error('unexpected 304');
      const parsed =
        doc.kind === 'listing'
          ? await this.parser.parseListing({ kind: 'listing', sourceId: source.id, entryPoint: { url, kind: 'rss', label: 'news-rss' }, text: page.text })
          : await this.parser.parseArticle({ kind: 'article', sourceId: source.id, url, text: page.text });
      if (Array.isArray(parsed)) {
        result.entries = parsed.length;
        result.cutSaysSo = parsed.length <= MAX_LISTING_ENTRIES || parsed.at(-1)?.failure?.code === 'too_large';
        result.outcome = `ok: ${parsed.length} entries`;
      } else {
        result.outcome = `ok: ${parsed.bodyText.length} characters`;
      }
    } catch (error) {
      const classified = error instanceof PipelineError && (FAILURE_CODES as readonly string[]).includes(error.code);
      result.outcome = error instanceof PipelineError ? error.code : 'unclassified';
      result.unclassified = classified ? null : String(error);
    }
    const wallMs = performance.now() - started;
    this.lastEnded = performance.now();
    const cpu = cpuMs() - cpuStarted;
    this.bodies.delete(path);
    return { name: doc.name, ...result, wallMs: Math.round(wallMs), cpuMs: Math.round(cpu), peakRssMb: peakRssMb() };
  }

  async close(): Promise<void> {
    await this.parser.close();
    await this.fetcher?.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** `npm run bench -- limits`: wall time and peak memory of each hostile document, beside a plain page. */
export async function benchLimits(): Promise<BenchRow[]> {
  const harness = new LimitsHarness();
  await harness.start();
  try {
    await harness.read(BENIGN_DOCUMENT);
    const benign = await harness.read(BENIGN_DOCUMENT);
    const rows: BenchRow[] = [];
    for (const doc of HOSTILE_DOCUMENTS) {
      const r = await harness.read(doc);
      const memoryOk = r.peakRssMb === null || r.peakRssMb < LIMIT_RSS_MB;
      rows.push({
        suite: 'limits',
        name: `${doc.name}: ${r.outcome}`,
        value: r.wallMs,
        unit: 'ms',
        baseline: `a plain news page ${benign.wallMs} ms; this one ${r.cpuMs} ms CPU, peak resident ${r.peakRssMb ?? 'n/a'} MB`,
        bar: `< ${LIMIT_MS} ms, < ${LIMIT_RSS_MB} MB, closed-set code`,
        pass: r.wallMs < LIMIT_MS && memoryOk && r.unclassified === null && r.cutSaysSo !== false,
        figures: { ...r, benignWallMs: benign.wallMs },
      });
    }
    return rows;
  } finally {
    await harness.close();
  }
}
