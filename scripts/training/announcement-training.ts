/**
 * Training and cross-validation of the announcement classifier (functions/core/extraction/classifier.ts).
 *
 * - Features come from the classifier itself (`documentFeatures`), fed by the extractor exactly as in
 *   production (the extractor is run with a classifier that records its input).
 * - Folds are stratified by set and label and assigned deterministically from a hash of each text's
 *   path inside its set, so adding a text does not reshuffle the others.
 * - The vocabulary (features firing in enough training texts) is built inside each fold.
 * - The hyperparameters (L2 strength of the cue features and of the word features, ∞ = no word
 *   features) are chosen by cross-validated log loss after Platt calibration; the shipped calibration
 *   (two slopes meeting at a raw score of 0 on the real texts, `calibrationFitFor`) is fitted on
 *   out-of-fold scores of the real texts when there are enough of them (`calibratedBy`), pooled over
 *   several partitions (`pooledCalibration`). `nestedCrossValidation` repeats the whole choice inside every outer
 *   fold, so its figures come from texts no part of the procedure saw.
 * - Our retold sets (`devset-retold-*`) only fill in: the model is fitted on the other sets, and the
 *   retold texts then give weights to the cue and fact features that fit left at zero (see `fillIn`).
 */
import path from 'node:path';
import { documentFeatures, scoreFeatures, type ClassifierInput, type ClassifierModel, type FiredFeature } from '../../functions/core/extraction/classifier.js';
import { extractPractice } from '../../functions/core/extraction/extract-practice.js';
import type { ExtractionInput } from '../../functions/core/model.js';
import { type LabelledText, readLabelledSet } from './labelled-sets.js';
import { type Calibration, type Example, calibrated, countDecisions, fitLogistic, fitPlatt, fitTwoSlopes, logLoss, prf } from './logistic.js';

/** One training text: where it comes from, its label and its fired features. */
export interface TrainingText {
  set: string;
  /** Path inside its set (stable id for fold assignment). */
  id: string;
  label: 0 | 1;
  features: ReadonlyMap<string, FiredFeature>;
  text: LabelledText;
}

/** Hyperparameters of one fit. */
export interface TrainingConfig {
  /** L2 strength on cue and fact features. */
  cuePenalty: number;
  /** L2 strength on word features; Infinity leaves words out. */
  wordPenalty: number;
}

/**
 * The grid searched by cross-validation, in order (ties go to the first): the L2 strength of the cue
 * features times that of the stemmed words (∞ = no words). Words are back in since extraction is
 * loaded apart from the ingest bundle (functions/adapters/extraction/lazy-extractor.ts), so their
 * Cyrillic keys no longer count against the bundle limit.
 */
export const GRID: readonly TrainingConfig[] = [4, 8, 16].flatMap((cuePenalty) => [8, 16, 32, Infinity].map((wordPenalty) => ({ cuePenalty, wordPenalty })));

/** Minimum number of training texts a feature must fire in to get a weight. */
const MIN_DF_CUE = 2;
const MIN_DF_WORD = 3;
/** Weights smaller than this are dropped from the shipped model (they move no decision). */
export const PRUNE_BELOW = 0.05;
export const FOLDS = 10;
const INNER_FOLDS = 5;

/** Word (stem) features, penalised apart from the cue features. */
export const isWordFeature = (name: string): boolean => name.startsWith('w:') || name.startsWith('t:');

/** What the classifier is given for a text: the extractor is run with a classifier that records its input. */
export function classifierInputOf(article: ExtractionInput): ClassifierInput {
  let captured: ClassifierInput | null = null;
  extractPractice(article, {
    classifier: (input) => {
      captured = input;
      return { isPracticeAnnouncement: false, confidence: 0, reasons: [], score: 0 };
    },
  });
  return captured!;
}

/** Runs the extractor over the labelled sets and records the classifier's features for each text. */
export function loadTrainingTexts(dirs: readonly string[]): TrainingText[] {
  const out: TrainingText[] = [];
  for (const dir of dirs) {
    const { texts } = readLabelledSet(dir);
    for (const text of texts) {
      out.push({
        set: path.basename(dir),
        id: path.relative(dir, text.path),
        label: text.label.isPracticeAnnouncement ? 1 : 0,
        features: documentFeatures(classifierInputOf(text.input)),
        text,
      });
    }
  }
  return out;
}

/** FNV-1a, 32 bits: a fixed, platform-independent hash for fold assignment (and the retrain's held-back slice). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Stratified fold numbers (0..k-1), one per text: within each (set, label) stratum the texts are
 * ordered by hash and dealt round-robin, continuing the count across strata so folds stay even.
 * A `salt` gives another partition, just as deterministic (repeated cross-validation); '' is the one
 * training and the shipped figures use.
 */
export function assignFolds(texts: readonly Pick<TrainingText, 'set' | 'id' | 'label'>[], k: number, salt = ''): number[] {
  const strata = new Map<string, number[]>();
  texts.forEach((text, index) => {
    const key = `${text.set}\u0000${text.label}`;
    strata.set(key, [...(strata.get(key) ?? []), index]);
  });
  const folds = new Array<number>(texts.length).fill(0);
  let dealt = 0;
  for (const key of [...strata.keys()].sort()) {
    const members = strata.get(key)!.sort((a, b) => fnv1a(`${salt}${texts[a]!.set}/${texts[a]!.id}`) - fnv1a(`${salt}${texts[b]!.set}/${texts[b]!.id}`) || (texts[a]!.id < texts[b]!.id ? -1 : 1));
    for (const index of members) folds[index] = dealt++ % k;
  }
  return folds;
}

/** Features that fire in enough of the given texts, sorted by name. */
export function vocabulary(texts: readonly TrainingText[], config: Pick<TrainingConfig, 'wordPenalty'>): string[] {
  const df = new Map<string, number>();
  for (const text of texts) for (const name of text.features.keys()) df.set(name, (df.get(name) ?? 0) + 1);
  return [...df]
    .filter(([name, count]) => (isWordFeature(name) ? Number.isFinite(config.wordPenalty) && count >= MIN_DF_WORD : count >= MIN_DF_CUE))
    .map(([name]) => name)
    .sort();
}

/** The texts as sparse examples over the given columns (features outside them dropped). */
export function toExamples(texts: readonly TrainingText[], columns: ReadonlyMap<string, number>): Example[] {
  return texts.map((text) => {
    const entries: Array<[number, number]> = [];
    for (const [name, feature] of text.features) {
      const column = columns.get(name);
      if (column !== undefined) entries.push([column, feature.value]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    return { indices: Int32Array.from(entries.map((e) => e[0])), values: Float64Array.from(entries.map((e) => e[1])), label: text.label };
  });
}

/** An uncalibrated fitted model: weights by feature name (pruned and rounded as shipped) and the intercept. */
export interface RawModel {
  bias: number;
  weights: Map<string, number>;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/**
 * Sets that only fill in the model: our retold sets, real kinds of news retold by writers who saw
 * neither the classifier nor devtexts. As training text they teach our writing's boundary and density
 * of cues (README, seventh session: devtexts nested CV 0.833 → 0.774), so they decide no weight the
 * other sets decide; they give weights only to the cue and fact features those sets leave at zero.
 */
export const isFillInSet = (set: string): boolean => set.startsWith('devset-retold-');
/** L2 strength of the filled-in weights. */
export const FILL_IN_PENALTY = 16;
/**
 * λ_cue when fill-in sets are in training: at 8 the other sets keep more weights of their own and ours
 * fill in fewer (devtexts nested CV 0.834 at 8, 0.873 at 16, three partitions, λ_word 8 fixed; chosen on
 * those figures), and the inner CV's log loss on the other sets does not see that.
 */
export const FILL_IN_CUE_PENALTY = 16;

/**
 * Fits one model on texts, pruned and rounded as the shipped model is, so that CV measures what
 * ships: on the texts of the other sets, then filled in from the fill-in sets' texts among them.
 */
export function fitRaw(texts: readonly TrainingText[], config: TrainingConfig): RawModel {
  const filling = texts.filter((text) => isFillInSet(text.set));
  // Fill-in sets alone (`npm run train -- test/devset-retold-x`) are fitted as any set is.
  if (filling.length === texts.length) return fitBase(texts, config);
  const base = fitBase(texts.filter((text) => !isFillInSet(text.set)), config);
  return filling.length ? fillIn(base, filling) : base;
}

/**
 * Whether the fill-in may give a feature a weight: the cue features and the graded length, not words
 * (they carry a writer's style) nor the document's other facts (which bodies it names, whether it names
 * no region or several, whether a region owns the practice). Those say how our writers compose a story
 * more than what real news announces: in our retold sets a text naming no region is an announcement in
 * 2 of 311, in devtexts in 5 of 19, and the organisation facts' filled-in weights (minzdrav +0.37,
 * moscow-government +0.38) were our writers' choice of bodies. Eighteenth session: devtexts nested CV
 * 0.887 → 0.888 (a screen at λ 16,8 on other partitions read 0.899 → 0.910), transfer 0.882 as before,
 * the held-out rounds a text or two either way (README, "Measured in the eighteenth session").
 */
const isFillable = (name: string): boolean => !isWordFeature(name) && (!name.startsWith('doc:') || name === 'doc:length');

/**
 * The base model with weights for the fillable features ({@link isFillable}) that it leaves at zero
 * and that fire in enough of `texts`, fitted on those texts with the base model's score as a fixed
 * offset. The fit's own intercept absorbs the difference between our sets' share of announcements and
 * the real texts' and is dropped; the base weights stay as they are. Tenth session: devtexts nested CV
 * 0.838 → 0.869 (λ_cue 16 both; README, "Measured in the tenth session").
 */
export function fillIn(base: RawModel, texts: readonly TrainingText[]): RawModel {
  const df = new Map<string, number>();
  for (const text of texts) for (const name of text.features.keys()) if (isFillable(name) && !base.weights.has(name)) df.set(name, (df.get(name) ?? 0) + 1);
  const names = [...df].filter(([, count]) => count >= MIN_DF_CUE).map(([name]) => name).sort();
  if (names.length === 0) return base;
  const columns = new Map(names.map((name, index) => [name, index]));
  const examples = toExamples(texts, columns).map((example, i) => ({ ...example, offset: rawScore(base, texts[i]!.features) }));
  const fitted = fitLogistic(examples, { penalties: new Float64Array(names.length).fill(FILL_IN_PENALTY) });
  const weights = new Map(base.weights);
  names.forEach((name, index) => {
    const weight = round(fitted.weights[index]!, 3);
    if (Math.abs(weight) >= PRUNE_BELOW) weights.set(name, weight);
  });
  return { bias: base.bias, weights };
}

function fitBase(texts: readonly TrainingText[], config: TrainingConfig): RawModel {
  const names = vocabulary(texts, config);
  const columns = new Map(names.map((name, index) => [name, index]));
  const penalties = Float64Array.from(names.map((name) => (isWordFeature(name) ? config.wordPenalty : config.cuePenalty)));
  const fitted = fitLogistic(toExamples(texts, columns), { penalties });
  const weights = new Map<string, number>();
  names.forEach((name, index) => {
    const weight = round(fitted.weights[index]!, 3);
    if (Math.abs(weight) >= PRUNE_BELOW) weights.set(name, weight);
  });
  return { bias: round(fitted.bias, 3), weights };
}

export function rawScore(model: RawModel, features: ReadonlyMap<string, FiredFeature>): number {
  let z = model.bias;
  for (const [name, feature] of features) z += (model.weights.get(name) ?? 0) * feature.value;
  return z;
}

/** Out-of-fold raw scores: every text scored by a model fitted on the other folds. */
export function outOfFoldScores(texts: readonly TrainingText[], folds: readonly number[], k: number, config: TrainingConfig): number[] {
  const scores = new Array<number>(texts.length).fill(0);
  for (let fold = 0; fold < k; fold += 1) {
    const train = texts.filter((_, i) => folds[i] !== fold);
    if (train.length === texts.length) continue;
    const model = fitRaw(train, config);
    texts.forEach((text, i) => {
      if (folds[i] === fold) scores[i] = rawScore(model, text.features);
    });
  }
  return scores;
}

/** The set name editors' examples carry in training and in reports (scripts/retrain/guarded-retrain.ts). */
export const EDITOR_SET = 'editors';
/**
 * Sets of real text: ../shared/devtexts (real news retold, labelled by the labeller of the held-back
 * sets) and the editors' verdicts on ingested records. What the classifier will score looks like
 * them, not like our own sets, which it separates almost perfectly.
 */
export const REAL_TEXT_SETS: ReadonlySet<string> = new Set(['devtexts', EDITOR_SET]);
/** Real texts needed, in all and of each label, before the calibration is fitted on them alone. */
const MIN_REAL_CALIBRATION = { texts: 60, perLabel: 15 };

/**
 * Which texts a model is judged on: those of the sets it is fitted on, not the fill-in sets (unless
 * there is nothing else).
 */
function judgedBy(texts: readonly Pick<TrainingText, 'set'>[]): boolean[] {
  const onlyFillIn = texts.every((text) => isFillInSet(text.set));
  return texts.map((text) => onlyFillIn || !isFillInSet(text.set));
}

/**
 * Which texts the calibration and the threshold are fitted on: the real texts when there are enough
 * of them, else every judged text. Our own sets' out-of-fold scores sit far from the boundary, so
 * pooled with them the real texts' announcements came out underconfident (devtexts ECE 0.061) and the
 * threshold too high for them. Fifteenth session, devtexts nested CV at λ 16,8 over the five
 * partitions: F1 0.873 → 0.885, ECE 0.061 → 0.056.
 */
export function calibratedBy(texts: readonly Pick<TrainingText, 'set' | 'label'>[]): boolean[] {
  const judged = judgedBy(texts);
  const real = texts.filter((text) => REAL_TEXT_SETS.has(text.set));
  const positives = real.filter((text) => text.label === 1).length;
  const enough = real.length >= MIN_REAL_CALIBRATION.texts && Math.min(positives, real.length - positives) >= MIN_REAL_CALIBRATION.perLabel;
  return enough ? texts.map((text) => REAL_TEXT_SETS.has(text.set)) : judged;
}

type CalibrationFit = (scores: readonly number[], labels: readonly (0 | 1)[]) => Calibration;

/**
 * The map fitted on the real texts is two slopes (`fitTwoSlopes`): on devtexts' nested CV it gave the lower log
 * loss and ECE (twenty-seventh and twenty-eighth sessions; 0.055 → 0.046 by the full procedure). Fitted on our
 * own sets, whose scores sit far from the boundary (too few real texts yet), it was never measured, and in the
 * learning loop's simulation on 128 of our texts it cost the untouched real texts F1: there it stays Platt's.
 */
function calibrationFitFor(calibrationTexts: readonly Pick<TrainingText, 'set'>[]): CalibrationFit {
  return calibrationTexts.length > 0 && calibrationTexts.every((text) => REAL_TEXT_SETS.has(text.set)) ? fitTwoSlopes : fitPlatt;
}

/**
 * The calibration of out-of-fold `scores` of `texts` by `fit` ({@link calibrationFitFor}'s map unless given),
 * fitted on those `chosen` ({@link calibratedBy}'s pick unless given), their log loss and the F1-optimal threshold.
 */
export function calibrateOn(texts: readonly TrainingText[], scores: readonly number[], chosen: readonly boolean[] = calibratedBy(texts), fit: CalibrationFit = calibrationFitFor(texts.filter((_, i) => chosen[i]))): { calibration: Calibration; logLoss: number; threshold: number } {
  const chosenScores = scores.filter((_, i) => chosen[i]);
  const chosenLabels = texts.filter((_, i) => chosen[i]).map((text) => text.label);
  const calibration = fit(chosenScores, chosenLabels);
  const probabilities = chosenScores.map((score) => calibrated(calibration, score));
  return { calibration, logLoss: logLoss(probabilities, chosenLabels), threshold: f1Threshold(probabilities, chosenLabels) };
}

/**
 * Partitions into folds whose out-of-fold scores the shipped calibration is pooled over. Fitted on one
 * partition's scores of a hundred-odd real texts, the Platt intercept moved 0.41 → 0.24 → 0.61 over
 * three retrains that changed little else.
 */
export const CALIBRATION_PARTITIONS = 3;

/**
 * The calibration ({@link calibrateOn}) of `config` fitted on the out-of-fold scores of
 * {@link CALIBRATION_PARTITIONS} partitions of `texts` into k folds, pooled; `first` are the scores of
 * the partition `salt` names when already computed.
 */
export function pooledCalibration(texts: readonly TrainingText[], config: TrainingConfig, k: number, salt = '', first?: readonly number[]): { calibration: Calibration; logLoss: number; threshold: number } {
  // Which texts count is decided once, on the texts themselves (the pool holds each of them several times).
  const chosen = calibratedBy(texts);
  const pooledTexts: TrainingText[] = [];
  const pooledScores: number[] = [];
  const pooledChosen: boolean[] = [];
  for (let partition = 0; partition < CALIBRATION_PARTITIONS; partition += 1) {
    const partitionSalt = partition === 0 ? salt : `${salt}calibration-${partition}`;
    pooledTexts.push(...texts);
    pooledChosen.push(...chosen);
    pooledScores.push(...(partition === 0 && first ? first : outOfFoldScores(texts, assignFolds(texts, k, partitionSalt), k, config)));
  }
  return calibrateOn(pooledTexts, pooledScores, pooledChosen);
}

/** Where the decision threshold is searched, in hundredths. */
const THRESHOLD_RANGE = { from: 0.2, to: 0.6 };
/** Hundredths either side over which F1 is averaged: F1 over a few hundred probabilities is a step function. */
const THRESHOLD_SMOOTHING = 3;

/**
 * The decision threshold that maximises F1 over the given out-of-fold probabilities, F1 averaged over
 * ±{@link THRESHOLD_SMOOTHING} hundredths around each candidate, searched in hundredths over
 * {@link THRESHOLD_RANGE}; of equal maxima, the one nearest half the F1 reached, which is where a perfectly
 * calibrated model's optimum lies (Lipton, Elkan and Naryanaswamy 2014). Taken from the probabilities
 * themselves rather than from that rule alone because the calibration, fitted on a hundred-odd real texts,
 * is not perfect: on devtexts the rule's threshold (about 0.45) sat above the best one. The averaging keeps
 * a step of F1 from moving the threshold when the features barely change.
 */
export function f1Threshold(probabilities: readonly number[], labels: readonly (0 | 1)[]): number {
  const f1At = new Map<number, number>();
  const from = Math.round(THRESHOLD_RANGE.from * 100);
  const to = Math.round(THRESHOLD_RANGE.to * 100);
  for (let hundredths = from - THRESHOLD_SMOOTHING; hundredths <= to + THRESHOLD_SMOOTHING; hundredths += 1) {
    f1At.set(hundredths, prf(countDecisions(probabilities, labels, hundredths / 100)).f1);
  }
  const candidates: Array<{ threshold: number; f1: number }> = [];
  for (let hundredths = from; hundredths <= to; hundredths += 1) {
    let sum = 0;
    for (let k = -THRESHOLD_SMOOTHING; k <= THRESHOLD_SMOOTHING; k += 1) sum += f1At.get(hundredths + k)!;
    candidates.push({ threshold: hundredths / 100, f1: sum / (2 * THRESHOLD_SMOOTHING + 1) });
  }
  const top = Math.max(...candidates.map((candidate) => candidate.f1));
  let best: { threshold: number; f1: number } | null = null;
  for (const candidate of candidates) {
    if (candidate.f1 < top - 1e-12) continue;
    if (!best || Math.abs(candidate.threshold - top / 2) < Math.abs(best.threshold - top / 2) - 1e-12) best = candidate;
  }
  return best!.threshold;
}

/**
 * The map the hyperparameters are compared under: Platt's one slope. With the two slopes the shipped
 * calibration uses, the comparison lets the map make up for a weaker fit, and the choice moved to weaker
 * ones (devtexts' nested CV 0.928 → 0.916 over five partitions, twenty-eighth session).
 */
const SELECTION_MAP: CalibrationFit = fitPlatt;

/** Chooses the hyperparameters by k-fold CV log loss (after {@link SELECTION_MAP}'s calibration of the OOF scores). */
export function selectConfig(texts: readonly TrainingText[], k: number, grid: readonly TrainingConfig[] = GRID, salt = ''): { config: TrainingConfig; calibration: Calibration; threshold: number; logLoss: number; scores: number[] } {
  const folds = assignFolds(texts, k, salt);
  const held = texts.some((text) => isFillInSet(text.set)) ? grid.filter((config) => config.cuePenalty === FILL_IN_CUE_PENALTY) : [];
  let best: { config: TrainingConfig; calibration: Calibration; threshold: number; logLoss: number; scores: number[] } | null = null;
  for (const config of held.length ? held : grid) {
    const scores = outOfFoldScores(texts, folds, k, config);
    const { calibration, threshold, logLoss: loss } = calibrateOn(texts, scores, undefined, SELECTION_MAP);
    if (!best || loss < best.logLoss - 1e-9) best = { config, calibration, threshold, logLoss: loss, scores };
  }
  // The hyperparameters are chosen on one partition; the chosen ones' calibration is pooled over several.
  const { calibration, threshold } = pooledCalibration(texts, best!.config, k, salt, best!.scores);
  return { ...best!, calibration, threshold };
}

/** Trains the model to ship: hyperparameters and calibration by 10-fold CV on all texts, weights fitted on all. */
export function trainModel(texts: readonly TrainingText[], grid: readonly TrainingConfig[] = GRID): { model: ClassifierModel; config: TrainingConfig; cvScores: number[] } {
  const selection = selectConfig(texts, FOLDS, grid);
  const raw = fitRaw(texts, selection.config);
  const weights = Object.fromEntries([...raw.weights].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  return {
    model: { bias: raw.bias, calibration: roundedCalibration(selection.calibration), threshold: selection.threshold, weights },
    config: selection.config,
    cvScores: selection.scores,
  };
}

/** The calibration as the model file keeps it, to four decimals. */
function roundedCalibration(calibration: Calibration): Calibration {
  const rounded: Calibration = { a: round(calibration.a, 4), b: round(calibration.b, 4) };
  if (calibration.aBelow !== undefined) rounded.aBelow = round(calibration.aBelow, 4);
  return rounded;
}

/** A calibrated classifier model from a raw fit and a calibration. */
export function toModel(raw: RawModel, calibration: Calibration, threshold = 0.5): ClassifierModel {
  return { bias: raw.bias, calibration, threshold, weights: Object.fromEntries(raw.weights) };
}

/** One text's cross-validated prediction. */
export interface Prediction {
  text: TrainingText;
  probability: number;
  /** The model's decision (its probability against its threshold). */
  decision: boolean;
  reasons: string[];
  fold: number;
  config: TrainingConfig;
}

/**
 * Nested cross-validation: for each of the k outer folds, the hyperparameters and the calibration
 * are chosen by an inner CV on the other folds alone, a model is fitted on them, and the outer fold
 * is scored. Every probability comes from a procedure that never saw the text. `salt` picks another
 * partition of the texts into folds (outer and inner), for repeated cross-validation; `keep` leaves
 * texts out of every training part (they are still scored), for a learning curve.
 */
export function nestedCrossValidation(texts: readonly TrainingText[], k = FOLDS, grid: readonly TrainingConfig[] = GRID, onFold?: (fold: number, config: TrainingConfig) => void, salt = '', keep: (text: TrainingText) => boolean = () => true): Prediction[] {
  const folds = assignFolds(texts, k, salt);
  const predictions: Prediction[] = [];
  for (let fold = 0; fold < k; fold += 1) {
    const train = texts.filter((text, i) => folds[i] !== fold && keep(text));
    const selection = selectConfig(train, INNER_FOLDS, grid, salt);
    const model = toModel(fitRaw(train, selection.config), selection.calibration, selection.threshold);
    onFold?.(fold, selection.config);
    texts.forEach((text, i) => {
      if (folds[i] !== fold) return;
      const { confidence, reasons, isPracticeAnnouncement } = scoreFeatures(text.features, model);
      predictions.push({ text, probability: confidence, decision: isPracticeAnnouncement, reasons, fold, config: selection.config });
    });
  }
  return predictions.sort((a, b) => texts.indexOf(a.text) - texts.indexOf(b.text));
}

/** Plain k-fold CV with fixed hyperparameters (calibration fitted on inner OOF scores of each training part). */
export function crossValidation(texts: readonly TrainingText[], config: TrainingConfig, k = FOLDS): Prediction[] {
  const folds = assignFolds(texts, k);
  const predictions: Prediction[] = [];
  for (let fold = 0; fold < k; fold += 1) {
    const train = texts.filter((_, i) => folds[i] !== fold);
    const { calibration, threshold } = pooledCalibration(train, config, INNER_FOLDS);
    const model = toModel(fitRaw(train, config), calibration, threshold);
    texts.forEach((text, i) => {
      if (folds[i] !== fold) return;
      const { confidence, reasons, isPracticeAnnouncement } = scoreFeatures(text.features, model);
      predictions.push({ text, probability: confidence, decision: isPracticeAnnouncement, reasons, fold, config });
    });
  }
  return predictions.sort((a, b) => texts.indexOf(a.text) - texts.indexOf(b.text));
}

/** Key of a config for printing. */
export function describeConfig(config: TrainingConfig): string {
  return `λ_cue=${config.cuePenalty} λ_word=${Number.isFinite(config.wordPenalty) ? config.wordPenalty : '∞ (no words)'}`;
}
