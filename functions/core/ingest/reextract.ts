import { recordFingerprints } from '../dedupe/simhash.js';
import { toPipelineError, type FailureCode } from '../errors.js';
import { extractPractice } from '../extraction/extract-practice.js';
import { REVIEW_STATUSES, type Article, type ReviewStatus } from '../model.js';
import type {
  DocumentParser,
  PracticeExtractor,
  PracticeItem,
  PracticeQueryRepository,
  PracticeRepository,
  RawPage,
  RawPageStore,
} from '../ports.js';
import { extractionInputOf, type SourceProfile } from '../source-definition.js';
import type { ReextractCursor } from '../learning/reextract-job-state.js';

export interface ReextractDependencies {
  practices: PracticeRepository & PracticeQueryRepository;
  rawPages: RawPageStore;
  parser: DocumentParser;
  /** Bytes → text with the same decoding the fetcher applies (BOM, header, prolog/meta, default). */
  decode: (page: RawPage, source: SourceProfile) => string;
  now: () => Date;
  /** The extractor (the ingest one: with the promoted classifier model); `extractPractice` with the shipped model when absent. */
  extract?: PracticeExtractor;
}

export interface ReextractReport {
  examined: number;
  updated: number;
  unchanged: number;
  failures: Array<{ id: string; url: string; code: FailureCode; message: string }>;
}

// The cursor's type lives with the job's state, which readers of the state import without this module.
export type { ReextractCursor } from '../learning/reextract-job-state.js';

/**
 * The statuses in the order a walk visits them: decided records first, the pending queue last,
 * because new records are created pending at its end while a walk runs.
 */
export const REEXTRACT_STATUS_ORDER: readonly ReviewStatus[] = ['approved', 'rejected', 'pending'];

/** Where a walk over every record starts. */
export const FIRST_REEXTRACT_CURSOR: ReextractCursor = { status: REEXTRACT_STATUS_ORDER[0]!, after: null };

/** One page of a walk: what it did and where the next page starts (null when the walk is complete). */
export interface ReextractPage {
  report: ReextractReport & { skipped: number };
  /** Records read from the listing (skipped ones included). */
  records: number;
  next: ReextractCursor | null;
  /** True when `shouldStop` cut the page short; `next` is then the page's own start (done records are skipped next time). */
  interrupted: boolean;
}

export interface ReextractPageOptions {
  /** Records per page (the listing's page size). */
  limit: number;
  /** Records already carrying this extractor version are skipped without reading their snapshot. */
  targetVersion?: string;
  /** The profile of a source id; a reference to an unknown source is a failure of that record. */
  sourceOf: (sourceId: string) => SourceProfile | undefined;
  /**
   * Asked before each record once one record has been rebuilt: true ends the page early (a time
   * budget). At least one record not yet at the target version is rebuilt per page, so that a walk
   * moves however short the budget.
   */
  shouldStop?: () => boolean;
}

/**
 * Re-extracts one page of a walk over every stored record, whatever its source: the unit of work
 * of the re-extraction job (a bounded page per invocation, the cursor carried to the next). Like
 * {@link reextract}, records go through the normal observation path, so editors' overrides and
 * decisions stay; a record already at `targetVersion` is left alone, which makes a page safe to
 * run twice (a redelivered message, a resumed job).
 */
export async function reextractPage(cursor: ReextractCursor, deps: ReextractDependencies, options: ReextractPageOptions): Promise<ReextractPage> {
  const report: ReextractPage['report'] = { examined: 0, updated: 0, unchanged: 0, skipped: 0, failures: [] };
  const statusIndex = REEXTRACT_STATUS_ORDER.indexOf(cursor.status);
  if (statusIndex < 0) throw toPipelineError(new Error(`not a review status: ${String(cursor.status)}`));
  const page = await deps.practices.listReview({ status: cursor.status, classified: 'all' }, { limit: options.limit, after: cursor.after });
  let records = 0;
  let rebuilt = 0;
  for (const item of page.items) {
    if (options.targetVersion !== undefined && item.extraction.extractorVersion === options.targetVersion) {
      records += 1;
      report.skipped += 1;
      continue;
    }
    if (rebuilt > 0 && options.shouldStop?.()) return { report, records, next: cursor, interrupted: true };
    records += 1;
    rebuilt += 1;
    const sourceIds = [...new Set(item.sources.filter((reference) => reference.rawKey).map((reference) => reference.sourceId))];
    for (const sourceId of sourceIds) {
      const source = options.sourceOf(sourceId);
      if (source) await reextractItem(item, source, deps, report);
      else {
        const reference = item.sources.find((r) => r.sourceId === sourceId)!;
        report.examined += 1;
        const failure = toPipelineError(new Error(`source ${sourceId} is not registered`), { sourceId, url: reference.url });
        report.failures.push({ id: item.id, url: reference.url, code: failure.code, message: failure.message });
      }
    }
  }
  if (page.next) return { report, records, next: { status: cursor.status, after: page.next }, interrupted: false };
  const following = REEXTRACT_STATUS_ORDER[statusIndex + 1];
  return { report, records, next: following ? { status: following, after: null } : null, interrupted: false };
}

/**
 * Rebuilds the machine fields of stored records from their raw snapshots, without fetching.
 * Goes through the repository's normal observation path, so editors' overrides and decisions
 * stay intact; records whose text is unchanged but whose extractor version differs are updated.
 */
export async function reextract(
  sources: readonly SourceProfile[],
  deps: ReextractDependencies,
  options: { since?: string; onProgress?: (line: string) => void } = {},
): Promise<ReextractReport> {
  const report: ReextractReport = { examined: 0, updated: 0, unchanged: 0, failures: [] };
  for (const source of sources) {
    for (const status of REVIEW_STATUSES) {
      let after: string | null = null;
      do {
        const page = await deps.practices.listReview(
          { source: source.id, status, classified: 'all', ...(options.since ? { from: options.since } : {}) },
          { limit: 100, after },
        );
        for (const item of page.items) await reextractItem(item, source, deps, report);
        after = page.next;
      } while (after);
    }
    options.onProgress?.(`${source.id}: ${report.examined} examined so far`);
  }
  return report;
}

async function reextractItem(item: PracticeItem, source: SourceProfile, deps: ReextractDependencies, report: ReextractReport) {
  for (const reference of item.sources) {
    if (reference.sourceId !== source.id || !reference.rawKey) continue;
    report.examined += 1;
    try {
      const raw = await deps.rawPages.get(reference.rawKey);
      if (!raw) throw toPipelineError(new Error(`raw snapshot ${reference.rawKey} is missing`));
      const article = await articleFromSnapshot(raw, reference.url, source, deps);
      const input = extractionInputOf(article, source, reference.publishedAt);
      const record = deps.extract ? await deps.extract(input) : extractPractice(input);
      const outcome = await deps.practices.recordObservation({
        extraction: record,
        source: { ...reference, title: record.title, publishedAt: record.publishedAt },
        ...recordFingerprints(record),
        observedAt: deps.now().toISOString(),
      });
      if (outcome.kind === 'unchanged') report.unchanged += 1;
      else report.updated += 1;
    } catch (error) {
      const failure = toPipelineError(error, { sourceId: source.id, url: reference.url });
      report.failures.push({ id: item.id, url: reference.url, code: failure.code, message: failure.message });
    }
  }
}

/** A snapshot is either the article page itself or a full-text listing that contains it. */
async function articleFromSnapshot(raw: RawPage, articleUrl: string, source: SourceProfile, deps: ReextractDependencies): Promise<Article> {
  const text = deps.decode(raw, source);
  const entryPoint = source.entryPoints.find((e) => e.url === raw.meta.url);
  if (!entryPoint) return deps.parser.parseArticle({ kind: 'article', sourceId: source.id, url: raw.meta.url, text });
  const entries = await deps.parser.parseListing({ kind: 'listing', sourceId: source.id, entryPoint, text });
  const entry = entries.find((e) => e.url === articleUrl && e.article);
  if (!entry?.article) throw toPipelineError(new Error(`${articleUrl} is no longer in its listing snapshot`));
  return entry.article;
}
