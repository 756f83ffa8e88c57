import * as z from 'zod/mini';
import {
  editorActionBodySchema,
  editorPracticeListSchema,
  editorPracticeSchema,
  historyListSchema,
  pageQuerySchema,
  practiceListQuerySchema,
  problemSchema,
  publicPracticeListSchema,
  publicPracticeSchema,
  reviewQuerySchema,
  sourceActivityQuerySchema,
  sourceActivitySchema,
  sourceListSchema,
  webhookCreatedSchema,
  webhookCreateSchema,
  webhookDeliveryListSchema,
  webhookListSchema,
} from './schemas.js';
import {
  editorStoryListSchema,
  editorStorySchema,
  publicStorySchema,
  regionFeedQuerySchema,
  regionListSchema,
  regionSchema,
  storyActionBodySchema,
  storyHistoryListSchema,
} from './story-schemas.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** OpenAPI parameters of a strict zod query object, one per property. */
function queryParameters(schema: z.ZodMiniType): unknown[] {
  const json = schemaOf(schema, 'input') as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const jsonBody = (description: string, schema: string, headers: Record<string, unknown> = {}) => ({
  description,
  headers,
  content: { 'application/json': { schema: ref(schema) } },
});

const etagHeader = { ETag: { description: 'Strong validator of the body', schema: { type: 'string' } } };
const publicRead = { '304': { description: 'Not modified (If-None-Match matched the ETag)' }, '400': problem('Invalid parameters or cursor') };
const editorErrors = {
  '400': problem('Invalid input'),
  '401': problem('No token, or an invalid, expired, foreign or ID token'),
  '403': problem('Valid token without the editor scope or the editors group'),
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } };
const webhookIdParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const editorSecurity = [{ editorJwt: ['editor'] }];

const storyIdParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^st-[A-Za-z0-9_-]{1,64}$' } };
const regionCodeParam = { name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$' }, description: 'ISO 3166-2:RU code, e.g. RU-CHE' };

/** Stories (the same news across sources and languages), practice timelines and regions. */
function storyPaths(): Record<string, unknown> {
  return {
    '/stories/{id}': {
      get: {
        operationId: 'getStory',
        summary: 'A story: its approved articles (source, language, date), merged practices, regions and organisations, and the practice timeline',
        parameters: [storyIdParam],
        responses: { '200': jsonBody('The story', 'PublicStory', etagHeader), ...publicRead, '404': problem('No such story with an approved article') },
      },
      patch: {
        operationId: 'reviewStory',
        summary: 'Decide on a whole story: approve (dropping some articles), reject, split off articles, or merge another story in',
        security: editorSecurity,
        parameters: [
          storyIdParam,
          { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'The story version being decided on ("0" for a story with no decision yet)' },
          { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: ref('StoryAction') } } },
        responses: {
          '200': jsonBody('The story after the decision', 'EditorStory', { ETag: { description: 'The new story version, quoted', schema: { type: 'string' } } }),
          ...editorErrors,
          '404': problem('No such story'),
          '412': problem('The story version is stale; `currentVersion` says the current one'),
          '415': problem('The body is not application/json'),
          '428': problem('If-Match is missing'),
        },
      },
    },
    '/stories/{id}/history': {
      get: {
        operationId: 'getStoryHistory',
        security: editorSecurity,
        parameters: [storyIdParam, ...queryParameters(pageQuerySchema)],
        responses: { '200': jsonBody('The story\'s history, oldest first', 'StoryHistoryList'), ...editorErrors, '404': problem('No such story') },
      },
    },
    '/review/stories': {
      get: {
        operationId: 'reviewStories',
        summary: 'The review queue grouped by story: each story once, where its oldest queued article stands, with all its articles',
        security: editorSecurity,
        parameters: queryParameters(reviewQuerySchema),
        responses: { '200': jsonBody('A page of stories', 'EditorStoryList'), ...editorErrors },
      },
    },
    '/review/stories/{id}': {
      get: {
        operationId: 'getEditorStory',
        security: editorSecurity,
        parameters: [storyIdParam],
        responses: { '200': jsonBody('The story with every article and its editorial state', 'EditorStory', etagHeader), ...editorErrors, '404': problem('No such story') },
      },
    },
    '/regions': {
      get: {
        operationId: 'listRegions',
        summary: 'Every federal subject: practices it originated, adopted or is mentioned in (approved records), and its latest story',
        responses: { '200': jsonBody('The regions', 'RegionList', etagHeader), '304': publicRead['304'] },
      },
    },
    '/regions/{code}': {
      get: {
        operationId: 'getRegion',
        summary: 'One federal subject: its practices, newest first, each with its timeline',
        parameters: [regionCodeParam],
        responses: { '200': jsonBody('The region', 'Region', etagHeader), ...publicRead, '404': problem('No such federal subject') },
      },
    },
    '/regions/{code}/feed.atom': {
      get: {
        operationId: 'regionFeed',
        summary: 'The region\'s stories as an Atom 1.0 feed, newest first (one entry per story)',
        parameters: [regionCodeParam, ...queryParameters(regionFeedQuerySchema)],
        responses: {
          '200': { description: 'Atom feed', headers: etagHeader, content: { 'application/atom+xml': { schema: { type: 'string' } } } },
          ...publicRead,
          '404': problem('No such federal subject'),
        },
      },
    },
  };
}

/**
 * The OpenAPI 3.1 description of both APIs, generated from the zod schemas the handlers parse
 * and the response shapes they produce (tests validate real responses against it).
 */
export function buildOpenApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'practice-watch API',
      version: '1.0.0',
      description:
        'Announcements of regional practices selected or recommended for replication, extracted from official Russian government sites. ' +
        'Public reads show approved records only; editor routes need a Bearer access token with the editor scope and the editors group.',
    },
    components: {
      securitySchemes: {
        editorJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito access token (token_use=access) with the editor scope' },
      },
      schemas: {
        PublicPractice: schemaOf(publicPracticeSchema, 'output'),
        PublicPracticeList: schemaOf(publicPracticeListSchema, 'output'),
        EditorPractice: schemaOf(editorPracticeSchema, 'output'),
        EditorPracticeList: schemaOf(editorPracticeListSchema, 'output'),
        EditorAction: schemaOf(editorActionBodySchema, 'input'),
        HistoryList: schemaOf(historyListSchema, 'output'),
        SourceList: schemaOf(sourceListSchema, 'output'),
        SourceActivity: schemaOf(sourceActivitySchema, 'output'),
        WebhookCreate: schemaOf(webhookCreateSchema, 'input'),
        WebhookCreated: schemaOf(webhookCreatedSchema, 'output'),
        WebhookList: schemaOf(webhookListSchema, 'output'),
        WebhookDeliveryList: schemaOf(webhookDeliveryListSchema, 'output'),
        Problem: schemaOf(problemSchema, 'output'),
        PublicStory: schemaOf(publicStorySchema, 'output'),
        EditorStory: schemaOf(editorStorySchema, 'output'),
        EditorStoryList: schemaOf(editorStoryListSchema, 'output'),
        StoryAction: schemaOf(storyActionBodySchema, 'input'),
        StoryHistoryList: schemaOf(storyHistoryListSchema, 'output'),
        RegionList: schemaOf(regionListSchema, 'output'),
        Region: schemaOf(regionSchema, 'output'),
      },
    },
    paths: {
      ...storyPaths(),
      '/practices': {
        get: {
          operationId: 'listPractices',
          summary: 'Approved practice announcements, newest first',
          parameters: queryParameters(practiceListQuerySchema),
          responses: { '200': jsonBody('A page of practices', 'PublicPracticeList', etagHeader), ...publicRead },
        },
      },
      '/practices.atom': {
        get: {
          operationId: 'practicesFeed',
          summary: 'The same listing as an Atom 1.0 feed',
          parameters: queryParameters(practiceListQuerySchema),
          responses: {
            '200': { description: 'Atom feed', headers: etagHeader, content: { 'application/atom+xml': { schema: { type: 'string' } } } },
            ...publicRead,
          },
        },
      },
      '/practices/{id}': {
        get: {
          operationId: 'getPractice',
          parameters: [idParam],
          responses: { '200': jsonBody('The practice', 'PublicPractice', etagHeader), ...publicRead, '404': problem('No such approved practice') },
        },
        patch: {
          operationId: 'reviewPractice',
          summary: 'Approve, reject, edit or (un)mark as an announcement',
          security: editorSecurity,
          parameters: [
            idParam,
            { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'The version being edited: "7", W/"7" or 7' },
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: ref('EditorAction') } } },
          responses: {
            '200': jsonBody('The updated practice', 'EditorPractice', { ETag: { description: 'The new version, quoted', schema: { type: 'string' } } }),
            ...editorErrors,
            '404': problem('No such practice'),
            '412': problem('The version is stale; `currentVersion` says the current one'),
            '415': problem('The body is not application/json'),
            '428': problem('If-Match is missing'),
          },
        },
      },
      '/practices/{id}/raw/{n}': {
        get: {
          operationId: 'getRawSnapshot',
          summary: 'The raw page a source reported, as a download (never rendered)',
          parameters: [idParam, { name: 'n', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{1,4}$' } }],
          responses: {
            '200': {
              description: 'The snapshot, decoded to UTF-8 text when its charset is known, else the bytes',
              headers: { 'Content-Disposition': { schema: { type: 'string' } } },
              content: { 'text/plain': { schema: { type: 'string' } }, 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } },
            },
            ...publicRead,
            '404': problem('No such practice or snapshot'),
          },
        },
      },
      '/practices/{id}/history': {
        get: {
          operationId: 'getHistory',
          security: editorSecurity,
          parameters: [idParam, ...queryParameters(pageQuerySchema)],
          responses: { '200': jsonBody('Audit history, oldest first', 'HistoryList'), ...editorErrors, '404': problem('No such practice') },
        },
      },
      '/sources': {
        get: { operationId: 'listSources', responses: { '200': jsonBody('Watched sources and their health', 'SourceList', etagHeader), '304': publicRead['304'] } },
      },
      '/sources/activity': {
        get: {
          operationId: 'sourceActivity',
          summary: 'Approved items per Moscow day of publication per source, over the last days (the sources page chart)',
          parameters: queryParameters(sourceActivityQuerySchema),
          responses: { '200': jsonBody('Counts per source, parallel to days (oldest first)', 'SourceActivity', etagHeader), ...publicRead },
        },
      },
      '/openapi.json': {
        get: { operationId: 'openapi', responses: { '200': { description: 'This document', content: { 'application/json': { schema: { type: 'object' } } } }, '304': publicRead['304'] } },
      },
      '/review': {
        get: {
          operationId: 'reviewQueue',
          summary: 'The review queue, oldest first; classified=negative shows what the classifier rejected, classified=uncertain the pending items whose calibrated confidence is within the uncertainty band (0.2–0.8), closest to the decision boundary first',
          security: editorSecurity,
          parameters: queryParameters(reviewQuerySchema),
          responses: { '200': jsonBody('A page of the queue', 'EditorPracticeList'), ...editorErrors },
        },
      },
      '/webhooks': {
        get: { operationId: 'listWebhooks', security: editorSecurity, responses: { '200': jsonBody('Subscriptions (secrets omitted)', 'WebhookList'), ...editorErrors } },
        post: {
          operationId: 'createWebhook',
          security: editorSecurity,
          requestBody: { required: true, content: { 'application/json': { schema: ref('WebhookCreate') } } },
          responses: {
            '201': jsonBody('Created; the only answer that shows the secret', 'WebhookCreated', { Location: { schema: { type: 'string' } } }),
            ...editorErrors,
            '415': problem('The body is not application/json'),
          },
        },
      },
      '/webhooks/{id}': {
        delete: {
          operationId: 'deleteWebhook',
          security: editorSecurity,
          parameters: [webhookIdParam],
          responses: { '204': { description: 'Deleted' }, ...editorErrors, '404': problem('No such webhook') },
        },
      },
      '/webhooks/{id}/deliveries': {
        get: {
          operationId: 'listWebhookDeliveries',
          security: editorSecurity,
          parameters: [webhookIdParam, ...queryParameters(pageQuerySchema)],
          responses: { '200': jsonBody('Delivery log, newest first', 'WebhookDeliveryList'), ...editorErrors, '404': problem('No such webhook') },
        },
      },
    },
  };
}
