/**
 * Evaluation harness: `npm run eval -- DIR [DIR …]`.
 *
 * DIR holds `labels.jsonl`, one JSON object a line:
 *   {"file": "texts/x.txt", "language": "ru"|"en", "isPracticeAnnouncement": true|false,
 *    "regions": ["RU-MOW", …], "organisations": ["minek", …], "people": ["Багреева", …]}
 * Each file is plain text whose first line is its title (then a blank line and the body). A label
 * may say `"format": "page"` for a saved page (the title is the first line of six words or more and
 * the body stops at a "Read more"/"Author:" line) and `"optional": true` when the file lies outside
 * the repository (the seed in ../shared) and may be missing.
 *
 * Prints precision, recall and F1 for classification, regions (codes), organisations (the ten
 * EXTRACTION.md ids, and every catalogue id apart) and people (surname match), overall and per
 * language, and lists every miss. A directory that does not exist (../shared/devtexts on a machine
 * without it) is reported and skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractPractice } from '../functions/core/extraction/extract-practice.js';
import { foldText } from '../functions/core/extraction/normalise.js';
import type { ExtractionRecord } from '../functions/core/model.js';

interface Label {
  file: string;
  language: 'ru' | 'en';
  isPracticeAnnouncement: boolean;
  regions: string[];
  organisations: string[];
  people: string[];
  format?: 'text' | 'page';
  optional?: boolean;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export type Field = 'classification' | 'regions' | 'organisations' | 'organisations-all' | 'people';
const FIELDS: Field[] = ['classification', 'regions', 'organisations', 'organisations-all', 'people'];

/**
 * The ten organisation ids EXTRACTION.md names. `organisations` is scored over these alone, as every
 * labelled set (ours, ../shared/devtexts and the private real ones) labels them; `organisations-all`
 * scores every catalogue id, for the sets that label more.
 */
const CONTRACT_ORGANISATIONS = new Set(['minek', 'asi', 'gossovet', 'government-rf', 'president-rf', 'moscow-government', 'moscow-depr', 'mvd', 'minstroy', 'minfin']);
const contractOnly = (ids: string[]): string[] => ids.filter((id) => CONTRACT_ORGANISATIONS.has(id));

function emptyCounts(): Record<Field, Counts> {
  return Object.fromEntries(FIELDS.map((field) => [field, { tp: 0, fp: 0, fn: 0 }])) as Record<Field, Counts>;
}

function readText(file: string, format: Label['format']): { title: string; body: string } {
  const lines = readFileSync(file, 'utf8').replace(/\r\n?/g, '\n').split('\n');
  if (format === 'page') {
    const titleIndex = lines.findIndex((line) => line.trim().split(/\s+/).length >= 6);
    const rest = lines.slice(titleIndex + 1);
    const end = rest.findIndex((line) => /^(Read more|Author:|Подробнее|Автор:)/i.test(line.trim()));
    return { title: lines[titleIndex]!.trim(), body: (end < 0 ? rest : rest.slice(0, end)).join('\n').trim() };
  }
  return { title: lines[0]!.trim(), body: lines.slice(1).join('\n').trim() };
}

/** Surname of a person's name as written: its last word, folded. */
function surname(name: string): string {
  return foldText(name.trim().split(/\s+/).pop() ?? '');
}

function compare(counts: Counts, gold: string[], predicted: string[]): { missed: string[]; extra: string[] } {
  const goldSet = new Set(gold);
  const predictedSet = new Set(predicted);
  const missed = [...goldSet].filter((item) => !predictedSet.has(item));
  const extra = [...predictedSet].filter((item) => !goldSet.has(item));
  counts.tp += goldSet.size - missed.length;
  counts.fn += missed.length;
  counts.fp += extra.length;
  return { missed, extra };
}

export function score(counts: Counts): { precision: number; recall: number; f1: number } {
  const precision = counts.tp + counts.fp === 0 ? 1 : counts.tp / (counts.tp + counts.fp);
  const recall = counts.tp + counts.fn === 0 ? 1 : counts.tp / (counts.tp + counts.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Scores of one directory: counts per subset (all, ru, en) and field, and every miss. */
export interface Evaluation {
  dir: string;
  evaluated: number;
  skipped: number;
  totals: Record<string, Record<Field, Counts>>;
  misses: string[];
}

/** Runs the extractor over a labelled directory and scores it. */
export function evaluateDirectory(dir: string): Evaluation {
  const labelsFile = path.join(dir, 'labels.jsonl');
  const labels = readFileSync(labelsFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Label);
  const totals: Record<string, Record<Field, Counts>> = { all: emptyCounts(), ru: emptyCounts(), en: emptyCounts() };
  const misses: string[] = [];
  let evaluated = 0;
  let skipped = 0;
  for (const label of labels) {
    const file = path.resolve(dir, label.file);
    if (!existsSync(file)) {
      if (label.optional) {
        skipped += 1;
        continue;
      }
      throw new Error(`${labelsFile}: ${label.file} does not exist`);
    }
    const { title, body } = readText(file, label.format);
    const record: ExtractionRecord = extractPractice({
      sourceId: 'eval',
      url: `file://${file}`,
      title,
      publishedAt: null,
      author: null,
      lead: null,
      bodyText: body,
      tags: [],
      images: [],
    });
    evaluated += 1;
    const notes: string[] = [];
    for (const group of [totals.all!, totals[label.language]!]) {
      const c = group.classification;
      if (label.isPracticeAnnouncement && record.isPracticeAnnouncement) c.tp += 1;
      else if (!label.isPracticeAnnouncement && record.isPracticeAnnouncement) c.fp += 1;
      else if (label.isPracticeAnnouncement && !record.isPracticeAnnouncement) c.fn += 1;
    }
    if (label.isPracticeAnnouncement !== record.isPracticeAnnouncement) {
      notes.push(`classification: expected ${label.isPracticeAnnouncement}, got ${record.isPracticeAnnouncement} (confidence ${record.confidence}; ${record.reasons.slice(0, 4).join('; ')})`);
    }
    const pairs: Array<[Field, string[], string[]]> = [
      ['regions', label.regions, record.regions.map((r) => r.code)],
      ['organisations', contractOnly(label.organisations), contractOnly(record.organisations.map((o) => o.id))],
      ['organisations-all', label.organisations, record.organisations.map((o) => o.id)],
      ['people', label.people.map(surname), record.people.map((p) => surname(p.name))],
    ];
    for (const [field, gold, predicted] of pairs) {
      let result = { missed: [] as string[], extra: [] as string[] };
      for (const group of [totals.all!, totals[label.language]!]) result = compare(group[field], gold, predicted);
      if (field === 'organisations') continue; // its misses are among organisations-all's
      if (result.missed.length) notes.push(`${field} missed: ${result.missed.join(', ')}`);
      if (result.extra.length) notes.push(`${field} extra: ${result.extra.join(', ')}`);
    }
    if (notes.length) misses.push(`${label.file} [${label.language}]\n    ${notes.join('\n    ')}`);
  }

  return { dir, evaluated, skipped, totals, misses };
}

function print({ dir, evaluated, skipped, totals, misses }: Evaluation): void {
  const format = (n: number): string => n.toFixed(3);
  console.log(`\n== ${dir}: ${evaluated} texts${skipped ? ` (${skipped} optional texts missing)` : ''}`);
  console.log(`${'subset'.padEnd(6)} ${'field'.padEnd(17)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)}   tp/fp/fn`);
  for (const subset of ['all', 'ru', 'en']) {
    for (const field of FIELDS) {
      const counts = totals[subset]![field];
      if (counts.tp + counts.fp + counts.fn === 0) continue;
      const { precision, recall, f1 } = score(counts);
      console.log(`${subset.padEnd(6)} ${field.padEnd(17)} ${format(precision).padStart(6)} ${format(recall).padStart(6)} ${format(f1).padStart(6)}   ${counts.tp}/${counts.fp}/${counts.fn}`);
    }
  }
  console.log(misses.length ? `\nMisses (${misses.length} texts):\n  ${misses.join('\n  ')}` : '\nNo misses.');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dirs = process.argv.slice(2).filter((arg) => arg !== '--');
  if (dirs.length === 0) {
    console.error('usage: npm run eval -- DIR [DIR …]   (DIR holds labels.jsonl and the texts it names, or a story pair set: articles.jsonl)');
    process.exit(2);
  }
  for (const dir of dirs) {
    const resolved = path.resolve(dir);
    // A story pair set (articles.jsonl) is scored by the stories' own module (scripts/eval-stories.ts).
    if (existsSync(path.join(resolved, 'articles.jsonl'))) {
      const { printStoryEvaluation } = await import('./eval-stories.js');
      printStoryEvaluation(resolved, { crossValidate: true, devtexts: path.resolve('../shared/devtexts') });
      continue;
    }
    if (!existsSync(path.join(resolved, 'labels.jsonl'))) {
      console.log(`\n== ${resolved}: no labels.jsonl here, skipped`);
      continue;
    }
    print(evaluateDirectory(resolved));
  }
}
