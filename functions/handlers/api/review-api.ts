import middy from '@middy/core';
import { searchAccept } from '../../core/search/filter.js';
import { searchPractices } from '../../core/search/search-practices.js';
import type { PracticeSearchDeps } from '../../core/search/search-ports.js';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { NotFoundError, PreconditionRequiredError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError } from '../../core/errors.js';
import { keepVerdict, type LabelledExampleStore } from '../../core/learning/labelled-example.js';
import { getHistory, listReviewQueue } from '../../core/practices/query-practices.js';
import { reviewPractice } from '../../core/practices/review-practice.js';
import {
  systemClock,
  type AccessTokenVerifier,
  type Clock,
  type EditorAction,
  type EditorPrincipal,
  type Notifier,
  type PracticeQueryRepository,
  type PracticeRepository,
  type PracticeReviewRepository,
  type WebhookRepository,
  type WebhookSubscription,
  type WebhookUrlRule,
} from '../../core/ports.js';
import { subscribeWebhook, unsubscribeWebhook } from '../../core/webhooks/manage-webhooks.js';
import { createCursorCodec } from '../http/cursor.js';
import { defaultHeaders } from '../http/default-headers.js';
import { httpHeadRequests } from '../http/head-requests.js';
import { httpErrorHandler } from '../http/error-handler.js';
import { requireEditor } from '../http/require-editor.js';
import { editorRequestToken } from '../http/request-token.js';
import { header, json, routeByKey, SECURITY_HEADERS, type RouteHandler } from '../http/responses.js';
import type { ApiContext, HttpLogger } from '../http/types.js';
import { allowedMethods, type ReviewApiRoute } from './routes.js';
import {
  editorActionBodySchema,
  pageQuerySchema,
  practiceIdSchema,
  reviewQuerySchema,
  toEditorAction,
  webhookCreateSchema,
  webhookIdSchema,
} from './schemas.js';
import { createStoryReviewRoutes } from './story-review-routes.js';
import { practiceJson } from './views.js';
import type { StoryRepository } from '../../core/stories/story-ports.js';

/** What the editor API needs; the handler never builds any of it. */
export interface ReviewApiDeps {
  queries: PracticeQueryRepository;
  practices: PracticeRepository;
  review: PracticeReviewRepository;
  webhooks: WebhookRepository;
  /** Receives `practice.approved` after an approval. */
  notifier: Notifier;
  verifier: AccessTokenVerifier;
  cursorSecret: string;
  /** Where webhooks may point: public hosts only, unless a test or local run relaxes the rule. */
  webhookUrls: WebhookUrlRule;
  clock?: Clock;
  logger?: HttpLogger;
  /** Stories (grouped review, story decisions, split and merge); those routes answer 404 without it. */
  stories?: StoryRepository;
  /** Where editors' verdicts are kept as labelled examples (the learning loop); none kept without it. */
  labels?: LabelledExampleStore;
  /** Full-text search for `q` on `GET /review` (ranked, every status); without it `q` matches title word starts. */
  search?: PracticeSearchDeps;
}

/** Actions whose result may be a label: a classification verdict, an approval, a correction of entities. */
const LABELLING_FIELDS = ['isPracticeAnnouncement', 'regions', 'organisations', 'people'];
const labels = (action: EditorAction): boolean =>
  action.type === 'set-announcement' || action.type === 'approve' || (action.type === 'edit' && LABELLING_FIELDS.some((field) => field in action.overrides));

/** Reads the version from `If-Match`: `"7"`, `W/"7"` or `7`. */
export function parseIfMatch(value: string | undefined): number {
  if (value === undefined || value.trim() === '') throw new PreconditionRequiredError();
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(value);
  if (!match) throw new ValidationError('If-Match must hold the version being edited, e.g. "7"', { header: 'If-Match' });
  return Number(match[1]);
}

function parseJsonBody(event: APIGatewayProxyEventV2): unknown {
  const contentType = header(event, 'content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) {
    throw new UnsupportedMediaTypeError('the body must be application/json', { header: 'Content-Type' });
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('the body is not valid JSON');
  }
}

const editorOf = (context: ApiContext): EditorPrincipal => {
  // requireEditor runs before every route; reaching here without an editor is a wiring bug.
  if (!context.editor) throw new UnauthorizedError();
  return context.editor;
};

const publicSubscription = ({ secret: _secret, ...rest }: WebhookSubscription) => rest;

/**
 * The editor API (API Gateway HTTP API v2): the review queue, editorial decisions with
 * optimistic locking (`If-Match`, 428/412), audit history and webhook subscriptions.
 * Every route requires an editor's Bearer access token; answers are never cached.
 */
export function createReviewApiHandler(deps: ReviewApiDeps) {
  const cursors = createCursorCodec(deps.cursorSecret);
  const clock = deps.clock ?? systemClock;

  const routes: Record<ReviewApiRoute, RouteHandler> = {
    'GET /review': async (event) => {
      const { limit, cursor, ...filter } = reviewQuerySchema.parse(event.queryStringParameters ?? {});
      if (filter.q !== undefined && deps.search) {
        const bound = { listing: 'search-review', filter };
        const after = cursor ? cursors.decode(cursor, bound) : null;
        const page = await searchPractices(deps.search, { q: filter.q, accept: searchAccept(filter, 'editor'), limit, after });
        const items = page.hits.map((hit) => ({ ...practiceJson(hit.item, 'editor'), score: hit.score, snippet: hit.snippet }));
        return json(200, { items, nextCursor: page.next ? cursors.encode(page.next, bound) : null });
      }
      const bound = { listing: 'review', filter };
      const after = cursor ? cursors.decode(cursor, bound) : null;
      const page = await listReviewQueue({ queries: deps.queries }, filter, { limit, after });
      return json(200, { items: page.items.map((item) => practiceJson(item, 'editor')), nextCursor: page.next ? cursors.encode(page.next, bound) : null });
    },

    'PATCH /practices/{id}': async (event, context) => {
      const editor = editorOf(context);
      const id = practiceIdSchema.parse(event.pathParameters?.['id']);
      const expectedVersion = parseIfMatch(header(event, 'if-match'));
      const action = toEditorAction(editorActionBodySchema.parse(parseJsonBody(event)));
      const requestToken = editorRequestToken(event, editor.username, [id, expectedVersion, action]);
      const item = await reviewPractice({ repository: deps.review, notifier: deps.notifier, clock }, { id, expectedVersion, action, actor: editor.username, requestToken });
      if (deps.labels && labels(action)) {
        // The decision is made; a label that fails to be kept is logged, and a retry of the same request keeps it.
        try {
          await keepVerdict(deps.labels, item, editor.username, item.updatedAt);
        } catch (error) {
          deps.logger?.error('labelled example not kept', { id, error: error instanceof Error ? error.message : String(error) });
        }
      }
      return json(200, practiceJson(item, 'editor'), { etag: `"${item.editorial.version}"` });
    },

    'GET /practices/{id}/history': async (event) => {
      const id = practiceIdSchema.parse(event.pathParameters?.['id']);
      const { limit, cursor } = pageQuerySchema.parse(event.queryStringParameters ?? {});
      const bound = { listing: 'history', id };
      const after = cursor ? cursors.decode(cursor, bound) : null;
      const page = await getHistory({ queries: deps.queries, practices: deps.practices }, id, { limit, after });
      return json(200, { items: page.items, nextCursor: page.next ? cursors.encode(page.next, bound) : null });
    },

    'GET /webhooks': async () => json(200, { items: (await deps.webhooks.list()).map(publicSubscription) }),

    'POST /webhooks': async (event, context) => {
      const editor = editorOf(context);
      const input = webhookCreateSchema.parse(parseJsonBody(event));
      const subscription = await subscribeWebhook({ webhooks: deps.webhooks, urls: deps.webhookUrls, clock }, { ...input, actor: editor.username });
      return json(201, subscription, { location: `/webhooks/${subscription.id}` });
    },

    'DELETE /webhooks/{id}': async (event) => {
      const id = webhookIdSchema.parse(event.pathParameters?.['id']);
      await unsubscribeWebhook({ webhooks: deps.webhooks }, id);
      return { statusCode: 204, headers: {}, body: '' };
    },

    'GET /webhooks/{id}/deliveries': async (event) => {
      const id = webhookIdSchema.parse(event.pathParameters?.['id']);
      const { limit, cursor } = pageQuerySchema.parse(event.queryStringParameters ?? {});
      if (!(await deps.webhooks.get(id))) throw new NotFoundError(`webhook ${id} not found`, { id });
      const bound = { listing: 'deliveries', id };
      const after = cursor ? cursors.decode(cursor, bound) : null;
      const page = await deps.webhooks.listDeliveries(id, { limit, after });
      return json(200, { items: page.items, nextCursor: page.next ? cursors.encode(page.next, bound) : null });
    },

    ...createStoryReviewRoutes({
      stories: deps.stories,
      queries: deps.queries,
      review: deps.review,
      notifier: deps.notifier,
      clock,
      cursors,
      parseIfMatch,
      parseJsonBody,
      editorOf,
      ...(deps.labels ? { labels: deps.labels } : {}),
      ...(deps.logger ? { logger: deps.logger } : {}),
    }),
  };

  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, ApiContext>()
    .use(httpHeadRequests())
    .use(defaultHeaders(SECURITY_HEADERS))
    .use(httpErrorHandler({ logger: deps.logger }))
    .use(requireEditor({ verifier: deps.verifier }))
    .handler(routeByKey(routes, { allowedMethods }));
}
