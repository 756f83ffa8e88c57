/**
 * Evaluation harness: `npm run eval -- [--cv] DIR [DIR …]`.
 *
 * DIR holds a labelled set (`labels.jsonl` and its texts; see scripts/training/labelled-sets.ts).
 * Prints precision, recall and F1 for classification, regions (codes), organisations (the ten
 * EXTRACTION.md ids, and every catalogue id apart) and people (surname match), overall and per
 * language, and lists every miss. A directory that does not exist (../shared/devtexts on a machine
 * without it) is reported and skipped.
 *
 * These figures use the shipped classifier, which was trained on our labelled sets and on
 * ../shared/devtexts: on those sets they are training-set figures. `--cv` adds what to expect on
 * unseen text: nested 10-fold cross-validation of the classifier over the union of the DIRs given
 * (each text scored by a model whose features, hyperparameters and calibration were chosen without
 * it), with precision, recall, F1 and the expected calibration error (10 bins) per set, beside the ECE
 * a perfectly calibrated model would show on that many texts by chance alone, and the reliability table
 * of each real-text set (where in the probabilities that error lies). A real-text set whose
 * labeller marked some calls as borderline or unsure is also reported apart for those and the others.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { extractPractice } from '../functions/core/extraction/extract-practice.js';
import { foldText } from '../functions/core/extraction/normalise.js';
import type { ExtractionRecord } from '../functions/core/model.js';
import { describeConfig, fnv1a, GRID, loadTrainingTexts, nestedCrossValidation, type Prediction, REAL_TEXT_SETS, trainModel, type TrainingConfig, type TrainingText } from './training/announcement-training.js';
import { scoreFeatures } from '../functions/core/extraction/classifier.js';
import { isHeldOut } from './training/held-out.js';
import { isLabelledSet, isUnsureCall, readLabelledSet } from './training/labelled-sets.js';
import { calibrationNoise, countDecisions, expectedCalibrationError, prf, reliabilityBins } from './training/logistic.js';

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export type Field = 'classification' | 'regions' | 'organisations' | 'organisations-all' | 'people' | 'published-date';
const FIELDS: Field[] = ['classification', 'regions', 'organisations', 'organisations-all', 'people', 'published-date'];

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
  const { texts, skipped } = readLabelledSet(dir);
  const totals: Record<string, Record<Field, Counts>> = { all: emptyCounts(), ru: emptyCounts(), en: emptyCounts() };
  const misses: string[] = [];
  let evaluated = 0;
  for (const { label, input } of texts) {
    const record: ExtractionRecord = extractPractice(input);
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
    // Sets that label the day of publication (../shared/devtexts): a wrong day is an extra and a miss.
    if (label.publishedDate !== undefined) pairs.push(['published-date', label.publishedDate ? [label.publishedDate] : [], record.publishedAt ? [record.publishedAt.slice(0, 10)] : []]);
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

/**
 * Several sets' evaluations as one: their counts summed per subset and field (micro-averaged), so that
 * a group of sets (the held-out ones, a round) reads as one figure and not as a mean of per-set F1s.
 */
export function poolEvaluations(evaluations: readonly Evaluation[]): Evaluation {
  const totals: Record<string, Record<Field, Counts>> = { all: emptyCounts(), ru: emptyCounts(), en: emptyCounts() };
  for (const evaluation of evaluations) {
    for (const [subset, fields] of Object.entries(evaluation.totals)) {
      for (const field of FIELDS) {
        const into = (totals[subset] ??= emptyCounts())[field];
        into.tp += fields[field].tp;
        into.fp += fields[field].fp;
        into.fn += fields[field].fn;
      }
    }
  }
  return {
    dir: `pooled over ${evaluations.length} sets`,
    evaluated: evaluations.reduce((sum, evaluation) => sum + evaluation.evaluated, 0),
    skipped: evaluations.reduce((sum, evaluation) => sum + evaluation.skipped, 0),
    totals,
    misses: [],
  };
}

function print({ dir, evaluated, skipped, totals, misses }: Evaluation, withMisses = true): void {
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
  if (withMisses) console.log(misses.length ? `\nMisses (${misses.length} texts):\n  ${misses.join('\n  ')}` : '\nNo misses.');
}

/** The labelled sets under `test/` marked {@link isHeldOut}: never trained on, so the shipped model's figures on them are estimates. */
export function heldOutSets(testDir: string): string[] {
  return readdirSync(testDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(testDir, entry.name))
    .filter((dir) => isHeldOut(dir) && isLabelledSet(dir))
    .sort();
}

/** Cross-validated classification figures of one set (or of all, `set` null). */
export interface CrossValidatedFigures {
  set: string;
  texts: number;
  precision: number;
  recall: number;
  f1: number;
  ece: number;
  /** The ECE a perfectly calibrated model with the same probabilities would show on this many texts (chance alone). */
  eceByChance: number;
  /** Share of such calibrated draws with an ECE at least `ece`: small when the miscalibration is more than chance. */
  eceP: number;
}

/** Figures of a list of predictions, per group (by default the set) and over all. */
function figuresOf(predictions: readonly Prediction[], groupOf: (prediction: Prediction) => string = (prediction) => prediction.text.set): CrossValidatedFigures[] {
  const sets = [...new Set(predictions.map(groupOf)), null];
  return sets.map((set) => {
    const members = predictions.filter((prediction) => set === null || groupOf(prediction) === set);
    const probabilities = members.map((prediction) => prediction.probability);
    const labels = members.map((prediction) => prediction.text.label);
    // Count each model's own decisions (its threshold is in the model), as 0/1 scores.
    const decisions = members.map((prediction) => (prediction.decision ? 1 : 0));
    const ece = expectedCalibrationError(probabilities, labels);
    const noise = calibrationNoise(probabilities, ece);
    return { set: set ?? 'all', texts: members.length, ...prf(countDecisions(decisions, labels)), ece, eceByChance: noise.expected, eceP: noise.pValue };
  });
}

/**
 * Nested 10-fold cross-validation over the union of the labelled sets: classification figures and
 * expected calibration error per set and over all texts, and the predictions themselves.
 */
export function crossValidateClassifier(dirs: readonly string[], onFold?: (fold: number, config: string) => void, loaded?: readonly TrainingText[], salt = '', grid: readonly TrainingConfig[] = GRID, keep: (text: TrainingText) => boolean = () => true): CrossValidatedFigures[] & { predictions?: Prediction[] } {
  const texts = loaded ?? loadTrainingTexts(dirs);
  const predictions = nestedCrossValidation(texts, undefined, grid, onFold && ((fold, config) => onFold(fold, describeConfig(config))), salt, keep);
  const rows = figuresOf(predictions);
  return Object.assign([...rows.slice(0, -1), ...byCertainty(predictions), rows.at(-1)!], { predictions });
}

/**
 * The figures of each real-text set whose labeller marked some calls as hard ({@link isUnsureCall}),
 * apart for those calls (`set (unsure)`) and the others (`set (clear)`): the errors that remain on
 * ../shared/devtexts are mostly calls its labeller hesitated over, and a figure on each part says so in
 * numbers instead of in words. Our own sets' notes mark borderline cases their writers built on
 * purpose; they are left out, to keep the table to the figure the issue measures.
 */
function byCertainty(predictions: readonly Prediction[]): CrossValidatedFigures[] {
  const flagged = new Set(predictions.filter((prediction) => REAL_TEXT_SETS.has(prediction.text.set) && isUnsureCall(prediction.text.text.label)).map((prediction) => prediction.text.set));
  const members = predictions.filter((prediction) => flagged.has(prediction.text.set));
  if (members.length === 0) return [];
  const rows = figuresOf(members, (prediction) => `${prediction.text.set} (${isUnsureCall(prediction.text.text.label) ? 'unsure' : 'clear'})`).slice(0, -1);
  return rows.sort((a, b) => (a.set < b.set ? -1 : 1));
}

/**
 * Repeated nested cross-validation: the same procedure over `repeats` partitions of the texts into
 * folds (the first is the one `--cv` reports). With ~50 real announcements one text moves F1 by
 * about 0.01 and the partition alone moves it by a few hundredths: the spread says how far a single
 * figure can be trusted, the mean is steadier.
 */
export function repeatedCrossValidation(
  texts: readonly TrainingText[],
  repeats: number,
  grid: readonly TrainingConfig[] = GRID,
  keep: (text: TrainingText) => boolean = () => true,
): Array<{ set: string; texts: number; f1: number[]; ece: number[]; eceByChance: number[] }> & { predictions: Prediction[] } {
  const runs = Array.from({ length: repeats }, (_, r) => crossValidateClassifier([], undefined, texts, r === 0 ? '' : `repeat-${r}`, grid, keep));
  const rows = runs[0]!.map((row, i) => ({ set: row.set, texts: row.texts, f1: runs.map((run) => run[i]!.f1), ece: runs.map((run) => run[i]!.ece), eceByChance: runs.map((run) => run[i]!.eceByChance) }));
  // Every partition's predictions, a text once per partition: the reliability table pools them.
  return Object.assign(rows, { predictions: runs.flatMap((run) => run.predictions ?? []) });
}

/**
 * The reliability table of each real-text set among the predictions ({@link reliabilityBins}): where in
 * the probabilities the ECE comes from. Lines to print.
 */
export function reliabilityLines(predictions: readonly Prediction[], partitions = 1): string[] {
  const lines: string[] = [];
  for (const set of [...new Set(predictions.map((prediction) => prediction.text.set))].filter((name) => REAL_TEXT_SETS.has(name))) {
    const members = predictions.filter((prediction) => prediction.text.set === set);
    const pooled = partitions > 1 ? `, pooled over ${partitions} partitions (a text once in each)` : '';
    lines.push(`\n== reliability of the cross-validated probabilities, ${set}${pooled}`, `${'bin'.padEnd(10)} ${'texts'.padStart(5)}  ${'mean p'.padStart(6)}  ${'share announced'.padStart(15)}`);
    for (const bin of reliabilityBins(members.map((prediction) => prediction.probability), members.map((prediction) => prediction.text.label))) {
      lines.push(`${`${bin.from.toFixed(1)}–${bin.to.toFixed(1)}`.padEnd(10)} ${String(bin.count).padStart(5)}  ${bin.meanProbability.toFixed(3).padStart(6)}  ${bin.observed.toFixed(3).padStart(15)}`);
    }
  }
  return lines;
}

/**
 * Transfer: the model trained exactly as `npm run train` trains it (hyperparameters and calibration
 * by CV) on every set but `target`, then scored on `target`, which no part of the procedure saw.
 * With our own sets as training and ../shared/devtexts as target it is the most honest figure we have:
 * devtexts were never written by us nor trained on. `grid` narrows the hyperparameters searched (`--lambda`):
 * with one configuration the figure says what the features transfer, apart from what the inner CV chose.
 */
export function transferClassifier(texts: readonly TrainingText[], target: string, grid: readonly TrainingConfig[] = GRID, keep: (text: TrainingText) => boolean = () => true): { figures: CrossValidatedFigures; byLanguage: CrossValidatedFigures[]; byCertainty: CrossValidatedFigures[]; predictions: Prediction[]; config: string } {
  const train = texts.filter((text) => text.set !== target && keep(text));
  const { model, config } = trainModel(train, grid);
  const weights = new Map(Object.entries(model.weights));
  const predictions = texts
    .filter((text) => text.set === target)
    .map((text) => {
      const { confidence, reasons, isPracticeAnnouncement } = scoreFeatures(text.features, model, weights);
      return { text, probability: confidence, decision: isPracticeAnnouncement, reasons, fold: -1, config };
    });
  // Per language too: the private English set was the weakest, and a set's English part is small.
  const byLanguage = figuresOf(predictions, (prediction) => `${target}/${prediction.text.text.label.language}`).slice(0, -1);
  return { figures: figuresOf(predictions)[0]!, byLanguage, byCertainty: byCertainty(predictions), predictions, config: describeConfig(config) };
}

/** One point of a learning curve: the share of the target set trained on and what it gave. */
export interface CurvePoint {
  fraction: number;
  /** Target texts in a training part, on average over the outer folds. */
  trainedOn: number;
  f1: number[];
  ece: number[];
}

/** The learning curve's shares of the target set; 0 is a transfer from the other sets alone. */
export const CURVE_FRACTIONS = [0, 0.25, 0.5, 0.75, 1];

/**
 * Learning curve of one set: the nested cross-validation of `--cv`, with only a share of `target`'s
 * texts allowed into each training part (a subset by a hash of the text's id and the partition, so
 * repeats average over subsets too); every text of `target` is still scored out of fold. It says whether more text like `target` would help: how F1 on it grows with
 * the amount of it learnt from.
 */
export function learningCurve(texts: readonly TrainingText[], target: string, fractions: readonly number[] = CURVE_FRACTIONS, repeats = 1, grid: readonly TrainingConfig[] = GRID): CurvePoint[] {
  const inTarget = (text: TrainingText): boolean => text.set === target;
  const targetTexts = texts.filter(inTarget);
  // Which texts a share keeps varies with the partition (which texts they are moves F1 by several
  // hundredths at a quarter), and within one partition a larger share holds the smaller ones.
  const salts = Array.from({ length: repeats }, (_, r) => (r === 0 ? '' : `repeat-${r}`));
  const place = (text: TrainingText, salt: string): number => fnv1a(`curve/${salt}/${text.id}`) / 2 ** 32;
  return fractions.map((fraction) => {
    const kept: number[] = [];
    const runs = salts.map((salt) => {
      const keep = (text: TrainingText): boolean => !inTarget(text) || place(text, salt) < fraction;
      kept.push(targetTexts.filter(keep).length);
      const predictions = nestedCrossValidation(texts, undefined, grid, undefined, salt, keep).filter((prediction) => inTarget(prediction.text));
      return figuresOf(predictions)[0]!;
    });
    // A training part holds 9 of the 10 folds.
    const trainedOn = (kept.reduce((a, b) => a + b, 0) / kept.length) * 0.9;
    return { fraction, trainedOn, f1: runs.map((run) => run.f1), ece: runs.map((run) => run.ece) };
  });
}

/** The wrong decisions among predictions, one block each: file, label, probability, top reasons. */
export function formatMisses(predictions: readonly Prediction[]): string[] {
  return predictions
    .filter((prediction) => prediction.decision !== (prediction.text.label === 1))
    .map((prediction) => {
      const { text } = prediction;
      const kind = text.label === 1 ? 'missed (FN)' : 'false (FP)';
      const title = text.text.input.title.slice(0, 140);
      return `${text.set}/${text.id} ${kind} p=${prediction.probability.toFixed(3)}\n    «${title}»\n    ${prediction.reasons.slice(0, 5).join('\n    ')}`;
    });
}

/** `--lambda CUE,WORD` (WORD `inf` or `∞`: no word features) as a one-configuration grid; null when malformed. */
export function parseLambda(value: string): TrainingConfig | null {
  const match = /^(\d+(?:\.\d+)?),(\d+(?:\.\d+)?|inf|∞)$/.exec(value.trim());
  if (!match) return null;
  const cuePenalty = Number(match[1]);
  const wordPenalty = match[2] === 'inf' || match[2] === '∞' ? Infinity : Number(match[2]);
  return cuePenalty > 0 && wordPenalty > 0 ? { cuePenalty, wordPenalty } : null;
}

const USAGE = `usage: npm run eval -- [--cv [--repeats N]] [--transfer SET] [--curve SET] [--lambda CUE,WORD] [--misses] [--held-out] DIR [DIR …]
  DIR    a labelled set (labels.jsonl and the texts it names); a missing DIR is reported and skipped;
         a story pair set (articles.jsonl, e.g. test/story-pairs) is scored by scripts/eval-stories.ts;
         the word search scores full-text search on its query set (scripts/eval-search.ts).
         With two or more sets, their counts are also pooled into one table at the end
  --held-out   add every set under test/ with a HELD-OUT file (no model trained on them) to the DIRs: with
         the pooled table, the shipped model's estimate on our writers' text nobody trained on
  --cv   also cross-validate the classifier (nested, 10 folds) over the union of the DIRs: what to
         expect on unseen text, per set, with the expected calibration error and, for the real-text
         sets, the reliability table behind it (about 20 s)
  --repeats N  with --cv, repeat the nested CV over N partitions into folds and give each set's mean
         F1 and ECE with their range (N × 20 s)
  --transfer SET   also train on every DIR but the one named SET (its folder name, e.g. devtexts) the way
         npm run train does, and score SET: the figure for text no part of training saw
  --curve SET  learning curve of SET: the nested CV with 0, ¼, ½, ¾ and all of SET's texts allowed into
         training (the other DIRs always), SET scored out of fold; with --repeats N, N partitions each
         (5 × N × 20 s): does more text like SET help?
  --lambda CUE,WORD  under --cv / --transfer / --curve, fit with these L2 strengths only instead of choosing them
         from the grid by inner CV (WORD inf: no word features), e.g. --lambda 4,inf: tells a feature's
         effect apart from a change of the chosen hyperparameters
  --misses print the classifier's wrong decisions under --cv / --transfer (title, probability, reasons)
A DIR holding a HELD-OUT file is never trained on: under --cv and --transfer it is scored only.
Without --cv the figures come from the shipped model, which was trained on our sets (but the held-out ones) and ../shared/devtexts.`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  // `npm run eval -- search`: the search query set (scripts/eval-search.ts).
  if (args[0] === 'search') {
    const { printSearchEvaluation } = await import('./eval-search.js');
    if (!(await printSearchEvaluation())) process.exitCode = 1;
    process.exit();
  }
  const dirs = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--transfer' && args[i - 1] !== '--curve' && args[i - 1] !== '--repeats' && args[i - 1] !== '--lambda');
  if (args.includes('--held-out')) {
    const named = new Set(dirs.map((dir) => path.resolve(dir)));
    for (const dir of heldOutSets(path.resolve(import.meta.dirname, '../test'))) if (!named.has(dir)) dirs.push(dir);
  }
  if (dirs.length === 0 || args.includes('--help')) {
    console.error(USAGE);
    process.exit(dirs.length === 0 && !args.includes('--help') ? 2 : 0);
  }
  const present: string[] = [];
  const evaluations: Evaluation[] = [];
  for (const dir of dirs) {
    const resolved = path.resolve(dir);
    // A story pair set (articles.jsonl) is scored by the stories' own module (scripts/eval-stories.ts).
    if (existsSync(path.join(resolved, 'articles.jsonl'))) {
      const { printStoryEvaluation } = await import('./eval-stories.js');
      printStoryEvaluation(resolved, { crossValidate: true, nested: true, devtexts: path.resolve('../shared/devtexts') });
      continue;
    }
    if (!isLabelledSet(resolved)) {
      console.log(`\n== ${resolved}: no labels.jsonl here, skipped`);
      continue;
    }
    present.push(resolved);
    const evaluation = evaluateDirectory(resolved);
    evaluations.push(evaluation);
    print(evaluation);
  }
  if (evaluations.length > 1) print(poolEvaluations(evaluations), false);
  const transferAt = args.indexOf('--transfer');
  const transferSet = transferAt >= 0 ? args[transferAt + 1] : undefined;
  const misses = args.includes('--misses');
  const lambdaAt = args.indexOf('--lambda');
  let grid: readonly TrainingConfig[] = GRID;
  if (lambdaAt >= 0) {
    const parsed = parseLambda(args[lambdaAt + 1] ?? '');
    if (!parsed) {
      console.error(`--lambda wants CUE,WORD (numbers, WORD may be inf), got ${args[lambdaAt + 1] ?? 'nothing'}\n${USAGE}`);
      process.exit(2);
    }
    grid = [parsed];
  }
  const printRows = (rows: readonly CrossValidatedFigures[]): void => {
    console.log(`${'set'.padEnd(16)} ${'texts'.padStart(5)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)} ${'ECE'.padStart(6)}  ECE by chance (p)`);
    for (const row of rows) {
      console.log(`${row.set.padEnd(16)} ${String(row.texts).padStart(5)} ${row.precision.toFixed(3).padStart(6)} ${row.recall.toFixed(3).padStart(6)} ${row.f1.toFixed(3).padStart(6)} ${row.ece.toFixed(3).padStart(6)}  ${row.eceByChance.toFixed(3)} (${row.eceP.toFixed(2)})`);
    }
  };
  const curveAt = args.indexOf('--curve');
  const curveSet = curveAt >= 0 ? args[curveAt + 1] : undefined;
  const range = (values: number[]): string => `${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(3)} [${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)}]`;
  if ((args.includes('--cv') || transferSet || curveSet) && present.length && present.every(isHeldOut)) {
    // A model trained on nothing calls every text an announcement: say so rather than print its figures.
    console.error('\n--cv, --transfer and --curve need a set to train on: every DIR given is held out (a HELD-OUT file), so none is trained on');
    process.exit(2);
  }
  const loaded = (args.includes('--cv') || transferSet || curveSet) && present.length ? loadTrainingTexts(present) : [];
  const repeatsAt = args.indexOf('--repeats');
  const repeats = repeatsAt >= 0 ? Number(args[repeatsAt + 1]) : 1;
  // Sets held out of training (a HELD-OUT file) are scored, never trained on.
  const heldOut = new Set(present.filter(isHeldOut).map((dir) => path.basename(dir)));
  const keep = (text: TrainingText): boolean => !heldOut.has(text.set);
  if (heldOut.size && (args.includes('--cv') || transferSet)) console.log(`\n== held out of training, scored only: ${[...heldOut].join(' + ')}`);
  if (args.includes('--cv') && present.length) {
    console.log(`\n== classification, nested 10-fold cross-validation over ${present.map((dir) => path.basename(dir)).join(' + ')}`);
    const figures = crossValidateClassifier(present, (fold, config) => console.log(`  fold ${fold + 1}/10: chose ${config}`), loaded, '', grid, keep);
    printRows(figures);
    if (misses) console.log(`\nCross-validated misses:\n  ${formatMisses(figures.predictions!).join('\n  ')}`);
    if (repeats > 1) {
      console.log(`\n== the same, repeated over ${repeats} partitions into folds: mean [min–max]`);
      console.log(`${'set'.padEnd(16)} ${'texts'.padStart(5)}  ${'F1'.padEnd(21)}  ${'ECE'.padEnd(21)}  ECE by chance`);
      const repeated = repeatedCrossValidation(loaded, repeats, grid, keep);
      for (const row of repeated) console.log(`${row.set.padEnd(16)} ${String(row.texts).padStart(5)}  ${range(row.f1).padEnd(21)}  ${range(row.ece).padEnd(21)}  ${range(row.eceByChance)}`);
      for (const line of reliabilityLines(repeated.predictions, repeats)) console.log(line);
    } else for (const line of reliabilityLines(figures.predictions!)) console.log(line);
  }
  if (curveSet) {
    if (!loaded.some((text) => text.set === curveSet)) console.log(`\n== learning curve: no set named ${curveSet} among the DIRs, skipped`);
    else {
      console.log(`\n== learning curve of ${curveSet}: nested 10-fold CV, only a share of ${curveSet} in each training part, ${curveSet} scored (mean [min–max] over ${repeats} partition${repeats > 1 ? 's' : ''})`);
      console.log(`${'share'.padEnd(6)} ${'trained on'.padStart(10)}  ${'F1'.padEnd(21)}  ECE`);
      for (const point of learningCurve(loaded, curveSet, CURVE_FRACTIONS, repeats, grid)) console.log(`${point.fraction.toFixed(2).padEnd(6)} ${point.trainedOn.toFixed(1).padStart(10)}  ${range(point.f1).padEnd(21)}  ${range(point.ece)}`);
    }
  }
  if (transferSet) {
    if (!loaded.some((text) => text.set === transferSet)) console.log(`\n== transfer: no set named ${transferSet} among the DIRs, skipped`);
    else {
      const { figures, byLanguage, byCertainty: certainty, predictions, config } = transferClassifier(loaded, transferSet, grid, keep);
      console.log(`\n== classification, trained on ${present.map((dir) => path.basename(dir)).filter((set) => set !== transferSet).join(' + ')} (${config}), scored on ${transferSet}`);
      printRows([figures, ...byLanguage, ...certainty]);
      if (misses) console.log(`\nTransfer misses:\n  ${formatMisses(predictions).join('\n  ')}`);
    }
  }
}
