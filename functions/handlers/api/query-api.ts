import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { initialHealth } from '../../core/ingest/source-health.js';
import { getPractice, listPractices } from '../../core/practices/query-practices.js';
import { sourceActivity } from '../../core/practices/source-activity.js';
import type { PracticeFilter, PracticeQueryRepository, PracticeRepository, RawPageStore, SourceStateRepository } from '../../core/ports.js';
import type { SourceProfile } from '../../core/source-definition.js';
import { httpConditionalGet } from '../http/conditional-get.js';
import { createCursorCodec } from '../http/cursor.js';
import { defaultHeaders } from '../http/default-headers.js';
import { httpHeadRequests } from '../http/head-requests.js';
import { httpErrorHandler } from '../http/error-handler.js';
import { json, PUBLIC_CACHE, routeByKey, SECURITY_HEADERS, type RouteHandler } from '../http/responses.js';
import type { ApiContext, HttpLogger } from '../http/types.js';
import { renderAtomFeed } from './atom.js';
import { buildOpenApiDocument } from './openapi.js';
import { allowedMethods, type QueryApiRoute } from './routes.js';
import { practiceIdSchema, practiceListQuerySchema, sourceActivityQuerySchema } from './schemas.js';
import { createStoryQueryRoutes } from './story-query-routes.js';
import { practiceJson } from './views.js';
import type { StoryRepository } from '../../core/stories/story-ports.js';
import { searchAccept } from '../../core/search/filter.js';
import { searchPractices } from '../../core/search/search-practices.js';
import type { PracticeSearchDeps } from '../../core/search/search-ports.js';
import type { ProjectionOutbox } from '../../core/projection/project-records.js';
import type { ReextractJobStore } from '../../core/learning/reextract-job-state.js';

/** What the public API needs; the handler never builds any of it. */
export interface QueryApiDeps {
  queries: PracticeQueryRepository;
  practices: PracticeRepository;
  sourceStates: SourceStateRepository;
  rawPages: RawPageStore;
  /** The source registry (`functions/sources/registry.ts`). */
  sources: readonly SourceProfile[];
  cursorSecret: string;
  /**
   * Where the public reaches the API (`Config.publicBaseUrl`): the base of the Atom feeds' absolute
   * links. Never taken from the request, whose Host header a client chooses and caches would keep.
   */
  publicBaseUrl: string;
  /** Stories, practice timelines and regions (`/stories`, `/regions`); those routes answer 404 without it. */
  stories?: StoryRepository;
  /** Full-text search for `q` on `GET /practices`; without it `q` matches word starts of titles and practice names. */
  search?: PracticeSearchDeps;
  /** The projector's outbox, whose lag `GET /sources` reports (absent where rows are written inline). */
  projection?: Pick<ProjectionOutbox, 'projectionLag'>;
  /** The latest re-extraction job (after a model promotion or rollback), whose progress `GET /sources` reports. */
  reextraction?: Pick<ReextractJobStore, 'get'>;
  logger?: HttpLogger;
}

/** Raw snapshots are hostile HTML from elsewhere: never rendered, never scripted, only downloaded. */
const RAW_HEADERS = {
  'content-security-policy': "default-src 'none'; sandbox",
  'x-content-type-options': 'nosniff',
  'cache-control': 'public, max-age=3600, immutable',
};

function splitFilter(query: ReturnType<typeof practiceListQuerySchema.parse>): { filter: PracticeFilter; limit: number; cursor: string | undefined } {
  const { limit, cursor, ...filter } = query;
  return { filter, limit, cursor };
}

const TEXT_TYPES = /^(text\/|application\/(xml|[a-z.+-]*\+xml|json|[a-z.+-]*\+json|javascript))/i;

/**
 * The public read API (API Gateway HTTP API v2): approved practices, their raw snapshots,
 * the Atom feed, source health and the OpenAPI document. ETag/304 on every successful read.
 */
export function createQueryApiHandler(deps: QueryApiDeps) {
  const cursors = createCursorCodec(deps.cursorSecret);
  let openApi: unknown;

  const base = deps.publicBaseUrl.replace(/\/+$/, '');

  const listPage = async (event: APIGatewayProxyEventV2, binding: string) => {
    const { filter, limit, cursor } = splitFilter(practiceListQuerySchema.parse(event.queryStringParameters ?? {}));
    const bound = { listing: binding, filter };
    const after = cursor ? cursors.decode(cursor, bound) : null;
    const page = await listPractices({ queries: deps.queries }, filter, { limit, after });
    return { page, filter, limit, nextCursor: page.next ? cursors.encode(page.next, bound) : null };
  };

  const routes: Record<QueryApiRoute, RouteHandler> = {
    'GET /practices': async (event) => {
      const query = practiceListQuerySchema.parse(event.queryStringParameters ?? {});
      if (query.q !== undefined && deps.search) {
        const { limit, cursor, ...filter } = query;
        const bound = { listing: 'search-public', filter };
        const after = cursor ? cursors.decode(cursor, bound) : null;
        const page = await searchPractices(deps.search, { q: query.q, accept: searchAccept(filter, 'public'), limit, after });
        const items = page.hits.map((hit) => ({ ...practiceJson(hit.item, 'public'), score: hit.score, snippet: hit.snippet }));
        return json(200, { items, nextCursor: page.next ? cursors.encode(page.next, bound) : null }, { 'cache-control': PUBLIC_CACHE });
      }
      // The feed and the list share a binding: a cursor from one pages the other.
      const { page, nextCursor } = await listPage(event, 'public');
      return json(200, { items: page.items.map((item) => practiceJson(item, 'public')), nextCursor }, { 'cache-control': PUBLIC_CACHE });
    },

    'GET /practices.atom': async (event) => {
      const { page, filter, limit, nextCursor } = await listPage(event, 'public');
      const params = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined) as Array<[string, string]>);
      if (limit !== 20) params.set('limit', String(limit));
      const feedId = `${base}/practices.atom${params.size ? `?${params}` : ''}`;
      const self = `${base}/practices.atom${event.rawQueryString ? `?${event.rawQueryString}` : ''}`;
      if (nextCursor) params.set('cursor', nextCursor);
      const body = renderAtomFeed({
        items: page.items,
        feedId,
        selfUrl: self,
        nextUrl: nextCursor ? `${base}/practices.atom?${params}` : null,
        apiBase: base,
      });
      return { statusCode: 200, headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': PUBLIC_CACHE }, body };
    },

    'GET /practices/{id}': async (event) => {
      const id = practiceIdSchema.parse(event.pathParameters?.['id']);
      const item = await getPractice({ practices: deps.practices }, id, 'public');
      return json(200, practiceJson(item, 'public'), { 'cache-control': PUBLIC_CACHE });
    },

    'GET /practices/{id}/raw/{n}': async (event) => {
      const id = practiceIdSchema.parse(event.pathParameters?.['id']);
      const rawN = event.pathParameters?.['n'] ?? '';
      if (!/^\d{1,4}$/.test(rawN)) throw new ValidationError('n must be a source index', { parameter: 'n' });
      const n = Number(rawN);
      const item = await getPractice({ practices: deps.practices }, id, 'public');
      const key = item.sources[n]?.rawKey;
      if (!key) throw new NotFoundError(`practice ${id} has no raw snapshot ${n}`, { id, n });
      const raw = await deps.rawPages.get(key);
      if (!raw) throw new NotFoundError(`raw snapshot ${n} of practice ${id} is not stored`, { id, n });
      const declaredType = Object.entries(raw.meta.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
      const charset = raw.meta.charset ?? /charset=([\w-]+)/i.exec(declaredType)?.[1];
      let text: string | null = null;
      if (charset && TEXT_TYPES.test(declaredType || 'text/html')) {
        try {
          text = new TextDecoder(charset, { fatal: false }).decode(raw.bytes);
        } catch {
          // An encoding the runtime does not know: hand out the bytes instead.
          text = null;
        }
      }
      const filename = `${id}-${n}${text === null ? '.bin' : '.txt'}`;
      const headers = { ...RAW_HEADERS, 'content-disposition': `attachment; filename="${filename}"` };
      if (text !== null) return { statusCode: 200, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }, body: text };
      return {
        statusCode: 200,
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        body: Buffer.from(raw.bytes).toString('base64'),
        isBase64Encoded: true,
      };
    },

    'GET /sources': async () => {
      const states = new Map((await deps.sourceStates.list()).map((state) => [state.sourceId, state]));
      const items = deps.sources.map((source) => ({
        id: source.id,
        name: source.name,
        homepage: source.homepage,
        jurisdiction: source.jurisdiction,
        language: source.language,
        entryPoints: source.entryPoints.map((e) => ({
          url: e.url,
          kind: e.kind,
          label: e.label,
          ...(e.confirmed === undefined ? {} : { confirmed: e.confirmed }),
          ...(e.group === undefined ? {} : { group: e.group }),
        })),
        scheduleMinutes: source.scheduleMinutes,
        health: states.get(source.id)?.health ?? initialHealth(source),
      }));
      const [lag, job] = await Promise.all([deps.projection ? deps.projection.projectionLag() : null, deps.reextraction ? deps.reextraction.get() : null]);
      const projection = lag
        ? { ...lag, oldestAgeSeconds: lag.oldestSince === null ? null : Math.max(0, Math.round((Date.now() - Date.parse(lag.oldestSince)) / 1000)) }
        : undefined;
      // Counts, versions and the latest failure's code and URL: failure messages stay in the job's state and the function's log.
      const lastFailure = job?.failures.at(-1);
      const reextraction = job
        ? {
            status: job.status,
            modelVersion: job.modelVersion,
            extractorVersion: job.extractorVersion,
            startedAt: job.startedAt,
            updatedAt: job.updatedAt,
            finishedAt: job.finishedAt,
            totals: job.totals,
            // Where a running job is: which review listing it walks (approved, rejected, then pending), and whether it is the delayed second walk.
            phase: job.status === 'running' ? (job.cursor?.status ?? null) : null,
            secondWalk: job.tailPass,
            handovers: job.handovers ?? 0,
            waitingUntil: job.status === 'running' ? (job.waitingUntil ?? null) : null,
            lastFailure: lastFailure ? { id: lastFailure.id, url: lastFailure.url, code: lastFailure.code } : null,
            // Where and with which error a failed job stopped; the error's message stays in the state and the log.
            failure: job.status === 'failed' && job.failure ? { step: job.failure.step, error: job.failure.error, at: job.failure.at } : null,
          }
        : undefined;
      return json(200, { items, ...(projection ? { projection } : {}), ...(reextraction ? { reextraction } : {}) }, { 'cache-control': PUBLIC_CACHE });
    },

    'GET /sources/activity': async (event) => {
      const { days } = sourceActivityQuerySchema.parse(event.queryStringParameters ?? {});
      const activity = await sourceActivity({ queries: deps.queries }, { sourceIds: deps.sources.map((s) => s.id), days, now: new Date() });
      return json(200, activity, { 'cache-control': PUBLIC_CACHE });
    },

    'GET /openapi.json': async () => json(200, (openApi ??= buildOpenApiDocument()), { 'cache-control': 'public, max-age=300' }),

    // The region feeds take the same configured base: never the request's Host.
    ...createStoryQueryRoutes({ stories: deps.stories, baseUrl: () => base }),
  };

  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, ApiContext>()
    .use(httpHeadRequests())
    .use(defaultHeaders(SECURITY_HEADERS))
    .use(httpConditionalGet())
    .use(httpErrorHandler({ logger: deps.logger }))
    .handler(routeByKey(routes, { allowedMethods }));
}
