import * as z from 'zod/mini';
import { FAILURE_CODES } from '../../core/errors.js';
import { REEXTRACT_JOB_STATES } from '../../core/learning/reextract-job-state.js';
import { ENTRY_KINDS, HEALTH_STATUSES, LANGUAGES, REGION_ROLES, REVIEW_STATUSES } from '../../core/model.js';
import { CLASSIFIED_FILTERS, DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES, type EditorAction } from '../../core/ports.js';
import { OVERRIDE_FIELD_SCHEMAS } from '../../core/practices/editor-action-rules.js';
import { SEARCH_FIELDS } from '../../core/search/fields.js';
import { filterBound, ID_PATTERN, ISO_DATE_PATTERN, ISO_DATE_TIME_PATTERN, isWellFormedText, MAX_ID_LENGTH, MAX_PAGE_SIZE, MAX_WEBHOOK_SUBSCRIPTIONS, WELL_FORMED_TEXT_RULE } from '../../core/validation.js';
import { int, preprocess } from '../../core/zod-setup.js';

/**
 * Every shape the API reads or writes, as zod schemas: requests are parsed with them and the
 * OpenAPI document is generated from them (`z.toJSONSchema`), so the two cannot drift apart.
 * Written with zod/mini (see `core/zod-setup.ts`): the checks of each schema in one `.check(...)`.
 */

const kebabId = z.string().check(z.maxLength(MAX_ID_LENGTH), z.regex(ID_PATTERN, `a kebab-case id of at most ${MAX_ID_LENGTH} characters`));

/** A `from`/`to` bound: an ISO date or a date-time with offset, that exists in the calendar. */
const dateBound = (field: 'from' | 'to') =>
  z.string().check(
    z.maxLength(40),
    z.regex(new RegExp(`${ISO_DATE_PATTERN.source}|${ISO_DATE_TIME_PATTERN.source}`), 'an ISO date (YYYY-MM-DD) or date-time with offset'),
    z.refine((value) => filterBound(value, field) !== null, 'not a real date'),
  );

/** Practice ids are base64url hashes. */
export const practiceIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'a practice id'));

const filterShape = {
  region: z.optional(z.pipe(z.string().check(z.regex(/^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$/, 'an ISO 3166-2:RU code such as RU-MOW')), z.transform((code: string) => code.toUpperCase()))),
  organisation: z.optional(kebabId),
  source: z.optional(kebabId),
  topic: z.optional(kebabId),
  from: z.optional(dateBound('from')),
  to: z.optional(dateBound('to')),
  q: z.optional(
    z.string().check(
      z.trim(),
      z.minLength(1),
      z.maxLength(200),
      z.refine(isWellFormedText, `must be ${WELL_FORMED_TEXT_RULE}`),
      z.meta({
        description:
          'Full-text search (Russian and English stems; words of a domain glossary also searched in the other language) over title, lead, body, practice names and entity names; results are ranked by relevance (BM25) instead of date and carry `score` and `snippet`. On the Atom feed: words that must all begin words of the title or a practice name.',
      }),
    ),
  ),
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
const pageLimit = z._default(
  preprocess((value) => (typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : value), z.number({ error: `a decimal integer from 1 to ${MAX_PAGE_SIZE}` }).check(z.int(), z.minimum(1), z.maximum(MAX_PAGE_SIZE))),
  20,
);

const pagingShape = {
  limit: pageLimit,
  // Checked by the cursor codec (signature and binding), which says "invalid cursor".
  cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,4096}$/, 'a cursor from a previous page'), z.meta({ description: "the previous page's nextCursor, unchanged" }))),
};

/** Query of `GET /practices` and `GET /practices.atom`. Unknown parameters are errors, not silently ignored. */
export const practiceListQuerySchema = z.strictObject({ ...filterShape, ...pagingShape }).check(z.superRefine(rangeInOrder));

/** Query of `GET /review`: the public filters plus status and the classifier's verdict. */
export const reviewQuerySchema = z
  .strictObject({
    ...filterShape,
    ...pagingShape,
    status: z._default(z.enum(REVIEW_STATUSES), 'pending'),
    classified: z._default(z.enum(CLASSIFIED_FILTERS), 'positive'),
  })
  .check(z.superRefine(rangeInOrder));

/** Query of paged sub-resources (history, deliveries). */
export const pageQuerySchema = z.strictObject(pagingShape);

// ---- Editor actions -------------------------------------------------------------------------

// The field rules are the core's (`OVERRIDE_FIELD_SCHEMAS`): the document states exactly what is enforced.
const overridesInput = z.strictObject(
  Object.fromEntries(Object.entries(OVERRIDE_FIELD_SCHEMAS).map(([field, schema]) => [field, z.optional(z.nullable(schema as z.ZodMiniType))])) as {
    [K in keyof typeof OVERRIDE_FIELD_SCHEMAS]: z.ZodMiniOptional<z.ZodMiniNullable<(typeof OVERRIDE_FIELD_SCHEMAS)[K]>>;
  },
);

/**
 * Body of `PATCH /practices/{id}`. `null` removes a field's override. The core checks the same
 * rules again (`validateEditorAction`), and that one edit holds at most 64 KB of overrides.
 */
export const editorActionBodySchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('approve') }),
  z.strictObject({ action: z.literal('reject'), reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000), z.refine(isWellFormedText, `must be ${WELL_FORMED_TEXT_RULE}`)) }),
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
export const webhookCreateSchema = z
  .strictObject({
    url: z.string().check(z.minLength(1), z.maxLength(2048), z.meta({ format: 'uri', description: 'http or https, no credentials; a public host on port 80, 443, 8080 or 8443' })),
    events: z.array(webhookEventTypeSchema).check(z.minLength(1), z.maxLength(WEBHOOK_EVENT_TYPES.length)),
    secret: z.optional(z.string().check(z.regex(/^[\x21-\x7e]{16,256}$/, '16 to 256 visible ASCII characters'))),
  })
  .check(z.meta({ description: `A subscription; at most ${MAX_WEBHOOK_SUBSCRIPTIONS} exist at once (one more is a 400)` }));

export const webhookIdSchema = z.string().check(z.uuid());

// ---- Responses --------------------------------------------------------------------------------

// Stored machine values are whatever extraction produced; only what editors send is held to the field rules.
const regionSchema = z.strictObject({ code: z.string(), name: z.string(), role: z.enum(REGION_ROLES) });
const organisationSchema = z.strictObject({ id: z.string(), name: z.string() });
const personSchema = z.strictObject({ name: z.string(), role: z.nullable(z.string()) });
const platformSchema = z.strictObject({ id: z.string(), name: z.string() });
const figureSchema = z.strictObject({ value: z.number(), text: z.string() });
const practiceNameSchema = z.strictObject({ name: z.string() });

const practiceSourceViewSchema = z.strictObject({
  sourceId: z.string(),
  url: z.string(),
  title: z.string(),
  publishedAt: z.nullable(z.string()),
  fetchedAt: z.string(),
  rawKey: z.nullable(z.string()),
  /** Link to the raw snapshot of this source (`/practices/{id}/raw/{n}`), null when none is stored. */
  rawUrl: z.nullable(z.string()),
});

const machineSchema = z.strictObject({
  sourceId: z.string(),
  url: z.string(),
  title: z.string(),
  publishedAt: z.nullable(z.string()),
  language: z.enum(LANGUAGES),
  author: z.nullable(z.string()),
  lead: z.nullable(z.string()),
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
  ...z.omit(machineSchema, { extractorVersion: true }).shape,
  sources: z.array(practiceSourceViewSchema),
};

/** A practice as the public sees it: machine fields merged with overrides, approved only. */
export const publicPracticeSchema = z.strictObject(publicPracticeShape);

/** A practice as editors see it: the public view plus the editorial state and the machine fields. */
export const editorPracticeSchema = z.strictObject({
    ...publicPracticeShape,
    bodyText: z.string(),
    status: z.enum(REVIEW_STATUSES),
    reviewer: z.nullable(z.string()),
    reviewedAt: z.nullable(z.string()),
    rejectReason: z.nullable(z.string()),
    overrides: z.record(z.string(), z.unknown()),
    machine: machineSchema,
    version: int(),
    change: z.nullable(z.strictObject({ detectedAt: z.string(), previousTitle: z.string(), previousBodyText: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  });

const nextCursor = z.nullable(z.string());

/** Where a search matched, as plain text and offsets (never markup: the text comes from the sources). */
export const snippetSchema = z
  .strictObject({
    field: z.enum(SEARCH_FIELDS),
    text: z.string(),
    marks: z
      .array(z.tuple([z.number().check(z.int(), z.minimum(0)), z.number().check(z.int(), z.minimum(0))]))
      .check(z.meta({ description: 'Matched words: [start, end) offsets in UTF-16 code units into `text`, ascending; wrap each in <mark> as a text node' })),
  })
  .check(z.meta({ description: 'A passage of the record with the words that matched the query marked' }));

/** What a list item carries when the list answers a search (`q`). */
const searchHitShape = {
  score: z.optional(z.number().check(z.meta({ description: 'BM25 relevance (only with q); higher is better, comparable within one result list' }))),
  snippet: z.optional(snippetSchema),
};

export const publicPracticeListSchema = z.strictObject({ items: z.array(z.extend(publicPracticeSchema, searchHitShape)), nextCursor });
export const editorPracticeListSchema = z.strictObject({ items: z.array(z.extend(editorPracticeSchema, searchHitShape)), nextCursor });

export const historyEntrySchema = z.strictObject({
  practiceId: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  changes: z.record(z.string(), z.strictObject({ from: z.unknown(), to: z.unknown() })),
  version: int(),
  reason: z.optional(z.nullable(z.string())),
});
export const historyListSchema = z.strictObject({ items: z.array(historyEntrySchema), nextCursor });

const sourceHealthSchema = z.strictObject({
  sourceId: z.string(),
  lastAttemptAt: z.nullable(z.string()),
  lastSuccessAt: z.nullable(z.string()),
  lastNewItemAt: z.nullable(z.string()),
  consecutiveFailures: int(),
  lastErrorCode: z.nullable(z.enum(FAILURE_CODES)),
  lastErrorMessage: z.nullable(z.string()),
  lastItemCount: z.nullable(int()),
  lastNewItemCount: z.nullable(int()),
  expectedCadenceHours: z.number(),
  backoffUntil: z.nullable(z.string()),
  status: z.enum(HEALTH_STATUSES),
  workingEntryPoints: z
    .optional(z.array(z.strictObject({ url: z.string(), label: z.string(), kind: z.enum(ENTRY_KINDS), fallback: z.boolean(), discovered: z.optional(z.boolean()) })))
    .check(z.describe('The entry points that gave the last reached run its listings, one per group; `fallback` when an earlier one failed')),
  degradedReasons: z.optional(z.array(z.string())).check(z.describe('Why the status is `degraded` (a fallback entry point, the generic extractor)')),
});

export const sourceListSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      homepage: z.string(),
      jurisdiction: z.string(),
      language: z.enum(LANGUAGES),
      entryPoints: z.array(z.strictObject({ url: z.string(), kind: z.enum(ENTRY_KINDS), label: z.string(), confirmed: z.optional(z.boolean()), group: z.optional(z.string()) })),
      scheduleMinutes: z.number(),
      health: sourceHealthSchema,
    }),
  ),
  /**
   * How far listings and search are behind stored records: records whose listing rows and
   * postings the projector has yet to write, and the oldest one's age. A stuck projector shows here.
   */
  projection: z.optional(
    z.strictObject({
      depth: int(),
      /** True when the depth was cut at the count's budget (the true depth is larger). */
      truncated: z.boolean(),
      oldestSince: z.nullable(z.string()),
      oldestAgeSeconds: z.nullable(int()),
    }),
  ),
  /**
   * The latest re-extraction job (stored records rebuilt after a model promotion or rollback): its
   * state and counts so far. Absent before the first job.
   */
  reextraction: z.optional(
    z.strictObject({
      status: z.enum(REEXTRACT_JOB_STATES),
      modelVersion: z.string(),
      /** The extractor version every record carries once the job is done. */
      extractorVersion: z.string(),
      startedAt: z.string(),
      updatedAt: z.string(),
      finishedAt: z.nullable(z.string()),
      totals: z.strictObject({
        pages: int(),
        records: int(),
        skipped: int(),
        examined: int(),
        updated: int(),
        unchanged: int(),
        failed: int(),
      }),
      /** The review listing a running job walks (in the order of `REEXTRACT_STATUS_ORDER`: approved, rejected, pending); null once done. */
      phase: z.nullable(z.enum(REVIEW_STATUSES)),
      /** True once the job walks the pending listing a second time (after its settling wait). */
      secondWalk: z.boolean(),
      /** Times the job went on in a fresh Step Functions execution (one holds about 1,000 steps). */
      handovers: int(),
      /** While the job waits before its next step (the delayed second walk of the pending queue): until when. */
      waitingUntil: z.nullable(z.string()),
      /** The latest record that could not be rebuilt (it keeps its old extraction): its id, URL and failure code. */
      lastFailure: z.nullable(z.strictObject({ id: z.string(), url: z.string(), code: z.enum(FAILURE_CODES) })),
      /** A failed job: the step that failed its last attempt, the error's name as the driver reports it, and when. */
      failure: z.nullable(z.strictObject({ step: int(), error: z.string(), at: z.string() })),
    }),
  ),
});

/** Query of `GET /sources/activity`: how many days back, today included. */
export const sourceActivityQuerySchema = z.strictObject({
  days: z._default(
    preprocess((value) => (typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : value), z.number({ error: 'a decimal integer from 1 to 60' }).check(z.int(), z.minimum(1), z.maximum(60))),
    30,
  ),
});

/** `GET /sources/activity`: public items per Moscow day per source (the sources page's chart). */
export const sourceActivitySchema = z.strictObject({
  days: z.array(z.string()),
  items: z.array(z.strictObject({ sourceId: z.string(), counts: z.array(int()), total: int(), truncated: z.boolean() })),
});

export const webhookSchema = z.strictObject({
  id: z.string(),
  url: z.string(),
  events: z.array(webhookEventTypeSchema),
  createdAt: z.string(),
  createdBy: z.string(),
});
/** The creation answer is the only place the secret is ever shown. */
export const webhookCreatedSchema = z.extend(webhookSchema, { secret: z.string() });
export const webhookListSchema = z.strictObject({ items: z.array(webhookSchema) });
export const webhookDeliveryListSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.string(),
      subscriptionId: z.string(),
      eventType: webhookEventTypeSchema,
      status: z.enum(DELIVERY_STATUSES),
      attempts: int(),
      lastStatusCode: z.nullable(int()),
      lastError: z.nullable(z.string()),
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
    status: int(),
    detail: z.string(),
    instance: z.optional(z.string()),
    currentVersion: z.optional(int()),
    errors: z.optional(z.array(z.strictObject({ path: z.string(), message: z.string() }))),
  });
