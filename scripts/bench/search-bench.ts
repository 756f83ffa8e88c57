/**
 * Search benchmark (`npm run bench -- search`, or `npx tsx scripts/bench/search-bench.ts` alone).
 *
 * Corpus: the 127 labelled texts through the real extractor (scripts/eval-search.ts) plus
 * synthetic approved records (scripts/bench/seed-practices.ts), on the in-memory repository and on
 * DynamoDB Local with the search index. Load: the evaluation's query set, round after round, each
 * search timed beside the baseline measured in the same run on the same repository: the listing's
 * former `q` (word starts of titles and practice names, at most 1000 index rows read), the two
 * alternating query by query so that the machine's load falls on both. Also the cost search adds
 * to writing a record: the labelled texts recorded into DynamoDB Local with and without the index.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDynamoClient } from '../../functions/adapters/aws-clients.js';
import { DynamoPracticeRepository } from '../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { DynamoSearchIndex } from '../../functions/adapters/dynamo/dynamo-search-index.js';
import { ensureTable } from '../../functions/adapters/dynamo/ensure-table.js';
import { MemoryPracticeRepository } from '../../functions/adapters/memory/memory-practice-repository.js';
import { MemorySearchIndex } from '../../functions/adapters/memory/memory-search-index.js';
import { glossaryFromFile } from '../../functions/adapters/search/glossary-file.js';
import { loadConfig } from '../../functions/config.js';
import { contentHash, simhash64 } from '../../functions/core/dedupe/simhash.js';
import { extractPractice } from '../../functions/core/extraction/extract-practice.js';
import type { ArticleObservation, PracticeQueryRepository } from '../../functions/core/ports.js';
import { searchPractices } from '../../functions/core/search/search-practices.js';
import type { PracticeBatchReader, SearchIndex } from '../../functions/core/search/search-ports.js';
import { startLocalStack } from '../../functions/local/local-stack.js';
import { readQueries, SEARCH_SETS } from '../eval-search.js';
import { readLabelledSet } from '../training/labelled-sets.js';
import type { BenchRow } from './report.js';
import { seedPractices } from './seed-practices.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Bars: ratios to the baseline of the same run, as the other suites' (a loaded machine moves both). */
export const SEARCH_BARS = { p50Ratio: 5, p99Ratio: 5, writeOverheadRatio: 3 } as const;

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** The labelled texts as observations (what ingestion would record for them). */
function labelledObservations(): ArticleObservation[] {
  const out: ArticleObservation[] = [];
  for (const set of SEARCH_SETS) {
    for (const text of readLabelledSet(path.join(root, set)).texts) {
      const extraction = extractPractice(text.input);
      const at = '2026-12-01T00:00:00.000Z';
      out.push({
        extraction,
        source: { sourceId: extraction.sourceId, url: extraction.url, title: extraction.title, publishedAt: extraction.publishedAt, rawKey: null, fetchedAt: at },
        simhash: simhash64(extraction.bodyText),
        contentHash: contentHash(extraction.bodyText),
        observedAt: at,
      });
    }
  }
  return out;
}

interface Latencies {
  search: number[];
  baseline: number[];
}

/** Runs the query set `rounds` times (one warm-up round first), search and baseline alternating. */
async function measure(repo: PracticeQueryRepository & PracticeBatchReader, index: SearchIndex, rounds: number): Promise<Latencies> {
  const queries = readQueries();
  // As the APIs search: with the cross-language glossary (its one read falls in the warm-up round).
  const glossary = glossaryFromFile();
  const out: Latencies = { search: [], baseline: [] };
  for (let round = 0; round <= rounds; round += 1) {
    for (const [i, query] of queries.entries()) {
      const runSearch = async () => {
        const started = performance.now();
        await searchPractices({ index, records: repo, glossary }, { q: query.q, accept: () => true, limit: 20 });
        return performance.now() - started;
      };
      const runBaseline = async () => {
        const started = performance.now();
        await repo.listReview({ status: 'pending', classified: 'all', q: query.q }, { limit: 20 });
        return performance.now() - started;
      };
      // Alternate which goes first, so that neither always meets a warm cache left by the other.
      const [a, b] = i % 2 ? [await runSearch(), await runBaseline()] : [await runBaseline(), await runSearch()].reverse();
      if (round === 0) continue;
      out.search.push(a!);
      out.baseline.push(b!);
    }
  }
  out.search.sort((x, y) => x - y);
  out.baseline.sort((x, y) => x - y);
  return out;
}

function latencyRows(backend: string, records: number, l: Latencies): BenchRow[] {
  const figures = {
    records,
    queries: l.search.length,
    searchP50Ms: round1(percentile(l.search, 50)),
    searchP99Ms: round1(percentile(l.search, 99)),
    baselineP50Ms: round1(percentile(l.baseline, 50)),
    baselineP99Ms: round1(percentile(l.baseline, 99)),
  };
  // In memory the former listing answers in well under a millisecond: a baseline under 1 ms counts as 1 ms.
  const ratio50 = figures.searchP50Ms / Math.max(figures.baselineP50Ms, 1);
  const ratio99 = figures.searchP99Ms / Math.max(figures.baselineP99Ms, 1);
  return [
    {
      suite: 'search',
      name: `search latency p50, ${backend} (${records} records)`,
      value: figures.searchP50Ms,
      unit: 'ms',
      baseline: `former q listing p50 ${figures.baselineP50Ms} ms (ratio ${ratio50.toFixed(2)})`,
      bar: `ratio ≤ ${SEARCH_BARS.p50Ratio}`,
      pass: ratio50 <= SEARCH_BARS.p50Ratio,
      figures,
    },
    {
      suite: 'search',
      name: `search latency p99, ${backend} (${records} records)`,
      value: figures.searchP99Ms,
      unit: 'ms',
      baseline: `former q listing p99 ${figures.baselineP99Ms} ms (ratio ${ratio99.toFixed(2)})`,
      bar: `ratio ≤ ${SEARCH_BARS.p99Ratio}`,
      pass: ratio99 <= SEARCH_BARS.p99Ratio,
      figures,
    },
  ];
}

export async function benchSearch(options: { memoryRecords?: number; dynamoRecords?: number; rounds?: number; log?: (line: string) => void } = {}): Promise<BenchRow[]> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const rounds = options.rounds ?? 5;
  const observations = labelledObservations();
  const rows: BenchRow[] = [];

  {
    const synthetic = options.memoryRecords ?? 5000;
    const index = new MemorySearchIndex();
    const repo = new MemoryPracticeRepository({ search: index });
    for (const o of observations) await repo.recordObservation(o);
    await seedPractices(repo, synthetic);
    const latencies = await measure(repo, index, rounds);
    rows.push(...latencyRows('memory', observations.length + synthetic, latencies));
    log(`search: memory ${JSON.stringify(rows.at(-1)!.figures)}`);
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'pw-search-bench-'));
  const stack = await startLocalStack({ s3Dir: path.join(dir, 's3'), log });
  try {
    const config = loadConfig({ DYNAMODB_ENDPOINT: stack.dynamoEndpoint, S3_ENDPOINT: stack.s3Endpoint, TABLE_NAME: 'search-bench', RAW_BUCKET: 'search-bench-raw', LOG_LEVEL: 'SILENT' });
    const client = createDynamoClient(config);
    await ensureTable(client, 'search-bench');
    await ensureTable(client, 'search-bench-plain');
    const index = new DynamoSearchIndex(client, 'search-bench');
    const repo = new DynamoPracticeRepository(client, 'search-bench', { search: index });
    const plain = new DynamoPracticeRepository(client, 'search-bench-plain');
    // Writing the labelled texts, alternately without and with the index (same records, two tables).
    const withIndex: number[] = [];
    const without: number[] = [];
    for (const o of observations) {
      let started = performance.now();
      await plain.recordObservation(o);
      without.push(performance.now() - started);
      started = performance.now();
      await repo.recordObservation(o);
      withIndex.push(performance.now() - started);
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const perRecord = round1(sum(withIndex) / withIndex.length);
    const plainPerRecord = round1(sum(without) / without.length);
    const ratio = perRecord / Math.max(plainPerRecord, 0.1);
    rows.push({
      suite: 'search',
      name: `recording a new record with its postings, ${stack.dynamoEngine} (${observations.length} labelled texts)`,
      value: perRecord,
      unit: 'ms/record',
      baseline: `the same records without the index ${plainPerRecord} ms/record (ratio ${ratio.toFixed(2)})`,
      bar: `ratio ≤ ${SEARCH_BARS.writeOverheadRatio}`,
      pass: ratio <= SEARCH_BARS.writeOverheadRatio,
      figures: { perRecordMs: perRecord, plainPerRecordMs: plainPerRecord, records: observations.length },
    });
    log(`search: writes ${JSON.stringify(rows.at(-1)!.figures)}`);
    const synthetic = options.dynamoRecords ?? 1000;
    await seedPractices(repo, synthetic);
    const latencies = await measure(repo, index, rounds);
    rows.push(...latencyRows(stack.dynamoEngine, observations.length + synthetic, latencies));
    log(`search: dynamo ${JSON.stringify(rows.at(-1)!.figures)}`);
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatTable } = await import('./report.js');
  const rows = await benchSearch();
  process.stdout.write(`\n${formatTable(rows)}\n`);
  if (rows.some((row) => row.pass === false)) process.exitCode = 1;
}
