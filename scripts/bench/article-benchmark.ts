/**
 * The article-body benchmark: the generic extractor against the hand-checked bodies of
 * `../shared/corpora/article-extraction/` (91 real pages of scrapinghub/article-extraction-benchmark),
 * scored with that benchmark's own metric (see {@link scoreTexts} and {@link aggregateScores}).
 *
 * Runnable alone: `npx tsx scripts/bench/article-benchmark.ts [--pages] [--peers] [--cost]`; `npm run
 * bench -- article` reports it (scripts/bench/article-rows.ts), with {@link measureArticleCost};
 * `test/sources/shared/article-benchmark.test.ts` asserts the target.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { parseDocument } from 'htmlparser2';
import { extractGenericArticle } from '../../functions/sources/shared/generic-extractor.js';

/** The development half of the benchmark, beside the repository. */
export const DEFAULT_CORPUS_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpora', 'article-extraction');

/** The F1 the generic extractor must reach on the development half (trafilatura 2.0.0 scores 0.963). */
export const ARTICLE_F1_TARGET = 0.965;

/** Normalised true positives, false positives and false negatives of one page; they sum to 1 (or are all 0). */
export interface ShingleCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** The score of one page. */
export interface PageScore extends ShingleCounts {
  id: string;
  url: string;
  precision: number;
  recall: number;
  f1: number;
  /** Time the extraction of this page took (gunzip and decoding excluded). */
  ms: number;
}

/** The benchmark's result: means over pages, as the benchmark defines them. */
export interface ArticleBenchmarkResult {
  corpusDir: string;
  pages: number;
  precision: number;
  recall: number;
  f1: number;
  /** Mean extraction time per page, in milliseconds. */
  msPerPage: number;
  /** Every page's score, in corpus order (ids sorted). */
  perPage: PageScore[];
}

/** How a page's body is extracted; the default is the project's generic extractor. */
export type BodyExtractor = (html: string, url: string) => string;

/** The generic extractor as the product runs it on a page no source rule matches: its `bodyText`. */
export const genericBody: BodyExtractor = (html, url) => extractGenericArticle(html, { url, dates: { timeZone: 'UTC' } })?.bodyText ?? '';

// Python's `\w` under re.UNICODE: letters, numbers and the underscore.
const TOKEN = /[\p{L}\p{N}_]+/gu;

/** 4-token shingles of a text as a multiset; a text of fewer than 4 tokens is one shingle (none when empty). */
function shingles(text: string, n = 4): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const counts = new Map<string, number>();
  for (let i = 0; i < Math.max(1, tokens.length - n + 1); i++) {
    const shingle = tokens.slice(i, i + n).join(' ');
    if (shingle) counts.set(shingle, (counts.get(shingle) ?? 0) + 1);
  }
  return counts;
}

/**
 * The benchmark's per-page comparison: shingle multisets of the gold and predicted bodies,
 * tp = Σ min, fp = Σ excess predicted, fn = Σ missing gold, normalised by their sum so every
 * page weighs the same.
 */
export function scoreTexts(gold: string, predicted: string): ShingleCounts {
  const goldShingles = shingles(gold);
  const predictedShingles = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...goldShingles.keys(), ...predictedShingles.keys()])) {
    const g = goldShingles.get(key) ?? 0;
    const p = predictedShingles.get(key) ?? 0;
    tp += Math.min(g, p);
    fp += Math.max(0, p - g);
    fn += Math.max(0, g - p);
  }
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp: 0, fp: 0, fn: 0 };
}

/** Precision and recall of one page as the benchmark counts them (1 when nothing is wrong, null when undefined). */
function pagePrecision({ tp, fp, fn }: ShingleCounts): number | null {
  if (fp === 0 && fn === 0) return 1;
  return tp + fp > 0 ? tp / (tp + fp) : null;
}

function pageRecall({ tp, fp, fn }: ShingleCounts): number | null {
  if (fp === 0 && fn === 0) return 1;
  return tp + fn > 0 ? tp / (tp + fn) : null;
}

const mean = (values: number[]): number => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
const harmonic = (p: number, r: number): number => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

/** Precision and recall are means over pages (where defined); F1 is the harmonic mean of those two means. */
export function aggregateScores(pages: readonly ShingleCounts[]): { precision: number; recall: number; f1: number } {
  const precision = mean(pages.map(pagePrecision).filter((v): v is number => v !== null));
  const recall = mean(pages.map(pageRecall).filter((v): v is number => v !== null));
  return { precision, recall, f1: harmonic(precision, recall) };
}

interface Corpus {
  ids: string[];
  gold: Record<string, { articleBody: string; url: string }>;
}

function loadCorpus(dir: string): Corpus | null {
  const truthFile = path.join(dir, 'ground-truth.json');
  if (!existsSync(truthFile) || !existsSync(path.join(dir, 'html'))) return null;
  const gold = JSON.parse(readFileSync(truthFile, 'utf8')) as Corpus['gold'];
  const present = new Set(readdirSync(path.join(dir, 'html')).map((name) => name.replace(/\.html\.gz$/, '')));
  return { ids: Object.keys(gold).filter((id) => present.has(id)).sort(), gold };
}

/**
 * Runs an extractor over every page of the corpus and scores it with the benchmark's metric.
 * Returns null when the corpus is absent (it lives outside the repository).
 *
 * @param options.corpusDir the corpus folder; default `../shared/corpora/article-extraction`.
 * @param options.extract the body extractor; default the generic extractor's `bodyText`.
 */
export function runArticleBenchmark(options: { corpusDir?: string; extract?: BodyExtractor } = {}): ArticleBenchmarkResult | null {
  const corpusDir = options.corpusDir ?? DEFAULT_CORPUS_DIR;
  const extract = options.extract ?? genericBody;
  const corpus = loadCorpus(corpusDir);
  if (!corpus) return null;
  const perPage: PageScore[] = [];
  for (const id of corpus.ids) {
    const html = gunzipSync(readFileSync(path.join(corpusDir, 'html', `${id}.html.gz`))).toString('utf8');
    const { articleBody, url } = corpus.gold[id]!;
    const start = performance.now();
    const body = extract(html, url);
    const ms = performance.now() - start;
    const counts = scoreTexts(articleBody, body);
    const precision = pagePrecision(counts) ?? 0;
    const recall = pageRecall(counts) ?? 0;
    perPage.push({ id, url, ...counts, precision, recall, f1: harmonic(precision, recall), ms });
  }
  return { corpusDir, pages: perPage.length, ...aggregateScores(perPage), msPerPage: mean(perPage.map((p) => p.ms)), perPage };
}

/**
 * Scores a peer's recorded outputs (`peers/<name>.json`) with the same metric: a check of this
 * scorer against the figures the corpus README gives. Null when the corpus or the peer is absent.
 */
export function scorePeer(name: string, corpusDir = DEFAULT_CORPUS_DIR): { precision: number; recall: number; f1: number } | null {
  const corpus = loadCorpus(corpusDir);
  const file = path.join(corpusDir, 'peers', `${name}.json`);
  if (!corpus || !existsSync(file)) return null;
  const output = (JSON.parse(readFileSync(file, 'utf8')) as { output: Record<string, { articleBody?: string }> }).output;
  return aggregateScores(corpus.ids.map((id) => scoreTexts(corpus.gold[id]!.articleBody, output[id]?.articleBody ?? '')));
}

/** Extraction may cost at most this many times an htmlparser2 parse of the same page (issue 11). */
export const ARTICLE_COST_RATIO_TARGET = 3;

/** The cost of the generic extractor against an htmlparser2 parse of the same pages, measured together. */
export interface ArticleCostResult {
  pages: number;
  rounds: number;
  /** Σ over pages of the median CPU time of `parseDocument(html)` alone, divided by the pages. */
  parseMsPerPage: number;
  /** Σ over pages of the median CPU time of the whole extraction (its own parse included), divided by the pages. */
  extractMsPerPage: number;
  /** extractMsPerPage / parseMsPerPage: the figure the target bounds. */
  ratio: number;
  /** The same ratio in wall-clock time: it grows on a machine whose cores are oversubscribed. */
  wallRatio: number;
  /** Median and largest CPU-time ratio of a single page (the corpus has pages of 5 KB and of 1 MB). */
  medianPageRatio: number;
  maxPageRatio: number;
  maxPageId: string;
  /** Pages whose own ratio is above {@link ARTICLE_COST_RATIO_TARGET}. */
  pagesOverTarget: number;
}

/** Passes over the corpus before timing. */
const WARM_PASSES = 3;

/**
 * Times the generic extractor and a bare htmlparser2 `parseDocument` on every page of the corpus,
 * alternating the two on each page. Three passes over every page first bring both to the
 * optimising compiler (a cold extractor is several times slower than a warm one, and a long-lived
 * function instance runs warm); each figure is then the median of `rounds` runs. The bar is on
 * CPU time (`process.cpuUsage`, garbage collection included): on a machine where more processes
 * run than there are cores, a 10 ms call waits through more of the others' time slices than a
 * 2 ms one, so wall-clock ratios grow with the load; the wall-clock ratio is reported beside it.
 * Null when the corpus is absent.
 */
export function measureArticleCost(options: { corpusDir?: string; rounds?: number; extract?: BodyExtractor } = {}): ArticleCostResult | null {
  const corpusDir = options.corpusDir ?? DEFAULT_CORPUS_DIR;
  const extract = options.extract ?? genericBody;
  const rounds = options.rounds ?? 11;
  const corpus = loadCorpus(corpusDir);
  if (!corpus) return null;
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const time = (fn: () => unknown): { cpu: number; wall: number } => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    fn();
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpu);
    return { cpu: (used.user + used.system) / 1000, wall };
  };
  const pages = corpus.ids.map((id) => ({ id, url: corpus.gold[id]!.url, html: gunzipSync(readFileSync(path.join(corpusDir, 'html', `${id}.html.gz`))).toString('utf8') }));
  for (let pass = 0; pass < WARM_PASSES; pass++) {
    for (const { html, url } of pages) {
      parseDocument(html);
      extract(html, url);
    }
  }
  // Rounds go over the whole corpus, so a burst of load from elsewhere lands on one run of many
  // pages rather than on every run of one page.
  const parse = pages.map((): Array<{ cpu: number; wall: number }> => []);
  const full = pages.map((): Array<{ cpu: number; wall: number }> => []);
  for (let round = 0; round < rounds; round++) {
    pages.forEach(({ html, url }, i) => {
      parse[i]!.push(time(() => parseDocument(html)));
      full[i]!.push(time(() => extract(html, url)));
    });
  }
  const perPage = pages.map(({ id }, i) => ({
    id,
    parse: median(parse[i]!.map((t) => t.cpu)),
    extract: median(full[i]!.map((t) => t.cpu)),
    parseWall: median(parse[i]!.map((t) => t.wall)),
    extractWall: median(full[i]!.map((t) => t.wall)),
  }));
  const total = (key: 'parse' | 'extract' | 'parseWall' | 'extractWall'): number => perPage.reduce((sum, page) => sum + page[key], 0);
  const ratios = perPage.map((page) => ({ id: page.id, ratio: page.extract / Math.max(page.parse, 1e-3) }));
  const worst = ratios.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  return {
    pages: perPage.length,
    rounds,
    parseMsPerPage: total('parse') / perPage.length,
    extractMsPerPage: total('extract') / perPage.length,
    ratio: total('extract') / total('parse'),
    wallRatio: total('extractWall') / total('parseWall'),
    medianPageRatio: median(ratios.map((r) => r.ratio)),
    maxPageRatio: worst.ratio,
    maxPageId: worst.id,
    pagesOverTarget: ratios.filter((r) => r.ratio > ARTICLE_COST_RATIO_TARGET).length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = runArticleBenchmark();
  if (!result) {
    process.stdout.write(`corpus absent: ${DEFAULT_CORPUS_DIR}\n`);
    process.exit(0);
  }
  const f = (n: number) => n.toFixed(3);
  if (process.argv.includes('--pages')) {
    for (const page of [...result.perPage].sort((a, b) => a.f1 - b.f1)) {
      process.stdout.write(`${f(page.f1)} P ${f(page.precision)} R ${f(page.recall)} ${page.ms.toFixed(1).padStart(6)} ms ${page.id.slice(0, 8)} ${page.url}\n`);
    }
  }
  if (process.argv.includes('--peers')) {
    for (const name of readdirSync(path.join(result.corpusDir, 'peers')).map((file) => file.replace(/\.json$/, ''))) {
      const peer = scorePeer(name, result.corpusDir)!;
      process.stdout.write(`peer ${name.padEnd(16)} F1 ${f(peer.f1)} P ${f(peer.precision)} R ${f(peer.recall)}\n`);
    }
  }
  if (process.argv.includes('--cost')) {
    const cost = measureArticleCost()!;
    process.stdout.write(`cost: ${cost.extractMsPerPage.toFixed(2)} ms/page extraction vs ${cost.parseMsPerPage.toFixed(2)} ms/page htmlparser2 parse (CPU time, medians of ${cost.rounds} alternating runs), ratio ${cost.ratio.toFixed(2)} (target ≤ ${ARTICLE_COST_RATIO_TARGET}; wall-clock ratio ${cost.wallRatio.toFixed(2)}); per page median ${cost.medianPageRatio.toFixed(2)}, max ${cost.maxPageRatio.toFixed(2)} (${cost.maxPageId.slice(0, 8)}), ${cost.pagesOverTarget} pages over ${ARTICLE_COST_RATIO_TARGET}\n`);
  }
  process.stdout.write(`generic extractor: ${result.pages} pages, F1 ${f(result.f1)} (P ${f(result.precision)}, R ${f(result.recall)}), ${result.msPerPage.toFixed(1)} ms/page; target F1 ≥ ${ARTICLE_F1_TARGET}\n`);
}
