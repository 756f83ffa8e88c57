import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureTable } from '../../../functions/adapters/dynamo/ensure-table.js';
import { createPageFetcher } from '../../../functions/adapters/fetcher/http-page-fetcher.js';
import { WorkerDocumentParser } from '../../../functions/adapters/parse-worker/worker-document-parser.js';
import { ensureBucket } from '../../../functions/adapters/s3/s3-raw-page-store.js';
import { createStorage, type Storage } from '../../../functions/composition/storage.js';
import { extractPractice } from '../../../functions/core/extraction/extract-practice.js';
import { ingestSource, type IngestDependencies } from '../../../functions/core/ingest/ingest-source.js';
import type { NotificationEvent, PracticeItem, SourceRunReport } from '../../../functions/core/ports.js';
import type { SourceDefinition } from '../../../functions/core/source-definition.js';
import { freePort } from '../../../functions/local/local-stack.js';
import { loopbackFetcherOptions, overPlainHttp, startReplayServer, type ReplayServer } from '../../../functions/local/replay-server.js';
import { sources as registered } from '../../../functions/sources/registry.js';
import { allRecords } from '../../support/practices.js';
import { describeNeedingDynamoDbLocal, testConfig } from '../../support/stack.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const sources = overPlainHttp(registered);

describeNeedingDynamoDbLocal('ingestSource over the replayed fixtures of every registered source', () => {
  let replay: ReplayServer;
  let storage: Storage;
  let deps: IngestDependencies;
  let parser: WorkerDocumentParser;
  const events: NotificationEvent[] = [];
  let firstRun: SourceRunReport[] = [];

  beforeAll(async () => {
    replay = await startReplayServer(root);
    const config = testConfig();
    storage = createStorage(config);
    await ensureTable(storage.dynamo, config.tableName);
    await ensureBucket(storage.s3, config.rawBucket);
    parser = new WorkerDocumentParser({ poolSize: 2, timeoutMs: 20_000 });
    deps = {
      fetcher: createPageFetcher(config, loopbackFetcherOptions(replay.port)),
      parser,
      extract: extractPractice,
      rawPages: storage.rawPages,
      practices: storage.practices,
      sourceStates: storage.sourceStates,
      notifier: { publish: async (event) => void events.push(event) },
      clock: { now: () => new Date() },
    };
    // Different hosts run in parallel, as the per-host queue allows.
    firstRun = await Promise.all(sources.map((source) => ingestSource(source, deps)));
  }, 120_000);

  afterAll(async () => {
    await parser?.close();
    await replay?.close();
  });

  it('runs every source successfully with items and no item failures', async () => {
    const summary = firstRun.map((r) => ({ id: r.sourceId, outcome: r.outcome, items: r.itemsSeen, failures: [...r.failures, ...r.itemFailures] }));
    for (const row of summary) {
      expect(row, JSON.stringify(row)).toMatchObject({ outcome: 'success', failures: [] });
      expect(row.items, row.id).toBeGreaterThan(0);
    }
    // Every source runs on its first entry point of each group; a source whose articles the generic
    // extractor reads (markup unknown) is `degraded` for that reason only, never for a fallback.
    const states = await Promise.all(sources.map((s) => storage.sourceStates.get(s.id)));
    for (const state of states) {
      const health = state!.health;
      expect(health.workingEntryPoints?.filter((w) => w.fallback), state!.sourceId).toEqual([]);
      const reasons = health.degradedReasons ?? [];
      expect([health.status, reasons.every((r) => r.includes('generic extractor'))], `${state!.sourceId}: ${reasons.join('; ')}`).toEqual([reasons.length ? 'degraded' : 'ok', true]);
    }
  });

  it('stores each article once, with its raw snapshot already in S3, and finds announcements', async () => {
    const records = await allRecords(storage.practices);
    const urls = records.flatMap((r) => r.sources.map((s) => s.url));
    expect(new Set(urls).size).toBe(urls.length);
    expect(records.length).toBe(firstRun.reduce((n, r) => n + r.itemsNew, 0));
    for (const record of records) {
      for (const reference of record.sources) {
        expect(reference.rawKey, reference.url).toBeTruthy();
        expect(await storage.rawPages.get(reference.rawKey!), reference.url).not.toBeNull();
      }
    }
    const announcements = records.filter((r) => r.extraction.isPracticeAnnouncement);
    expect(announcements.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'practice.pending')).toHaveLength(announcements.length);
  });

  it('is idempotent: a second run writes no new record and changes no version (conditional GET and no-op records)', async () => {
    const before = await allRecords(storage.practices);
    const hitsBefore = replay.hits();
    const second = await Promise.all(sources.map((source) => ingestSource(source, deps, { force: true })));
    expect(second.map((r) => r.itemsNew)).toEqual(sources.map(() => 0));
    expect(second.every((r) => r.outcome === 'success' || r.outcome === 'not_modified')).toBe(true);
    const after = await allRecords(storage.practices);
    const versions = (items: PracticeItem[]) => Object.fromEntries(items.map((i) => [i.id, i.editorial.version]));
    expect(versions(after)).toEqual(versions(before));
    // Feeds answered 304 to the stored validators: far fewer full responses than the first run.
    expect(second.filter((r) => r.outcome === 'not_modified').length).toBeGreaterThan(0);
    expect(replay.hits() - hitsBefore).toBeLessThan(hitsBefore);
  }, 60_000);
});

describeNeedingDynamoDbLocal('ingestSource when a source breaks', () => {
  let storage: Storage;
  let parser: WorkerDocumentParser;
  let server: Server | null = null;
  const source = overPlainHttp(registered).find((s) => s.id === 'kremlin-ru') as SourceDefinition;

  beforeAll(async () => {
    const config = testConfig();
    storage = createStorage(config);
    await ensureTable(storage.dynamo, config.tableName);
    await ensureBucket(storage.s3, config.rawBucket);
    parser = new WorkerDocumentParser();
  });

  afterAll(async () => {
    await parser?.close();
    await new Promise((r) => (server ? server.close(r) : r(null)));
  });

  const depsFor = (port: number): IngestDependencies => ({
    fetcher: createPageFetcher(testConfig(), { ...loopbackFetcherOptions(port), retries: 0 }),
    parser,
    extract: extractPractice,
    rawPages: storage.rawPages,
    practices: storage.practices,
    sourceStates: storage.sourceStates,
    notifier: { publish: async () => {} },
    clock: { now: () => new Date() },
  });

  it('records a garbled listing as layout_changed and an unreachable site as network, backs off, and keeps stored items', async () => {
    const replay = await startReplayServer(root);
    const good = await ingestSource(source, depsFor(replay.port));
    await replay.close();
    expect(good.outcome).toBe('success');
    const stored = await allRecords(storage.practices);
    expect(stored.length).toBeGreaterThan(0);

    server = createServer((req, res) => {
      if (req.url === '/robots.txt') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/atom+xml' }).end('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>');
    });
    const garbledPort = await freePort();
    await new Promise<void>((r) => server!.listen(garbledPort, '127.0.0.1', r));
    const garbled = await ingestSource(source, depsFor(garbledPort), { force: true });
    expect(garbled.outcome).toBe('failure');
    expect(garbled.failures.map((f) => f.code)).toContain('layout_changed');

    const unreachable = await ingestSource(source, depsFor(await freePort()), { force: true });
    expect(unreachable.outcome).toBe('failure');
    expect(unreachable.failures.map((f) => f.code)).toEqual(source.entryPoints.map(() => 'network'));

    const state = await storage.sourceStates.get(source.id);
    expect(state?.health).toMatchObject({ status: 'failing', consecutiveFailures: 2, lastErrorCode: 'network' });
    expect(Date.parse(state!.health.backoffUntil!)).toBeGreaterThan(Date.now());
    // Backoff holds the next scheduled run…
    const skipped = await ingestSource(source, depsFor(garbledPort));
    expect(skipped.outcome).toBe('skipped');
    // …and nothing stored was deleted or changed by the failures.
    const after = await allRecords(storage.practices);
    expect(after.map((r) => [r.id, r.editorial.version])).toEqual(stored.map((r) => [r.id, r.editorial.version]));
  }, 60_000);
});
