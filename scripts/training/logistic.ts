/**
 * L2-regularised logistic regression fitted by L-BFGS, plus Platt calibration and the metrics the
 * classifier is judged by. Everything here is deterministic: no randomness, a fixed iteration order,
 * so the same data give the same weights bit for bit.
 */

/** One example: sparse binary-or-real features (column indices and values), a label and a weight. */
export interface Example {
  indices: Int32Array;
  values: Float64Array;
  label: 0 | 1;
  /** Weight of the example in the loss (1 when absent). */
  weight?: number;
  /** A fixed term added to the example's score (0 when absent): another model's score that this fit refines. */
  offset?: number;
}

/** A fitted model over columns 0..n-1: weights and an unpenalised intercept. */
export interface LinearModel {
  weights: Float64Array;
  bias: number;
}

export interface FitOptions {
  /** L2 strength per column (0 leaves a column unpenalised). */
  penalties: Float64Array;
  maxIterations?: number;
  /** Stop when the gradient's largest component falls below this. */
  tolerance?: number;
  /** Start from these weights (warm start along a regularisation path). */
  start?: LinearModel;
  /** Prior means the penalty pulls each weight towards (0 when absent). */
  priors?: Float64Array;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
/** log(1 + e^z) without overflow. */
const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** The linear score of one example. */
export function linearScore(model: LinearModel, example: Example): number {
  let z = model.bias + (example.offset ?? 0);
  for (let k = 0; k < example.indices.length; k += 1) z += model.weights[example.indices[k]!]! * example.values[k]!;
  return z;
}

/** Objective (summed log loss + ½ Σ λ_j w_j²) and its gradient; parameters are [w…, bias]. */
function objective(examples: readonly Example[], penalties: Float64Array, priors: Float64Array | undefined, params: Float64Array, gradient: Float64Array): number {
  const n = penalties.length;
  gradient.fill(0);
  let loss = 0;
  for (const example of examples) {
    let z = params[n]! + (example.offset ?? 0);
    for (let k = 0; k < example.indices.length; k += 1) z += params[example.indices[k]!]! * example.values[k]!;
    // −log σ(z) for a positive, −log(1 − σ(z)) for a negative.
    const weight = example.weight ?? 1;
    loss += weight * (example.label === 1 ? softplus(-z) : softplus(z));
    const residual = weight * (sigmoid(z) - example.label);
    for (let k = 0; k < example.indices.length; k += 1) gradient[example.indices[k]!]! += residual * example.values[k]!;
    gradient[n]! += residual;
  }
  for (let j = 0; j < n; j += 1) {
    const w = params[j]! - (priors ? priors[j]! : 0);
    loss += 0.5 * penalties[j]! * w * w;
    gradient[j]! += penalties[j]! * w;
  }
  return loss;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i += 1) s += a[i]! * b[i]!;
  return s;
}

/** Options of {@link minimiseLbfgs}. */
export interface LbfgsOptions {
  /** Start from these parameters (zeros when absent). */
  start?: Float64Array;
  maxIterations?: number;
  /** Stop when the gradient's largest component falls below this. */
  tolerance?: number;
}

/**
 * Minimises a smooth objective (which writes its gradient into the second argument and returns its
 * value) by L-BFGS (memory 10) with a backtracking (Armijo) line search. Deterministic: a fixed
 * iteration order and no randomness.
 */
export function minimiseLbfgs(size: number, objective: (params: Float64Array, gradient: Float64Array) => number, options: LbfgsOptions = {}): Float64Array {
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-6;
  const memory = 10;
  const x = new Float64Array(size);
  if (options.start) x.set(options.start);
  const g = new Float64Array(size);
  let f = objective(x, g);
  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const rhoHistory: number[] = [];
  const direction = new Float64Array(size);
  const xNew = new Float64Array(size);
  const gNew = new Float64Array(size);
  const alpha = new Float64Array(memory);
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    let gMax = 0;
    for (let i = 0; i < size; i += 1) gMax = Math.max(gMax, Math.abs(g[i]!));
    if (gMax < tolerance) break;
    // Two-loop recursion: direction = −H·g.
    for (let i = 0; i < size; i += 1) direction[i] = -g[i]!;
    for (let m = sHistory.length - 1; m >= 0; m -= 1) {
      alpha[m] = rhoHistory[m]! * dot(sHistory[m]!, direction);
      const y = yHistory[m]!;
      for (let i = 0; i < size; i += 1) direction[i]! -= alpha[m]! * y[i]!;
    }
    if (sHistory.length > 0) {
      const last = sHistory.length - 1;
      const gamma = dot(sHistory[last]!, yHistory[last]!) / dot(yHistory[last]!, yHistory[last]!);
      for (let i = 0; i < size; i += 1) direction[i]! *= gamma;
    } else {
      // First step: a gradient step of unit length at most.
      const norm = Math.sqrt(dot(direction, direction));
      if (norm > 1) for (let i = 0; i < size; i += 1) direction[i]! /= norm;
    }
    for (let m = 0; m < sHistory.length; m += 1) {
      const beta = rhoHistory[m]! * dot(yHistory[m]!, direction);
      const s = sHistory[m]!;
      for (let i = 0; i < size; i += 1) direction[i]! += s[i]! * (alpha[m]! - beta);
    }
    let slope = dot(g, direction);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      for (let i = 0; i < size; i += 1) direction[i] = -g[i]!;
      slope = dot(g, direction);
      sHistory.length = 0;
      yHistory.length = 0;
      rhoHistory.length = 0;
    }
    let step = 1;
    let fNew = Infinity;
    for (let tries = 0; tries < 40; tries += 1) {
      for (let i = 0; i < size; i += 1) xNew[i] = x[i]! + step * direction[i]!;
      fNew = objective(xNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < f)) break;
    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let i = 0; i < size; i += 1) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (sHistory.length === memory) {
        sHistory.shift();
        yHistory.shift();
        rhoHistory.shift();
      }
      sHistory.push(s);
      yHistory.push(y);
      rhoHistory.push(1 / sy);
    }
    x.set(xNew);
    g.set(gNew);
    const converged = Math.abs(f - fNew) <= 1e-10 * Math.max(1, Math.abs(f));
    f = fNew;
    if (converged) break;
  }
  return x;
}

/**
 * Fits the model by L-BFGS ({@link minimiseLbfgs}). The objective is smooth and strictly convex when
 * every penalty is positive, so the minimum is unique.
 */
export function fitLogistic(examples: readonly Example[], options: FitOptions): LinearModel {
  const n = options.penalties.length;
  let start: Float64Array | undefined;
  if (options.start) {
    start = new Float64Array(n + 1);
    start.set(options.start.weights);
    start[n] = options.start.bias;
  }
  const x = minimiseLbfgs(n + 1, (params, gradient) => objective(examples, options.penalties, options.priors, params, gradient), {
    start,
    maxIterations: options.maxIterations,
    tolerance: options.tolerance,
  });
  return { weights: x.slice(0, n), bias: x[n]! };
}

/**
 * A calibration map from a raw score z to a probability: Platt scaling p = σ(a·z + b), or, with
 * `aBelow`, two slopes meeting at z = 0: p = σ(aBelow·z + b) below 0 and σ(a·z + b) from 0 up.
 */
export interface Calibration {
  a: number;
  b: number;
  /** The slope below a raw score of 0 (a two-slope map); absent, `a` holds on both sides. */
  aBelow?: number;
}

export function fitPlatt(scores: readonly number[], labels: readonly (0 | 1)[]): Calibration {
  // Platt's smoothed targets keep the fit finite when the scores separate the classes.
  const positives = labels.filter((label) => label === 1).length;
  const negatives = labels.length - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  const targets = labels.map((label) => (label === 1 ? hi : lo));
  const loss = (a: number, b: number): number => {
    let total = 0;
    for (let i = 0; i < scores.length; i += 1) {
      const z = a * scores[i]! + b;
      total += targets[i]! * softplus(-z) + (1 - targets[i]!) * softplus(z);
    }
    return total;
  };
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let iteration = 0; iteration < 100; iteration += 1) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < scores.length; i += 1) {
      const p = sigmoid(a * scores[i]! + b);
      const r = p - targets[i]!;
      const w = p * (1 - p);
      ga += r * scores[i]!;
      gb += r;
      haa += w * scores[i]! * scores[i]!;
      hab += w * scores[i]!;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // Damped Newton: halve the step until the loss goes down (a flat sigmoid makes full steps overshoot).
    let step = 1;
    let next = loss(a - da, b - db);
    while (next > current && step > 1e-8) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > current) break;
    a -= step * da;
    b -= step * db;
    const improved = current - next;
    current = next;
    if (improved < 1e-12) break;
  }
  return { a, b };
}

export function calibrated(calibration: Calibration, score: number): number {
  const slope = score < 0 && calibration.aBelow !== undefined ? calibration.aBelow : calibration.a;
  return sigmoid(slope * score + calibration.b);
}

/** The two-slope fit's L2 strength: enough to keep separable scores finite, too little to bend a fit on a hundred texts. */
const TWO_SLOPE_RIDGE = 1e-3;

/**
 * The two-slope calibration ({@link Calibration}'s `aBelow`): a logistic fit of the labels on the
 * score's negative and positive parts, plain 0/1 targets and a slight ridge to keep it finite when the
 * scores separate the classes. On devtexts' out-of-fold scores the one slope Platt fits is a compromise
 * that leaves texts just below the raw boundary too likely and those above it too unlikely; even a
 * sigmoid fitted on the test scores themselves reads an ECE of 0.072 there (issue 11).
 */
export function fitTwoSlopes(scores: readonly number[], labels: readonly (0 | 1)[]): Calibration {
  const examples: Example[] = scores.map((score, i) => ({ indices: Int32Array.of(0, 1), values: Float64Array.of(Math.min(score, 0), Math.max(score, 0)), label: labels[i]! }));
  const fit = fitLogistic(examples, { penalties: new Float64Array(2).fill(TWO_SLOPE_RIDGE) });
  return { a: fit.weights[1]!, b: fit.bias, aBelow: fit.weights[0]! };
}

/** Confusion counts of decisions against labels. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function countDecisions(probabilities: readonly number[], labels: readonly (0 | 1)[], threshold = 0.5): Counts {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  probabilities.forEach((p, i) => {
    const predicted = p >= threshold;
    if (predicted && labels[i] === 1) counts.tp += 1;
    else if (predicted) counts.fp += 1;
    else if (labels[i] === 1) counts.fn += 1;
    else counts.tn += 1;
  });
  return counts;
}

export function prf(counts: Pick<Counts, 'tp' | 'fp' | 'fn'>): { precision: number; recall: number; f1: number } {
  const precision = counts.tp + counts.fp === 0 ? 1 : counts.tp / (counts.tp + counts.fp);
  const recall = counts.tp + counts.fn === 0 ? 1 : counts.tp / (counts.tp + counts.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Per equal-width bin: how many probabilities, their sum and their labels' sum. */
function binSums(probabilities: readonly number[], labels: readonly (0 | 1)[], bins: number): { count: number[]; sumP: number[]; sumY: number[] } {
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  probabilities.forEach((p, i) => {
    const bin = Math.min(bins - 1, Math.floor(p * bins));
    count[bin]! += 1;
    sumP[bin]! += p;
    sumY[bin]! += labels[i]!;
  });
  return { count, sumP, sumY };
}

/** Expected calibration error over equal-width bins: Σ (n_b / N) · |mean label − mean probability|. */
export function expectedCalibrationError(probabilities: readonly number[], labels: readonly (0 | 1)[], bins = 10): number {
  const { count, sumP, sumY } = binSums(probabilities, labels, bins);
  let ece = 0;
  for (let bin = 0; bin < bins; bin += 1) if (count[bin]! > 0) ece += Math.abs(sumY[bin]! - sumP[bin]!) / probabilities.length;
  return ece;
}

/** One bin of a reliability table: how many probabilities fell in it, their mean, and the share of them labelled 1. */
export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  meanProbability: number;
  observed: number;
}

/**
 * The reliability table behind {@link expectedCalibrationError}: the same equal-width bins, each with its
 * mean probability beside the share of its texts labelled 1 (empty bins left out). The ECE says how far
 * off a model is; the table says where: on devtexts the announcements between 0.5 and 0.9 were all
 * announcements, and the top bin held the labeller's unsure near-misses.
 */
export function reliabilityBins(probabilities: readonly number[], labels: readonly (0 | 1)[], bins = 10): ReliabilityBin[] {
  const { count, sumP, sumY } = binSums(probabilities, labels, bins);
  const out: ReliabilityBin[] = [];
  for (let bin = 0; bin < bins; bin += 1) {
    if (count[bin] === 0) continue;
    out.push({ from: bin / bins, to: (bin + 1) / bins, count: count[bin]!, meanProbability: sumP[bin]! / count[bin]!, observed: sumY[bin]! / count[bin]! });
  }
  return out;
}

/**
 * What the expected calibration error says on this few texts: the ECE a perfectly calibrated model
 * with these very probabilities would show, labels drawn from the probabilities themselves
 * (`draws` times, a fixed-seed generator: deterministic), and the share of those draws whose ECE is
 * at least `observed` (a p-value: small when the observed miscalibration is more than chance). On 135
 * texts in 10 bins, chance alone gives an ECE of about 0.06.
 */
export function calibrationNoise(probabilities: readonly number[], observed: number, draws = 2000, bins = 10): { expected: number; pValue: number } {
  if (probabilities.length === 0) return { expected: 0, pValue: 1 };
  // mulberry32: small, fast and well mixed; a fixed seed so the figure repeats.
  let state = 0x9e3779b9;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  let sum = 0;
  let atLeast = 0;
  for (let draw = 0; draw < draws; draw += 1) {
    const labels = probabilities.map((p) => (next() < p ? 1 : 0) as 0 | 1);
    const ece = expectedCalibrationError(probabilities, labels, bins);
    sum += ece;
    if (ece >= observed - 1e-12) atLeast += 1;
  }
  return { expected: sum / draws, pValue: atLeast / draws };
}

/** Mean log loss of probabilities (clipped away from 0 and 1). */
export function logLoss(probabilities: readonly number[], labels: readonly (0 | 1)[]): number {
  let loss = 0;
  probabilities.forEach((p, i) => {
    const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
    loss -= labels[i] === 1 ? Math.log(q) : Math.log(1 - q);
  });
  return loss / probabilities.length;
}
