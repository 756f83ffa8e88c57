import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStorage, type Storage } from '../../functions/composition/storage.js';
import { ensureTable } from '../../functions/adapters/dynamo/ensure-table.js';
import { createPageFetcher, type HttpPageFetcher } from '../../functions/adapters/fetcher/http-page-fetcher.js';
import { lazyExtractor } from '../../functions/adapters/extraction/lazy-extractor.js';
import { InProcessDocumentParser } from '../../functions/adapters/parse-worker/worker-document-parser.js';
import { ensureBucket } from '../../functions/adapters/s3/s3-raw-page-store.js';
import type { Config } from '../../functions/config.js';
import { createIngestHandler } from '../../functions/handlers/ingest/ingest-handler.js';
import { loopbackFetcherOptions, overPlainHttp } from '../../functions/local/replay-server.js';
import { getSource, sources } from '../../functions/sources/registry.js';
import { MAX_RECEIVE_COUNT } from '../../infra/stacks/ingest-stack.js';
import { describeNeedingDynamoDbLocal, testConfig } from '../support/stack.js';
import { edition, gov74Url } from '../crash/crash-fixtures.js';
import { drain, SimulatedQueue, type SqsHandler } from './sqs-driver.js';

const GOV74_FEED = 'https://pravmin.gov74.ru/prav/rss/news.htm';
const GOV74_URLS = ['kadry-zavod', 'most-miass', 'praktika-mfc', 'les-pozhary', 'teatr-gastroli'].map(gov74Url);

/**
 * The Chelyabinsk government's site as a local server. `holdFeed(n)` makes it keep the next `n`
 * requests for the feed waiting until all `n` have arrived, then answer them together: two
 * deliveries of one message then work on the same articles at the same moment.
 */
async function startSite(): Promise<{ port: number; holdFeed(n: number): void; feedRequests(): number; close(): Promise<void> }> {
  const table = edition(1);
  let hold = 0;
  let feedRequests = 0;
  const held: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${(req.headers.host ?? '').replace(/:\d+$/, '')}`);
    const found = table.get(`${url.hostname}${url.pathname}${url.search}`);
    const answer = () => {
      if (!found) return void res.writeHead(404).end();
      if (req.headers['if-none-match'] === found.etag) return void res.writeHead(304, { etag: found.etag }).end();
      res.writeHead(200, { 'content-type': found.contentType, 'content-length': found.body.length, etag: found.etag }).end(found.body);
    };
    if (`https://${url.hostname}${url.pathname}` !== GOV74_FEED) return answer();
    feedRequests += 1;
    if (hold === 0) return answer();
    held.push(answer);
    if (held.length >= hold) {
      hold = 0;
      for (const release of held.splice(0)) release();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    holdFeed: (n) => void (hold = n),
    feedRequests: () => feedRequests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describeNeedingDynamoDbLocal('SQS semantics (visibility timeout, redelivery, maxReceiveCount, ReportBatchItemFailures) over the real ingest handler', () => {
  let site: Awaited<ReturnType<typeof startSite>>;
  const fetchers: HttpPageFetcher[] = [];
  const viaSite = new Map(overPlainHttp(sources).map((s) => [s.id, { ...s, politeness: { ...s.politeness, respectRobots: false } }]));

  /** One function instance: its own fetcher (connections, host queues), the shared table and bucket. */
  function instance(config: Config, storage: Storage): SqsHandler {
    const fetcher = createPageFetcher(config, { ...loopbackFetcherOptions(site.port), retries: 0 });
    fetchers.push(fetcher);
    return createIngestHandler({
      fetcher,
      parser: new InProcessDocumentParser({ registry: { getSource } }),
      extract: lazyExtractor(),
      rawPages: storage.rawPages,
      practices: storage.practices,
      sourceStates: storage.sourceStates,
      notifier: { publish: async () => {} },
      clock: { now: () => new Date() },
      getSource: (id) => viaSite.get(id) ?? getSource(id),
    });
  }

  async function freshStorage(): Promise<{ config: Config; storage: Storage }> {
    const config = testConfig();
    const storage = createStorage(config);
    await ensureTable(storage.dynamo, config.tableName);
    await ensureBucket(storage.s3, config.rawBucket);
    return { config, storage };
  }

  beforeAll(async () => {
    site = await startSite();
  });

  afterAll(async () => {
    for (const fetcher of fetchers) await fetcher.close();
    await site?.close();
  });

  it(`moves a poison message to the dead-letter queue after exactly ${MAX_RECEIVE_COUNT} receives, and processes the rest of its batch once`, async () => {
    const { config, storage } = await freshStorage();
    const queue = new SimulatedQueue({ visibilityTimeoutMs: 150, maxReceiveCount: MAX_RECEIVE_COUNT });
    const notJson = queue.send('not json');
    const unknown = queue.send(JSON.stringify({ sourceId: 'no-such-source' }));
    const good = queue.send(JSON.stringify({ sourceId: 'gov74-ru', force: true }));

    await drain(queue, [instance(config, storage)], { deadlineMs: 60_000, batchSize: 10 });

    const receives = (id: string) => queue.deliveries.filter((d) => d.messageId === id).map((d) => d.receiveCount);
    expect(receives(notJson)).toEqual([1, 2, 3, 4, 5]);
    expect(receives(unknown)).toEqual([1, 2, 3, 4, 5]);
    expect(receives(good)).toEqual([1]);
    expect(queue.deadLetters.map((m) => [m.messageId, m.receiveCount])).toEqual([
      [notJson, 5],
      [unknown, 5],
    ]);
    expect(queue.size).toBe(0);
    for (const url of GOV74_URLS) expect(await storage.practices.findByUrl(url), url).not.toBeNull();
  }, 90_000);

  it('duplicates nothing when a message is delivered again while its first delivery is still running', async () => {
    const { config, storage } = await freshStorage();
    // Longer than a run takes, shorter than the first delivery, which the site keeps waiting.
    const queue = new SimulatedQueue({ visibilityTimeoutMs: 5000, maxReceiveCount: MAX_RECEIVE_COUNT });
    const message = queue.send(JSON.stringify({ sourceId: 'gov74-ru', force: true }));
    // The first delivery's feed request waits until the redelivery's arrives (after the visibility
    // timeout): both then record the same articles at the same moment.
    site.holdFeed(2);
    const before = site.feedRequests();

    await drain(queue, [instance(config, storage), instance(config, storage)], { deadlineMs: 60_000 });

    const receives = queue.deliveries.filter((d) => d.messageId === message).map((d) => d.receiveCount);
    expect(receives.length).toBeGreaterThanOrEqual(2);
    expect(site.feedRequests() - before).toBeGreaterThanOrEqual(2);
    expect(queue.deadLetters).toEqual([]);

    const ids = new Set<string>();
    for (const url of GOV74_URLS) {
      const record = await storage.practices.findByUrl(url);
      expect(record, url).not.toBeNull();
      ids.add(record!.id);
      // Created once: version 1 and one history entry, however many deliveries recorded it.
      expect(record!.editorial.version).toBe(1);
      expect(record!.sources.map((s) => s.url)).toEqual([url]);
      const history = await storage.practices.history(record!.id, { limit: 10, after: null });
      expect(history.items.map((h) => h.action)).toEqual(['created']);
    }
    expect(ids.size).toBe(GOV74_URLS.length);
    const review = await storage.practices.listReview({ status: 'pending', classified: 'all' }, { limit: 100, after: null });
    expect(review.items.map((r) => r.id).sort()).toEqual([...ids].sort());
    const state = await storage.sourceStates.get('gov74-ru');
    expect(state?.health.consecutiveFailures).toBe(0);
    expect(state?.lastRun?.itemFailures).toEqual([]);
  }, 90_000);
});
