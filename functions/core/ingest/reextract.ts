import { contentHash, simhash64 } from '../dedupe/simhash.js';
import { toPipelineError, type FailureCode } from '../errors.js';
import { extractPractice } from '../extraction/extract-practice.js';
import { REVIEW_STATUSES, type Article } from '../model.js';
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
      const text = `${record.title}\n${record.lead ?? ''}\n${record.bodyText}`;
      const outcome = await deps.practices.recordObservation({
        extraction: record,
        source: { ...reference, title: record.title, publishedAt: record.publishedAt },
        simhash: simhash64(text),
        contentHash: contentHash(text),
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
