/**
 * Trains the generic extractor's block classifier: `npx tsx scripts/article-model.ts [--write] [--pages]`.
 *
 * Data: the development half of the article-extraction benchmark (`../shared/corpora/article-extraction`,
 * 91 real pages with hand-checked bodies). Every page is cut into text blocks exactly as the extractor
 * cuts them (`articleBlocks`); a block is labelled article text when at least half of its 4-token
 * shingles (or, under 4 tokens, the whole of it) occur in the gold body. A logistic regression with L2
 * (Newton's method, deterministic) is fitted with each block weighted by the shingles it adds or
 * removes, over its page's gold shingles, so that every page weighs about the same, as in the metric.
 *
 * Reports the benchmark's F1 twice: trained on all pages and scored on them (a training-set figure),
 * and 5-fold cross-validated by page (each page extracted by a model that never saw it: the estimate
 * for unseen pages). `--write` stores the model with both figures in
 * `functions/sources/shared/body-model.json`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FEATURE_NAMES, type BodyModel } from '../functions/sources/shared/body-classifier.js';
import { articleBlocks, extractGenericArticle } from '../functions/sources/shared/generic-extractor.js';
import { loadHtml } from '../functions/sources/shared/html.js';
import { aggregateScores, DEFAULT_CORPUS_DIR, scoreTexts, type ShingleCounts } from './bench/article-benchmark.js';

const FOLDS = 5;
const L2 = 1;
const TOKEN = /[\p{L}\p{N}_]+/gu;
const MODEL_FILE = path.resolve(import.meta.dirname, '..', 'functions', 'sources', 'shared', 'body-model.json');

interface Page {
  id: string;
  url: string;
  html: string;
  gold: string;
  x: number[][];
  y: number[];
  w: number[];
}

/** Share of a block's shingles found in the gold body (for blocks under 4 tokens: 1 when contained). */
function goldShare(goldText: string): (text: string) => number {
  const tokens = goldText.match(TOKEN) ?? [];
  const shingles = new Set<string>();
  for (let i = 0; i + 4 <= tokens.length; i++) shingles.add(tokens.slice(i, i + 4).join(' '));
  const joined = ` ${tokens.join(' ')} `;
  return (text) => {
    const t = text.match(TOKEN) ?? [];
    if (t.length === 0) return 0;
    if (t.length < 4) return joined.includes(` ${t.join(' ')} `) ? 1 : 0;
    let hits = 0;
    for (let i = 0; i + 4 <= t.length; i++) if (shingles.has(t.slice(i, i + 4).join(' '))) hits++;
    return hits / (t.length - 3);
  };
}

function loadPages(dir: string): Page[] {
  const gold = JSON.parse(readFileSync(path.join(dir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string; url: string }>;
  return Object.keys(gold)
    .sort()
    .filter((id) => existsSync(path.join(dir, 'html', `${id}.html.gz`)))
    .map((id) => {
      const html = gunzipSync(readFileSync(path.join(dir, 'html', `${id}.html.gz`))).toString('utf8');
      const { articleBody, url } = gold[id]!;
      const { blocks, features } = articleBlocks(loadHtml(html), { url, dates: { timeZone: 'UTC' } });
      const share = goldShare(articleBody);
      const goldShingles = Math.max(1, (articleBody.match(TOKEN) ?? []).length - 3);
      return {
        id,
        url,
        html,
        gold: articleBody,
        x: features,
        y: blocks.map((block) => (share(block.text) >= 0.5 ? 1 : 0)),
        // A block of n tokens adds n shingles and breaks about 3 more where it joins its neighbours.
        w: blocks.map((block) => Math.min(1, ((block.text.match(TOKEN) ?? []).length + 3) / goldShingles)),
      };
    });
}

/** Solves A x = b by Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const m = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const pivot = m[c]![c]! || 1e-12;
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / pivot;
      if (f) for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r]![n]!;
    for (let k = r + 1; k < n; k++) sum -= m[r]![k]! * x[k]!;
    x[r] = sum / (m[r]![r]! || 1e-12);
  }
  return x;
}

/** Weighted, L2-regularised logistic regression on standardised features (the bias is not penalised). */
export function train(pages: readonly Page[], l2 = L2): BodyModel {
  const X = pages.flatMap((p) => p.x);
  const Y = pages.flatMap((p) => p.y);
  const W = pages.flatMap((p) => p.w);
  const d = FEATURE_NAMES.length;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const v of X) for (let j = 0; j < d; j++) mean[j]! += v[j]! / X.length;
  for (const v of X) for (let j = 0; j < d; j++) scale[j]! += (v[j]! - mean[j]!) ** 2 / X.length;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  const Z = X.map((v) => v.map((x, j) => (x - mean[j]!) / scale[j]!));
  let beta = new Array<number>(d + 1).fill(0);
  for (let iteration = 0; iteration < 50; iteration++) {
    const g = new Array<number>(d + 1).fill(0);
    const H = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < Z.length; i++) {
      const z = Z[i]!;
      let s = beta[d]!;
      for (let j = 0; j < d; j++) s += beta[j]! * z[j]!;
      const p = 1 / (1 + Math.exp(-s));
      const r = W[i]! * (p - Y[i]!);
      const h = W[i]! * p * (1 - p);
      for (let j = 0; j < d; j++) {
        g[j]! += r * z[j]!;
        const hz = h * z[j]!;
        const row = H[j]!;
        for (let k = 0; k <= j; k++) row[k]! += hz * z[k]!;
        H[d]![j]! += hz;
      }
      g[d]! += r;
      H[d]![d]! += h;
    }
    for (let j = 0; j < d; j++) {
      g[j]! += l2 * beta[j]!;
      H[j]![j]! += l2;
    }
    for (let j = 0; j <= d; j++) for (let k = j + 1; k <= d; k++) H[j]![k] = H[k]![j]!;
    const step = solve(H, g);
    beta = beta.map((b, j) => b - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-7) break;
  }
  return { features: FEATURE_NAMES, mean, scale, weights: beta.slice(0, d), bias: beta[d]!, threshold: 0.5 };
}

function extractWith(page: Page, model: BodyModel): string {
  return extractGenericArticle(page.html, { url: page.url, dates: { timeZone: 'UTC' } }, { bodyModel: model })?.bodyText ?? '';
}

const round = (value: number, digits = 6): number => Number(value.toPrecision(digits));
const fmt = (s: { precision: number; recall: number; f1: number }): string => `F1 ${s.f1.toFixed(4)} (P ${s.precision.toFixed(4)}, R ${s.recall.toFixed(4)})`;

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(path.join(DEFAULT_CORPUS_DIR, 'ground-truth.json'))) {
    process.stdout.write(`corpus absent: ${DEFAULT_CORPUS_DIR}; nothing to train on\n`);
    process.exit(0);
  }
  const pages = loadPages(DEFAULT_CORPUS_DIR);
  const cv: ShingleCounts[] = new Array(pages.length);
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = train(pages.filter((_, i) => i % FOLDS !== fold));
    pages.forEach((page, i) => {
      if (i % FOLDS === fold) cv[i] = scoreTexts(page.gold, extractWith(page, model));
    });
  }
  const model = train(pages);
  const trained = pages.map((page) => scoreTexts(page.gold, extractWith(page, model)));
  const cvScore = aggregateScores(cv);
  const trainScore = aggregateScores(trained);
  process.stdout.write(`${pages.length} pages, ${pages.reduce((n, p) => n + p.x.length, 0)} blocks, ${FEATURE_NAMES.length} features\n`);
  process.stdout.write(`trained and scored on all pages: ${fmt(trainScore)}\n`);
  process.stdout.write(`${FOLDS}-fold cross-validated by page:  ${fmt(cvScore)}\n`);
  if (process.argv.includes('--pages')) {
    pages.forEach((page, i) => {
      const s = cv[i]!;
      const precision = s.tp / (s.tp + s.fp || 1);
      const recall = s.tp / (s.tp + s.fn || 1);
      if (precision < 0.95 || recall < 0.95) process.stdout.write(`  cv ${page.id.slice(0, 8)} P ${precision.toFixed(3)} R ${recall.toFixed(3)} ${page.url}\n`);
    });
  }
  if (process.argv.includes('--write')) {
    const stored = {
      about: 'Block classifier of the generic article extractor; written by scripts/article-model.ts. Do not edit by hand.',
      trainedOn: `article-extraction benchmark, development half (${pages.length} pages)`,
      trainingSet: { f1: round(trainScore.f1, 4), precision: round(trainScore.precision, 4), recall: round(trainScore.recall, 4) },
      crossValidated: { folds: FOLDS, f1: round(cvScore.f1, 4), precision: round(cvScore.precision, 4), recall: round(cvScore.recall, 4) },
      features: model.features,
      mean: model.mean.map((v) => round(v)),
      scale: model.scale.map((v) => round(v)),
      weights: model.weights.map((v) => round(v)),
      bias: round(model.bias),
      threshold: model.threshold,
    };
    writeFileSync(MODEL_FILE, `${JSON.stringify(stored, null, 1)}\n`);
    process.stdout.write(`wrote ${path.relative(process.cwd(), MODEL_FILE)}\n`);
  }
}
