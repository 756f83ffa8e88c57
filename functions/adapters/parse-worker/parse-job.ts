import {
  CriticalError,
  NonRetryableError,
  PipelineError,
  serializeError,
  type ErrorContext,
  type SerializedError,
} from '../../core/errors.js';
import type { Article, ListingEntry } from '../../core/model.js';
import type { DiscoveredFeed, ParseJob } from '../../core/ports.js';
import type { SourceDefinition } from '../../core/source-definition.js';

/**
 * Most entries a listing may hand to ingestion: real listings carry tens to a few hundred; a
 * hostile one with tens of thousands would cost a storage lookup each. The rest are dropped and
 * the drop is recorded (a `too_large` item failure on the listing's URL), never silent.
 */
export const MAX_LISTING_ENTRIES = 1000;

/** What the parse runners need of a source registry module (`functions/sources/registry.ts`). */
export interface SourceRegistryModule {
  getSource(id: string): SourceDefinition;
  /** The feeds an HTML page announces (`feeds` jobs); a registry without it finds none. */
  discoverFeeds?(html: string, pageUrl: string): DiscoveredFeed[];
}

/** The reply of a parse run: plain JSON either way. */
export type ParseReply = { ok: true; result: ListingEntry[] | Article | DiscoveredFeed[] } | { ok: false; failure: SerializedError };

/**
 * Turns whatever a parser threw into a closed-set failure. An error of the family keeps its class
 * and code. Any other exception becomes `illformed`: parsers are pure functions of the document,
 * so a throw means this document defeated the parser (rss-parser's `TypeError` on an empty feed, a
 * stack overflow on 20,000 nested elements); the original name and message stay in the
 * context for triage. Failures of the machinery itself are reported as `internal` by callers.
 */
export function serializeFailure(error: unknown, context: ErrorContext): SerializedError {
  if (error instanceof PipelineError) return serializeError(error.withContext(context));
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return serializeError(new NonRetryableError('illformed', `parser threw ${name}: ${message}`, { ...context, thrown: name }));
}

/** A JSON round trip: what crosses the boundary is data only (no prototypes, functions or dates). */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Where a job's document came from, as error context. */
export const jobContext = (job: ParseJob): ErrorContext => ({ sourceId: job.sourceId, url: job.kind === 'listing' ? job.entryPoint.url : job.url });

/** Runs a `feeds` job: discovery is a hint, so any failure is an empty answer, never an error. */
function runFeedsJob(registry: SourceRegistryModule, job: Extract<ParseJob, { kind: 'feeds' }>): ParseReply {
  try {
    return { ok: true, result: plain(registry.discoverFeeds?.(job.text, job.url) ?? []) };
  } catch {
    return { ok: true, result: [] };
  }
}

/** The failure of a parse that overran its time budget. */
export const parseTimeoutError = (job: ParseJob, budgetMs: number): NonRetryableError =>
  new NonRetryableError('parse_timeout', `parse exceeded its budget of ${budgetMs} ms`, { ...jobContext(job), budgetMs });

const machineFailure = (message: string, context: ErrorContext): ParseReply => ({ ok: false, failure: serializeError(new CriticalError(message, context)) });

/**
 * Runs one job with the registry's parser and returns a plain-JSON reply. Never throws: every
 * failure is a reply with a closed-set code.
 */
export async function runParseJob(registry: SourceRegistryModule, job: ParseJob): Promise<ParseReply> {
  if (job.kind === 'feeds') return runFeedsJob(registry, job);
  const context = jobContext(job);
  let source: SourceDefinition;
  try {
    source = registry.getSource(job.sourceId);
  } catch (error) {
    return machineFailure(error instanceof Error ? error.message : String(error), context);
  }
  let result: ListingEntry[] | Article;
  try {
    result = job.kind === 'listing' ? await source.parseListing(job.text, job.entryPoint) : await source.parseArticle(job.text, job.url);
  } catch (error) {
    return { ok: false, failure: serializeFailure(error, context) };
  }
  const shapeOk = job.kind === 'listing' ? Array.isArray(result) : result !== null && typeof result === 'object' && !Array.isArray(result);
  if (shapeOk && job.kind === 'listing' && (result as ListingEntry[]).length > MAX_LISTING_ENTRIES) {
    const entries = result as ListingEntry[];
    result = [
      ...entries.slice(0, MAX_LISTING_ENTRIES),
      {
        url: job.entryPoint.url,
        title: null,
        publishedAt: null,
        lead: null,
        failure: { code: 'too_large', message: `the listing has ${entries.length} entries; the first ${MAX_LISTING_ENTRIES} are read` },
      },
    ];
  }
  if (!shapeOk) {
    return machineFailure(`parser returned ${Array.isArray(result) ? 'an array' : typeof result} for a ${job.kind}`, context);
  }
  try {
    return { ok: true, result: plain(result) };
  } catch (error) {
    return machineFailure(`parser result is not JSON: ${error instanceof Error ? error.message : String(error)}`, context);
  }
}
