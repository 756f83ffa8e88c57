/**
 * One-off experiment (issue 11, twenty-seventh session): would another calibration map bring devtexts' ECE
 * under 0.05? The nested cross-validation of `npm run eval -- --cv --repeats 5 --lambda 16,8` (the screen:
 * one configuration, so no grid search in the loop) is rerun with the raw scores kept, and each outer fold's
 * devtexts texts are scored through several maps, every one fitted on the same inner out-of-fold scores of
 * the real texts as the shipped calibration (`pooledCalibration`: three partitions into five folds).
 * For each map: devtexts F1 (at the F1 threshold over the inner probabilities, as shipped), ECE and log loss,
 * mean [min–max] over the five partitions. The twenty-eighth session added Platt fitted by the Brier score, the
 * fitted slopes, and a diagnostic: a sigmoid fitted on each partition's own test scores, the best any one-slope
 * map could do (it read ECE 0.072 there, so no Platt map reaches 0.05; two slopes then shipped).
 *
 * Usage: `nice npx tsx scripts/training/_calibration-experiment.ts DIR… [--ten]` with the training sets of
 * `npm run eval -- --cv` (held-out sets are dropped); `--ten` adds Platt on ten inner folds. About 3 minutes over
 * the 130 sets, 10 with `--ten`. 'Platt (one slope)' is the map shipped before the two slopes.
 */
import path from 'node:path';
import { assignFolds, CALIBRATION_PARTITIONS, calibratedBy, f1Threshold, fitRaw, loadTrainingTexts, rawScore, type RawModel, type TrainingConfig, type TrainingText } from './announcement-training.js';
import { isHeldOut } from './held-out.js';
import { calibrated, countDecisions, expectedCalibrationError, fitLogistic, fitPlatt, logLoss, prf } from './logistic.js';

const CONFIG: TrainingConfig = { cuePenalty: 16, wordPenalty: 8 };
const PARTITIONS = 5;
const OUTER = 10;

type Pair = { score: number; label: 0 | 1 };
/** A calibration map fitted on inner (score, label) pairs. */
type MapFit = (pairs: readonly Pair[]) => (score: number) => number;

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** Platt scaling without Platt's smoothed targets (plain 0/1 labels). */
function plainPlatt(pairs: readonly Pair[]): (score: number) => number {
  const examples = pairs.map(({ score, label }) => ({ indices: Int32Array.of(0), values: Float64Array.of(score), label }));
  const fit = fitLogistic(examples, { penalties: new Float64Array(1) });
  return (score) => sigmoid(fit.weights[0]! * score + fit.bias);
}

/** Two-feature logistic maps: beta calibration (log p and log(1 − p) of the raw probability) and a slope that changes at 0. */
function twoFeatureMap(features: (score: number) => [number, number]): MapFit {
  return (pairs) => {
    const examples = pairs.map(({ score, label }) => ({ indices: Int32Array.of(0, 1), values: Float64Array.from(features(score)), label }));
    const fit = fitLogistic(examples, { penalties: new Float64Array(2).fill(1e-3) });
    return (score) => {
      const [x, y] = features(score);
      return sigmoid(fit.weights[0]! * x + fit.weights[1]! * y + fit.bias);
    };
  };
}

/** The slopes each map fitted, by map, printed with the figures. */
const slopes: Array<{ name: string; a: number }> = [];

/**
 * Platt's sigmoid fitted by the Brier score (squared error) instead of log loss: a bounded loss, so a few
 * confident errors (the labeller's unsure near-misses scored high) flatten the slope less.
 */
function brierPlatt(pairs: readonly Pair[]): (score: number) => number {
  const start = fitPlatt(pairs.map((pair) => pair.score), pairs.map((pair) => pair.label));
  let [a, b] = [start.a, start.b];
  const loss = (a: number, b: number): number => pairs.reduce((sum, { score, label }) => sum + (sigmoid(a * score + b) - label) ** 2, 0);
  let current = loss(a, b);
  let rate = 0.05;
  for (let iteration = 0; iteration < 2000 && rate > 1e-9; iteration += 1) {
    let ga = 0;
    let gb = 0;
    for (const { score, label } of pairs) {
      const p = sigmoid(a * score + b);
      const g = 2 * (p - label) * p * (1 - p);
      ga += g * score;
      gb += g;
    }
    const next = loss(a - rate * ga, b - rate * gb);
    if (next < current) {
      a -= rate * ga;
      b -= rate * gb;
      if (current - next < 1e-12) break;
      current = next;
      rate *= 1.2;
    } else rate /= 2;
  }
  slopes.push({ name: 'Brier', a });
  return (score) => sigmoid(a * score + b);
}


const MAPS: Record<string, MapFit> = {
  'Platt, Brier score': brierPlatt,
  'Platt (one slope)': (pairs) => {
    const calibration = fitPlatt(pairs.map((pair) => pair.score), pairs.map((pair) => pair.label));
    slopes.push({ name: 'Platt', a: calibration.a });
    return (score) => calibrated(calibration, score);
  },
  'Platt, plain targets': plainPlatt,
  'beta calibration': twoFeatureMap((score) => [-softplus(-score), softplus(score)]),
  'two slopes (break at 0)': twoFeatureMap((score) => [Math.min(score, 0), Math.max(score, 0)]),
};

interface FoldScores {
  /** Inner out-of-fold scores of the real texts, `CALIBRATION_PARTITIONS` partitions into `k` folds pooled, as `pooledCalibration` pools them. */
  inner: Pair[];
  /** The outer fold's devtexts: the full training part's score, and the mean score of the inner models. */
  test: Array<{ score: number; bagged: number; label: 0 | 1 }>;
}

function foldScores(train: readonly TrainingText[], test: readonly TrainingText[], salt: string, k: number): FoldScores {
  const chosen = calibratedBy(train);
  const inner: Pair[] = [];
  const sums = new Array<number>(test.length).fill(0);
  let models = 0;
  for (let partition = 0; partition < CALIBRATION_PARTITIONS; partition += 1) {
    const folds = assignFolds(train, k, partition === 0 ? salt : `${salt}calibration-${partition}`);
    for (let fold = 0; fold < k; fold += 1) {
      const model: RawModel = fitRaw(train.filter((_, i) => folds[i] !== fold), CONFIG);
      train.forEach((text, i) => {
        if (folds[i] === fold && chosen[i]) inner.push({ score: rawScore(model, text.features), label: text.label });
      });
      test.forEach((text, j) => (sums[j]! += rawScore(model, text.features)));
      models += 1;
    }
  }
  const full = fitRaw(train, CONFIG);
  return { inner, test: test.map((text, j) => ({ score: rawScore(full, text.features), bagged: sums[j]! / models, label: text.label })) };
}

const dirs = process.argv.slice(2).filter((dir) => !isHeldOut(path.resolve(dir)));
const texts = loadTrainingTexts(dirs);
type Row = { f1: number[]; ece: number[]; loss: number[] };
const rows = new Map<string, Row>();
const record = (name: string, probabilities: number[], decisions: number[], labels: Array<0 | 1>): void => {
  const row = rows.get(name) ?? { f1: [], ece: [], loss: [] };
  row.f1.push(prf(countDecisions(decisions, labels)).f1);
  row.ece.push(expectedCalibrationError(probabilities, labels));
  row.loss.push(logLoss(probabilities, labels));
  rows.set(name, row);
};
const started = Date.now();
const outerPairs: Pair[] = [];
for (let repeat = 0; repeat < PARTITIONS; repeat += 1) {
  const salt = repeat === 0 ? '' : `repeat-${repeat}`;
  const outer = assignFolds(texts, OUTER, salt);
  const collected = new Map<string, { p: number[]; d: number[]; y: Array<0 | 1> }>();
  const add = (name: string, p: number, threshold: number, y: 0 | 1): void => {
    const entry = collected.get(name) ?? { p: [], d: [], y: [] };
    entry.p.push(p);
    entry.d.push(p >= threshold ? 1 : 0);
    entry.y.push(y);
    collected.set(name, entry);
  };
  for (let fold = 0; fold < OUTER; fold += 1) {
    const train = texts.filter((_, i) => outer[i] !== fold);
    const test = texts.filter((text, i) => outer[i] === fold && text.set === 'devtexts');
    const five = foldScores(train, test, salt, 5);
    const ten = process.argv.includes('--ten') ? foldScores(train, test, salt, 10) : undefined;
    for (const [name, fitMap] of Object.entries(MAPS)) {
      const map = fitMap(five.inner);
      const threshold = f1Threshold(five.inner.map((pair) => map(pair.score)), five.inner.map((pair) => pair.label));
      for (const item of five.test) add(name, map(item.score), threshold, item.label);
      // The same map applied to the mean score of the fifteen inner models, whose scores it was fitted on.
      if (name === 'Platt (one slope)') for (const item of five.test) add('Platt, inner models averaged (bagged)', map(item.bagged), threshold, item.label);
    }
    if (ten) {
      const platt = MAPS['Platt (one slope)']!(ten.inner);
      const threshold = f1Threshold(ten.inner.map((pair) => platt(pair.score)), ten.inner.map((pair) => pair.label));
      for (const item of ten.test) add('Platt on ten inner folds', platt(item.score), threshold, item.label);
    }
    outerPairs.push(...five.test.map(({ score, label }) => ({ score, label })));
    console.error(`partition ${repeat + 1}, fold ${fold + 1}: ${Math.round((Date.now() - started) / 1000)} s`);
  }
  for (const [name, { p, d, y }] of collected) record(name, p, d, y);
  // Diagnostic, not a method: the sigmoid fitted on the partition's own outer test scores, the best any Platt map could do.
  const oracle = fitPlatt(outerPairs.map((pair) => pair.score), outerPairs.map((pair) => pair.label));
  const oracleP = outerPairs.map((pair) => calibrated(oracle, pair.score));
  record('(oracle: Platt fitted on the test scores)', oracleP, oracleP.map((p) => (p >= 0.5 ? 1 : 0)), outerPairs.map((pair) => pair.label));
  console.error(`partition ${repeat + 1}: oracle slope ${oracle.a.toFixed(3)}, intercept ${oracle.b.toFixed(3)}`);
  outerPairs.length = 0;
}
const range = (values: number[]): string => `${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(3)} [${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)}]`;
console.log(`devtexts, nested CV at λ ${CONFIG.cuePenalty},${CONFIG.wordPenalty} over ${PARTITIONS} partitions: mean [min–max]`);
console.log(`${'map'.padEnd(40)} ${'F1'.padEnd(21)} ${'ECE'.padEnd(21)} log loss`);
for (const name of ['Platt', 'Brier']) {
  const values = slopes.filter((slope) => slope.name === name).map((slope) => slope.a);
  if (values.length) console.log(`${name} slope over the inner fits: ${range(values)}`);
}
for (const [name, row] of rows) console.log(`${name.padEnd(40)} ${range(row.f1).padEnd(21)} ${range(row.ece).padEnd(21)} ${range(row.loss)}`);
