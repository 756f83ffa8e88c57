import * as z from 'zod/mini';
import { int } from '../../core/zod-setup.js';
import { editorPracticeSchema, historyEntrySchema } from './schemas.js';

/**
 * The shapes of the story, timeline and region routes, as zod schemas: requests are parsed with them
 * and the OpenAPI document is generated from them (kept apart from `schemas.ts` so that the two
 * evolve without stepping on each other).
 */

/** Story ids: `st-` and a base64url hash. */
export const storyIdSchema = z.string().check(z.regex(/^st-[A-Za-z0-9_-]{1,64}$/, 'a story id (st-…)'));
const recordIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'a practice id'));

/** A federal subject's code, as in `?region=`: upper-cased. */
export const regionCodeSchema = z.pipe(
  z.string().check(z.regex(/^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$/, 'an ISO 3166-2:RU code such as RU-MOW')),
  z.transform((code: string) => code.toUpperCase()),
);

/** Body of `PATCH /stories/{id}`. */
export const storyActionBodySchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('approve'), drop: z.optional(z.array(recordIdSchema).check(z.maxLength(200))) }),
  z.strictObject({ action: z.literal('reject'), reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)) }),
  z.strictObject({ action: z.literal('split'), articles: z.array(recordIdSchema).check(z.minLength(1), z.maxLength(200)) }),
  z.strictObject({ action: z.literal('merge'), from: storyIdSchema }),
]);

const role = z.enum(['origin', 'adopter', 'mentioned']);
const RECOGNITION_KINDS = ['selected', 'awarded', 'library'] as const;
const eventKind = z.enum([...RECOGNITION_KINDS, 'adopted']);
const isoOrNull = z.nullable(z.string());

export const timelineSchema = z.strictObject({
  id: z.string(),
  origins: z.array(z.string()),
  recognitions: z.array(z.strictObject({ storyId: z.string(), date: isoOrNull, kind: z.enum(RECOGNITION_KINDS), organisations: z.array(z.string()) })),
  adopters: z.array(z.strictObject({ region: z.string(), date: isoOrNull, storyId: z.string() })),
  events: z.array(
    z.strictObject({
      storyId: z.string(),
      date: isoOrNull,
      kind: eventKind,
      title: z.string(),
      origins: z.array(z.string()),
      adopters: z.array(z.string()),
      organisations: z.array(z.string()),
      sources: z.array(z.string()),
    }),
  ),
});

const storyArticleSchema = z.strictObject({
  id: z.string(),
  sourceId: z.string(),
  url: z.string(),
  title: z.string(),
  language: z.enum(['ru', 'en']),
  publishedAt: isoOrNull,
});

const storyShape = {
  id: z.string(),
  title: z.string(),
  timelineId: z.nullable(z.string()),
  /** Earliest publication among its articles. */
  publishedAt: isoOrNull,
  practices: z.array(z.strictObject({ name: z.string() })),
  regions: z.array(z.strictObject({ code: z.string(), name: z.string(), role })),
  organisations: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  timeline: z.nullable(timelineSchema),
};

/** A story as the public sees it: its approved articles, their merged content and the practice's timeline. */
export const publicStorySchema = z.strictObject({ ...storyShape, articles: z.array(storyArticleSchema) });

const linkNoteSchema = z.strictObject({ recordId: z.string(), linkedTo: z.string(), probability: z.number(), reasons: z.array(z.string()), at: z.string() });

/** A story as editors see it: every article with its editorial state, the story's version and why articles joined. */
export const editorStorySchema = z.strictObject({
  ...storyShape,
  articles: z.array(editorPracticeSchema),
  version: int(),
  keptApart: z.array(z.string()),
  mergedInto: z.nullable(z.string()),
  links: z.array(linkNoteSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const editorStoryListSchema = z.strictObject({ items: z.array(editorStorySchema), nextCursor: z.nullable(z.string()) });

export const storyHistoryListSchema = z.strictObject({
  // A practice's history entry with the story's id in its place.
  items: z.array(z.extend(z.omit(historyEntrySchema, { practiceId: true }), { storyId: z.string() })),
  nextCursor: z.nullable(z.string()),
});

const regionCounts = { code: z.string(), name: z.string(), originated: int(), adopted: int(), mentioned: int() };

export const regionListSchema = z.strictObject({
  items: z.array(z.strictObject({ ...regionCounts, latest: z.nullable(z.strictObject({ storyId: z.string(), title: z.string(), publishedAt: z.string() })) })),
});

export const regionSchema = z.strictObject({
  ...regionCounts,
  practices: z.array(
    z.strictObject({
      id: z.string(),
      timelineId: z.nullable(z.string()),
      role,
      title: z.string(),
      latestAt: z.string(),
      stories: z.array(z.string()),
      timeline: timelineSchema,
    }),
  ),
});

/** Query of `GET /regions/{code}/feed.atom`. */
export const regionFeedQuerySchema = z.strictObject({ limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20) });
