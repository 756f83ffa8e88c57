/**
 * `npm run bench`: every performance figure of the project, each beside a baseline measured in
 * the same run, printed as one table and written to `bench-results.json` (git-ignored; `npm run
 * cost` reads it). Exits non-zero when a bar fails. `npm run bench -- ingest api` runs some suites.
 *
 * Suites: ingest (replay run into DynamoDB Local + s3rver, then an unchanged run), api (read
 * latency against a bare node:http server), bundles (size, cold import), extraction (a 200 KB page
 * against htmlparser2 alone), article (the generic extractor on the article-extraction corpus), limits (hostile documents
 * through the fetcher and the parse worker, beside a plain page), search (query latency in memory and on
 * DynamoDB Local beside the former title-word `q`, and the cost of postings on a record write).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { benchApi } from './bench/api-bench.js';
import { benchArticle } from './bench/article-rows.js';
import { benchBundles } from './bench/bundle-bench.js';
import { benchExtraction } from './bench/extraction-bench.js';
import { benchIngest } from './bench/ingest-bench.js';
import { benchLimits } from './bench/limits-bench.js';
import { benchSearch } from './bench/search-bench.js';
import { formatTable, writeResults, type BenchRow } from './bench/report.js';

const root = path.resolve(import.meta.dirname, '..');
export const RESULTS_FILE = path.join(root, 'bench-results.json');

/** The extraction suite speaks the older `{ name, pass, …figures }` shape: one row per result. */
async function extractionRows(): Promise<BenchRow[]> {
  const results = await benchExtraction();
  return results.map(({ name, pass, ...figures }) => {
    const f = figures as Record<string, unknown>;
    return {
      suite: 'extraction',
      name,
      value: typeof f['parseExtractMedianMs'] === 'number' ? (f['parseExtractMedianMs'] as number) : null,
      unit: 'ms',
      baseline:
        typeof f['parseMedianMs'] === 'number'
          ? `htmlparser2 parse alone ${f['parseMedianMs'] as number} ms (ratio ${String(f['ratio'])}; CPU-time medians ratio ${String(f['medianCpuRatio'])}, fastest runs ${String(f['fastestCpuRatio'])})`
          : JSON.stringify(f),
      bar: 'ratio ≤ 3',
      pass,
      figures: f,
    };
  });
}

const extra: Record<string, unknown> = {};
const suites: Record<string, () => Promise<BenchRow[]>> = {
  ingest: async () => {
    const { rows, figures } = await benchIngest();
    extra['ingest'] = { model: figures.model, articles: figures.articles, sources: figures.sources, dynamoEngine: figures.dynamoEngine };
    return rows;
  },
  api: () => benchApi(),
  bundles: () => benchBundles(),
  extraction: extractionRows,
  article: benchArticle,
  limits: benchLimits,
  search: () => benchSearch(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(w in suites));
if (unknown.length > 0) {
  process.stderr.write(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}\n`);
  process.exit(2);
}

const rows: BenchRow[] = [];
const durations: Record<string, number> = {};
for (const [name, run] of Object.entries(suites)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stderr.write(`\n== ${name} ==\n`);
  const started = performance.now();
  try {
    rows.push(...(await run()));
  } catch (error) {
    // A suite that cannot run is a failed row, not a crashed bench: the others still report.
    rows.push({ suite: name, name: `${name} suite`, value: null, unit: '', baseline: `crashed: ${error instanceof Error ? error.message : String(error)}`, bar: 'runs', pass: false });
  }
  durations[name] = Math.round((performance.now() - started) / 1000);
}

process.stdout.write(`\n${formatTable(rows)}\n`);
// A partial run (`npm run bench -- api`) replaces its suites' rows and keeps the others'.
const previous = wanted.length > 0 && existsSync(RESULTS_FILE) ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as { rows?: BenchRow[]; suiteSeconds?: Record<string, number> } & Record<string, unknown>) : null;
const kept = (previous?.rows ?? []).filter((row) => !(row.suite in durations) && !wanted.includes(row.suite));
const { rows: _rows, generatedAt: _at, machine: _machine, pass: _pass, suitesRun: _run, suiteSeconds: previousSeconds, ...previousExtra } = previous ?? {};
writeResults(RESULTS_FILE, [...kept, ...rows], { ...previousExtra, suitesRun: Object.keys(durations), suiteSeconds: { ...(previousSeconds as Record<string, number> | undefined), ...durations }, ...extra });
process.stdout.write(`\nwritten: ${path.relative(process.cwd(), RESULTS_FILE)}\n`);
process.exit(rows.every((row) => row.pass !== false) ? 0 : 1);
