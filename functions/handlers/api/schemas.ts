import * as z from 'zod';
import { FAILURE_CODES } from '../../core/errors.js';
import { REEXTRACT_JOB_STATES } from '../../core/learning/reextract-job-state.js';
import { ENTRY_KINDS, HEALTH_STATUSES, LANGUAGES, REGION_ROLES, REVIEW_STATUSES } from '../../core/model.js';
import { CLASSIFIED_FILTERS, DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES, type EditorAction } from '../../core/ports.js';
import { OVERRIDE_FIELD_SCHEMAS } from '../../core/practices/editor-action-rules.js';
import { SEARCH_FIELDS } from '../../core/search/fields.js';
import { filterBound, ID_PATTERN, ISO_DATE_PATTERN, ISO_DATE_TIME_PATTERN, isWellFormedText, MAX_ID_LENGTH, MAX_PAGE_SIZE, MAX_WEBHOOK_SUBSCRIPTIONS, WELL_FORMED_TEXT_RULE } from '../../core/validation.js';

/**
 * Every shape the API reads or writes, as zod schemas: requests are parsed with them and the
 * OpenAPI document is generated from them (`z.toJSONSchema`), so the two cannot drift apart.
 */

const kebabId = z.string().max(MAX_ID_LENGTH).regex(ID_PATTERN, `a kebab-case id of at most ${MAX_ID_LENGTH} characters`);

/** A `from`/`to` bound: an ISO date or a date-time with offset, that exists in the calendar. */
const dateBound = (field: 'from' | 'to') =>
  z
    .string()
    .max(40)
    .regex(
      new RegExp(`${ISO_DATE_PATTERN.source}|${ISO_DATE_TIME_PATTERN.source}`),
      'an ISO date (YYYY-MM-DD) or date-time with offset',
    )
    .refine((value) => filterBound(value, field) !== null, 'not a real date');

/** Practice ids are base64url hashes. */
export const practiceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a practice id');

const filterShape = {
  region: z
    .string()
    .regex(/^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$/, 'an ISO 3166-2:RU code such as RU-MOW')
    .transform((code) => code.toUpperCase())
    .optional(),
  organisation: kebabId.optional(),
  source: kebabId.optional(),
  topic: kebabId.optional(),
  from: dateBound('from').optional(),
  to: dateBound('to').optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine(isWellFormedText, `must be ${WELL_FORMED_TEXT_RULE}`)
    .meta({
      description:
        'Full-text search (Russian and English stems; words of a domain glossary also searched in the other language) over title, lead, body, practice names and entity names; results are ranked by relevance (BM25) instead of date and carry `score` and `snippet`. On the Atom feed: words that must all begin words of the title or a practice name.',
    })
    .optional(),
};

/** `from` must not be after `to` (bare dates are whole UTC days). */
function rangeInOrder(query: { from?: string | undefined; to?: string | undefined }, context: z.core.$RefinementCtx): void {
  const from = query.from === undefined ? null : filterBound(query.from, 'from');
  const to = query.to === undefined ? null : filterBound(query.to, 'to');
  if (from && to && from > to) context.addIssue({ code: 'custom', path: ['from'], message: 'from is after to', input: query.from });
}

/**
 * A page size as query strings carry it: plain decimal digits only (no `0x10`, `1e1`, ` 5`, `+5`),
 * so that the OpenAPI document's `integer` is the whole truth.
 */
const pageLimit = z
  .preprocess((value) => (typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : value), z.number({ error: `a decimal integer from 1 to ${MAX_PAGE_SIZE}` }).int().min(1).max(MAX_PAGE_SIZE))
  .default(20);

const pagingShape = {
  limit: pageLimit,
  // Checked by the cursor codec (signature and binding), which says "invalid cursor".
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,4096}$/, 'a cursor from a previous page')
    .meta({ description: "the previous page's nextCursor, unchanged" })
    .optional(),
};

/** Query of `GET /practices` and `GET /practices.atom`. Unknown parameters are errors, not silently ignored. */
export const practiceListQuerySchema = z.strictObject({ ...filterShape, ...pagingShape }).superRefine(rangeInOrder);

/** Query of `GET /review`: the public filters plus status and the classifier's verdict. */
export const reviewQuerySchema = z
  .strictObject({
    ...filterShape,
    ...pagingShape,
    status: z.enum(REVIEW_STATUSES).default('pending'),
    classified: z.enum(CLASSIFIED_FILTERS).default('positive'),
  })
  .superRefine(rangeInOrder);

/** Query of paged sub-resources (history, deliveries). */
export const pageQuerySchema = z.strictObject(pagingShape);

// ---- Editor actions -------------------------------------------------------------------------

// The field rules are the core's (`OVERRIDE_FIELD_SCHEMAS`): the document states exactly what is enforced.
const overridesInput = z.strictObject(
  Object.fromEntries(Object.entries(OVERRIDE_FIELD_SCHEMAS).map(([field, schema]) => [field, (schema as z.ZodType).nullable().optional()])) as {
    [K in keyof typeof OVERRIDE_FIELD_SCHEMAS]: z.ZodOptional<z.ZodNullable<(typeof OVERRIDE_FIELD_SCHEMAS)[K]>>;
  },
);

/**
 * Body of `PATCH /practices/{id}`. `null` removes a field's override. The core checks the same
 * rules again (`validateEditorAction`), and that one edit holds at most 64 KB of overrides.
 */
export const editorActionBodySchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('approve') }),
  z.strictObject({ action: z.literal('reject'), reason: z.string().trim().min(1).max(2000).refine(isWellFormedText, `must be ${WELL_FORMED_TEXT_RULE}`) }),
  z.strictObject({ action: z.literal('edit'), overrides: overridesInput }),
  z.strictObject({ action: z.literal('set-announcement'), value: z.boolean() }),
]);

/** The core action of a parsed PATCH body. */
export function toEditorAction(body: z.infer<typeof editorActionBodySchema>): EditorAction {
  switch (body.action) {
    case 'approve':
      return { type: 'approve' };
    case 'reject':
      return { type: 'reject', reason: body.reason };
    case 'set-announcement':
      return { type: 'set-announcement', value: body.value };
    case 'edit': {
      const overrides = Object.fromEntries(Object.entries(body.overrides).filter(([, v]) => v !== undefined));
      return { type: 'edit', overrides: overrides as Extract<EditorAction, { type: 'edit' }>['overrides'] };
    }
  }
}

// ---- Webhooks -------------------------------------------------------------------------------

export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);

/** Body of `POST /webhooks`; a secret is generated when none is given. */
export const webhookCreateSchema = z.strictObject({
  url: z.string().min(1).max(2048).meta({ format: 'uri', description: 'http or https, no credentials; a public host on port 80, 443, 8080 or 8443' }),
  events: z.array(webhookEventTypeSchema).min(1).max(WEBHOOK_EVENT_TYPES.length),
  secret: z.string().regex(/^[\x21-\x7e]{16,256}$/, '16 to 256 visible ASCII characters').optional(),
}).meta({ description: `A subscription; at most ${MAX_WEBHOOK_SUBSCRIPTIONS} exist at once (one more is a 400)` });

export const webhookIdSchema = z.string().uuid();

// ---- Responses --------------------------------------------------------------------------------

// Stored machine values are whatever extraction produced; only what editors send is held to the field rules.
const regionSchema = z.strictObject({ code: z.string(), name: z.string(), role: z.enum(REGION_ROLES) });
const organisationSchema = z.strictObject({ id: z.string(), name: z.string() });
const personSchema = z.strictObject({ name: z.string(), role: z.string().nullable() });
const platformSchema = z.strictObject({ id: z.string(), name: z.string() });
const figureSchema = z.strictObject({ value: z.number(), text: z.string() });
const practiceNameSchema = z.strictObject({ name: z.string() });

const practiceSourceViewSchema = z.strictObject({
  sourceId: z.string(),
  url: z.string(),
  title: z.string(),
  publishedAt: z.string().nullable(),
  fetchedAt: z.string(),
  rawKey: z.string().nullable(),
  /** Link to the raw snapshot of this source (`/practices/{id}/raw/{n}`), null when none is stored. */
  rawUrl: z.string().nullable(),
});

const machineSchema = z.strictObject({
  sourceId: z.string(),
  url: z.string(),
  title: z.string(),
  publishedAt: z.string().nullable(),
  language: z.enum(LANGUAGES),
  author: z.string().nullable(),
  lead: z.string().nullable(),
  isPracticeAnnouncement: z.boolean(),
  confidence: z.number(),
  reasons: z.array(z.string()),
  practices: z.array(practiceNameSchema),
  regions: z.array(regionSchema),
  organisations: z.array(organisationSchema),
  people: z.array(personSchema),
  platforms: z.array(platformSchema),
  figures: z.array(figureSchema),
  topics: z.array(z.string()),
  extractorVersion: z.string(),
});

const publicPracticeShape = {
  id: z.string(),
  /** The story this article belongs to (`GET /stories/{id}`). */
  storyId: z.string(),
  // The extracted fields, with editors' overrides merged in; the extractor version is editors' business.
  ...machineSchema.omit({ extractorVersion: true }).shape,
  sources: z.array(practiceSourceViewSchema),
};

/** A practice as the public sees it: machine fields merged with overrides, approved only. */
export const publicPracticeSchema = z.strictObject(publicPracticeShape);

/** A practice as editors see it: the public view plus the editorial state and the machine fields. */
export const editorPracticeSchema = z.strictObject({
    ...publicPracticeShape,
    bodyText: z.string(),
    status: z.enum(REVIEW_STATUSES),
    reviewer: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    rejectReason: z.string().nullable(),
    overrides: z.record(z.string(), z.unknown()),
    machine: machineSchema,
    version: z.number().int(),
    change: z.strictObject({ detectedAt: z.string(), previousTitle: z.string(), previousBodyText: z.string() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  });

const nextCursor = z.string().nullable();

/** Where a search matched, as plain text and offsets (never markup: the text comes from the sources). */
export const snippetSchema = z
  .strictObject({
    field: z.enum(SEARCH_FIELDS),
    text: z.string(),
    marks: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])).meta({ description: 'Matched words: [start, end) offsets in UTF-16 code units into `text`, ascending; wrap each in <mark> as a text node' }),
  })
  .meta({ description: 'A passage of the record with the words that matched the query marked' });

/** What a list item carries when the list answers a search (`q`). */
const searchHitShape = {
  score: z.number().meta({ description: 'BM25 relevance (only with q); higher is better, comparable within one result list' }).optional(),
  snippet: snippetSchema.optional(),
};

export const publicPracticeListSchema = z.strictObject({ items: z.array(publicPracticeSchema.extend(searchHitShape)), nextCursor });
export const editorPracticeListSchema = z.strictObject({ items: z.array(editorPracticeSchema.extend(searchHitShape)), nextCursor });

export const historyEntrySchema = z.strictObject({
  practiceId: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  changes: z.record(z.string(), z.strictObject({ from: z.unknown(), to: z.unknown() })),
  version: z.number().int(),
  reason: z.string().nullable().optional(),
});
export const historyListSchema = z.strictObject({ items: z.array(historyEntrySchema), nextCursor });

const sourceHealthSchema = z.strictObject({
  sourceId: z.string(),
  lastAttemptAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastNewItemAt: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  lastErrorCode: z.enum(FAILURE_CODES).nullable(),
  lastErrorMessage: z.string().nullable(),
  lastItemCount: z.number().int().nullable(),
  lastNewItemCount: z.number().int().nullable(),
  expectedCadenceHours: z.number(),
  backoffUntil: z.string().nullable(),
  status: z.enum(HEALTH_STATUSES),
  workingEntryPoints: z
    .array(z.strictObject({ url: z.string(), label: z.string(), kind: z.enum(ENTRY_KINDS), fallback: z.boolean(), discovered: z.boolean().optional() }))
    .optional()
    .describe('The entry points that gave the last reached run its listings, one per group; `fallback` when an earlier one failed'),
  degradedReasons: z.array(z.string()).optional().describe('Why the status is `degraded` (a fallback entry point, the generic extractor)'),
});

export const sourceListSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      homepage: z.string(),
      jurisdiction: z.string(),
      language: z.enum(LANGUAGES),
      entryPoints: z.array(z.strictObject({ url: z.string(), kind: z.enum(ENTRY_KINDS), label: z.string(), confirmed: z.boolean().optional(), group: z.string().optional() })),
      scheduleMinutes: z.number(),
      health: sourceHealthSchema,
    }),
  ),
  /**
   * How far listings and search are behind stored records: records whose listing rows and
   * postings the projector has yet to write, and the oldest one's age. A stuck projector shows here.
   */
  projection: z
    .strictObject({
      depth: z.number().int(),
      /** True when the depth was cut at the count's budget (the true depth is larger). */
      truncated: z.boolean(),
      oldestSince: z.string().nullable(),
      oldestAgeSeconds: z.number().int().nullable(),
    })
    .optional(),
  /**
   * The latest re-extraction job (stored records rebuilt after a model promotion or rollback): its
   * state and counts so far. Absent before the first job.
   */
  reextraction: z
    .strictObject({
      status: z.enum(REEXTRACT_JOB_STATES),
      modelVersion: z.string(),
      /** The extractor version every record carries once the job is done. */
      extractorVersion: z.string(),
      startedAt: z.string(),
      updatedAt: z.string(),
      finishedAt: z.string().nullable(),
      totals: z.strictObject({
        pages: z.number().int(),
        records: z.number().int(),
        skipped: z.number().int(),
        examined: z.number().int(),
        updated: z.number().int(),
        unchanged: z.number().int(),
        failed: z.number().int(),
      }),
      /** The review listing a running job walks (in the order of `REEXTRACT_STATUS_ORDER`: approved, rejected, pending); null once done. */
      phase: z.enum(REVIEW_STATUSES).nullable(),
      /** True once the job walks the pending listing a second time (after its settling wait). */
      secondWalk: z.boolean(),
      /** Times the job went on in a fresh Step Functions execution (one holds about 1,000 steps). */
      handovers: z.number().int(),
      /** While the job waits before its next step (the delayed second walk of the pending queue): until when. */
      waitingUntil: z.string().nullable(),
      /** The latest record that could not be rebuilt (it keeps its old extraction): its id, URL and failure code. */
      lastFailure: z.strictObject({ id: z.string(), url: z.string(), code: z.enum(FAILURE_CODES) }).nullable(),
      /** A failed job: the step that failed its last attempt, the error's name as the driver reports it, and when. */
      failure: z.strictObject({ step: z.number().int(), error: z.string(), at: z.string() }).nullable(),
    })
    .optional(),
});

/** Query of `GET /sources/activity`: how many days back, today included. */
export const sourceActivityQuerySchema = z.strictObject({
  days: z
    .preprocess((value) => (typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : value), z.number({ error: 'a decimal integer from 1 to 60' }).int().min(1).max(60))
    .default(30),
});

/** `GET /sources/activity`: public items per Moscow day per source (the sources page's chart). */
export const sourceActivitySchema = z.strictObject({
  days: z.array(z.string()),
  items: z.array(z.strictObject({ sourceId: z.string(), counts: z.array(z.number().int()), total: z.number().int(), truncated: z.boolean() })),
});

export const webhookSchema = z.strictObject({
  id: z.string(),
  url: z.string(),
  events: z.array(webhookEventTypeSchema),
  createdAt: z.string(),
  createdBy: z.string(),
});
/** The creation answer is the only place the secret is ever shown. */
export const webhookCreatedSchema = webhookSchema.extend({ secret: z.string() });
export const webhookListSchema = z.strictObject({ items: z.array(webhookSchema) });
export const webhookDeliveryListSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.string(),
      subscriptionId: z.string(),
      eventType: webhookEventTypeSchema,
      status: z.enum(DELIVERY_STATUSES),
      attempts: z.number().int(),
      lastStatusCode: z.number().int().nullable(),
      lastError: z.string().nullable(),
      startedAt: z.string(),
      finishedAt: z.string(),
    }),
  ),
  nextCursor,
});

/** RFC 9457 problem details with our extension members. */
export const problemSchema = z.looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    currentVersion: z.number().int().optional(),
    errors: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  });
