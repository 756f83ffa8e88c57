import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createJwtVerifier } from '../../functions/adapters/auth/jwt-verifier.js';
import { openLocalIssuer, type LocalIssuer } from '../../functions/adapters/auth/local-issuer.js';
import { createDynamoClient, createS3Client } from '../../functions/adapters/aws-clients.js';
import { DynamoPracticeRepository } from '../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { DynamoSourceStateRepository } from '../../functions/adapters/dynamo/dynamo-source-state-repository.js';
import { ensureTable } from '../../functions/adapters/dynamo/ensure-table.js';
import { MemoryPracticeRepository } from '../../functions/adapters/memory/memory-practice-repository.js';
import { MemoryRawPageStore } from '../../functions/adapters/memory/memory-raw-page-store.js';
import { MemorySourceStateRepository } from '../../functions/adapters/memory/memory-source-state-repository.js';
import { ensureBucket, S3RawPageStore } from '../../functions/adapters/s3/s3-raw-page-store.js';
import { DynamoWebhookRepository } from '../../functions/adapters/webhooks/dynamo-webhook-repository.js';
import { MemoryWebhookRepository } from '../../functions/adapters/webhooks/memory-webhook-repository.js';
import { createWebhookUrlRule } from '../../functions/adapters/webhooks/url-policy.js';
import { WebhookNotifier } from '../../functions/adapters/webhooks/webhook-notifier.js';
import { publicEventsOnly } from '../../functions/core/practices/public-events.js';
import type {
  Notifier,
  NotificationEvent,
  PracticeQueryRepository,
  PracticeRepository,
  PracticeReviewRepository,
  RawPageStore,
  SourceStateRepository,
  WebhookRepository,
} from '../../functions/core/ports.js';
import type { SourceDefinition } from '../../functions/core/source-definition.js';
import type { StoryRepository } from '../../functions/core/stories/story-ports.js';
import { createQueryApiHandler } from '../../functions/handlers/api/query-api.js';
import { createReviewApiHandler } from '../../functions/handlers/api/review-api.js';
import { MemoryLabelledExampleStore } from '../../functions/adapters/learning/memory-learning-stores.js';
import { S3LabelledExampleStore } from '../../functions/adapters/learning/s3-learning-stores.js';
import type { LabelledExampleStore } from '../../functions/core/learning/labelled-example.js';
import { QUERY_API_ROUTES, REVIEW_API_ROUTES } from '../../functions/handlers/api/routes.js';
import type { HttpLogger } from '../../functions/handlers/http/types.js';
import { createHttpServer } from '../../functions/local/http-bridge.js';
import { sources } from '../../functions/sources/registry.js';
import type { PracticeImporter } from '../../scripts/bench/seed-practices.js';
import { testConfig } from '../support/stack.js';

export type Backend = 'memory' | 'dynamo';
type Repo = PracticeRepository & PracticeQueryRepository & PracticeReviewRepository & StoryRepository & PracticeImporter;

/** The two APIs over real HTTP (the local bridge), on one storage backend, with a local token issuer. */
export interface ApiHarness {
  backend: Backend;
  baseUrl: string;
  repo: Repo;
  rawPages: RawPageStore;
  sourceStates: SourceStateRepository;
  webhooks: WebhookRepository;
  /** Editors' verdicts kept as labelled examples (memory, or S3 beside the raw pages). */
  labels: LabelledExampleStore;
  issuer: LocalIssuer;
  published: NotificationEvent[];
  logged: unknown[][];
  sources: readonly SourceDefinition[];
  /** An editor's access token. */
  token(editor?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startApiHarness(backend: Backend, options: { webhookNotifier?: boolean } = {}): Promise<ApiHarness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-api-'));
  const issuer = await openLocalIssuer(path.join(dir, 'auth'));
  let repo: Repo;
  let rawPages: RawPageStore;
  let sourceStates: SourceStateRepository;
  let webhooks: WebhookRepository;
  let labels: LabelledExampleStore;
  if (backend === 'memory') {
    labels = new MemoryLabelledExampleStore();
    repo = new MemoryPracticeRepository();
    rawPages = new MemoryRawPageStore();
    sourceStates = new MemorySourceStateRepository();
    webhooks = new MemoryWebhookRepository();
  } else {
    const config = testConfig();
    const dynamo = createDynamoClient(config);
    await ensureTable(dynamo, config.tableName);
    const s3 = createS3Client(config);
    await ensureBucket(s3, config.rawBucket);
    repo = new DynamoPracticeRepository(dynamo, config.tableName);
    rawPages = new S3RawPageStore(s3, config.rawBucket);
    sourceStates = new DynamoSourceStateRepository(dynamo, config.tableName);
    webhooks = new DynamoWebhookRepository(dynamo, config.tableName);
    labels = new S3LabelledExampleStore(s3, config.rawBucket);
  }
  const published: NotificationEvent[] = [];
  const recorder: Notifier = { publish: async (event) => void published.push(event) };
  // Loopback receivers need the permissive URL policy; production keeps the strict default.
  const notifier: Notifier = options.webhookNotifier
    ? publicEventsOnly(new WebhookNotifier({ repository: webhooks, policy: { allowPrivateTargets: true }, baseDelayMs: 20 }), repo)
    : recorder;
  const logged: unknown[][] = [];
  const logger: HttpLogger = { error: (...args) => void logged.push(args), warn: (...args) => void logged.push(args) };
  const cursorSecret = 'test-cursor-secret-0123456789';
  const query = createQueryApiHandler({ queries: repo, practices: repo, stories: repo, sourceStates, rawPages, sources, cursorSecret, logger, publicBaseUrl: 'http://api.test' });
  const review = createReviewApiHandler({
    queries: repo,
    practices: repo,
    review: repo,
    stories: repo,
    webhooks,
    notifier,
    verifier: createJwtVerifier(issuer.verifierOptions()),
    cursorSecret,
    webhookUrls: createWebhookUrlRule({ allowPrivateTargets: true }),
    logger,
    labels,
  });
  const server = createHttpServer([
    ...QUERY_API_ROUTES.map((routeKey) => ({ routeKey, handler: query })),
    ...REVIEW_API_ROUTES.map((routeKey) => ({ routeKey, handler: review })),
  ]);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    backend,
    baseUrl: `http://127.0.0.1:${port}`,
    repo,
    rawPages,
    sourceStates,
    webhooks,
    labels,
    issuer,
    published,
    logged,
    sources,
    token: (editor = 'alice') => issuer.mintAccessToken({ username: editor, ttlSeconds: 600 }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** PATCHes a practice as `token`'s editor. */
export function patch(h: ApiHarness, id: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(`${h.baseUrl}/practices/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** A response's JSON, untyped: tests assert on its shape. */
export const readJson = (response: Response): Promise<any> => response.json();
