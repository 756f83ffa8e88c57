/**
 * A small, deterministic logistic regression: Newton's method from zero weights, an L2
 * penalty, classes weighted to count equally (there are far more different-story pairs than
 * same-story ones). Same data, same weights: the model file can be checked for being current.
 */
import { FEATURE_NAMES, type FeatureName, type FeatureVector } from '../../functions/core/stories/features.js';
import { probability, type LogisticModel } from '../../functions/core/stories/linking.js';

export interface Example {
  features: FeatureVector;
  label: boolean;
}

export interface TrainOptions {
  /** L2 penalty on the weights (not the bias), relative to the mean loss. */
  l2?: number;
  /** Newton steps at most (it converges in far fewer). */
  iterations?: number;
  /** The features the model uses (default: all). */
  features?: readonly FeatureName[];
}

export function train(examples: Example[], options: TrainOptions = {}): Omit<LogisticModel, 'threshold'> {
  const l2 = options.l2 ?? 0.001;
  const iterations = options.iterations ?? 50;
  const positives = examples.filter((e) => e.label).length;
  const negatives = examples.length - positives;
  if (positives === 0 || negatives === 0) throw new Error('training needs both classes');
  const weightOf = (label: boolean) => (label ? examples.length / (2 * positives) : examples.length / (2 * negatives));
  // Newton's method (iteratively reweighted least squares): a handful of steps, exact and repeatable.
  const names = options.features ?? FEATURE_NAMES;
  const n = names.length + 1;
  const xs = examples.map((e) => Float64Array.from([1, ...names.map((name) => e.features[name])]));
  const beta = new Float64Array(n);
  for (let step = 0; step < iterations; step += 1) {
    const gradient = new Float64Array(n);
    const hessian = Array.from({ length: n }, () => new Float64Array(n));
    for (let i = 0; i < examples.length; i += 1) {
      const x = xs[i]!;
      let z = 0;
      for (let k = 0; k < n; k += 1) z += beta[k]! * x[k]!;
      const p = 1 / (1 + Math.exp(-z));
      const c = weightOf(examples[i]!.label) / examples.length;
      const error = (p - (examples[i]!.label ? 1 : 0)) * c;
      const curvature = Math.max(p * (1 - p), 1e-9) * c;
      for (let j = 0; j < n; j += 1) {
        gradient[j]! += error * x[j]!;
        for (let k = 0; k <= j; k += 1) hessian[j]![k]! += curvature * x[j]! * x[k]!;
      }
    }
    for (let j = 0; j < n; j += 1) {
      for (let k = 0; k < j; k += 1) hessian[k]![j] = hessian[j]![k]!;
      // The bias (index 0) is not penalised.
      if (j > 0) {
        gradient[j]! += l2 * beta[j]!;
        hessian[j]![j]! += l2;
      } else hessian[0]![0]! += 1e-9;
    }
    const delta = solve(hessian, gradient);
    let change = 0;
    for (let k = 0; k < n; k += 1) {
      beta[k] = beta[k]! - delta[k]!;
      change = Math.max(change, Math.abs(delta[k]!));
    }
    if (change < 1e-7) break;
  }
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    bias: round(beta[0]!),
    weights: Object.fromEntries(names.map((name, k) => [name, round(beta[k + 1]!)])) as Partial<Record<FeatureName, number>>,
  };
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(matrix: Float64Array[], vector: Float64Array): Float64Array {
  const n = vector.length;
  const a = matrix.map((row, i) => Float64Array.from([...row, vector[i]!]));
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let row = col + 1; row < n; row += 1) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let row = col + 1; row < n; row += 1) {
      const factor = a[row]![col]! / a[col]![col]!;
      for (let k = col; k <= n; k += 1) a[row]![k]! -= factor * a[col]![k]!;
    }
  }
  const x = new Float64Array(n);
  for (let row = n - 1; row >= 0; row -= 1) {
    let sum = a[row]![n]!;
    for (let k = row + 1; k < n; k += 1) sum -= a[row]![k]! * x[k]!;
    x[row] = sum / a[row]![row]!;
  }
  return x;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function countsAt(predictions: Array<{ p: number; label: boolean }>, threshold: number): Counts {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const { p, label } of predictions) {
    if (p >= threshold) label ? (counts.tp += 1) : (counts.fp += 1);
    else label ? (counts.fn += 1) : (counts.tn += 1);
  }
  return counts;
}

export function precisionRecall(counts: Counts): { precision: number; recall: number; f1: number } {
  const precision = counts.tp + counts.fp === 0 ? 1 : counts.tp / (counts.tp + counts.fp);
  const recall = counts.tp + counts.fn === 0 ? 1 : counts.tp / (counts.tp + counts.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/**
 * The threshold with the best F-beta on the given predictions (ties: the one nearest 0.5); beta < 1
 * weighs precision more (F0.5 counts precision twice as much as recall).
 */
export function bestThreshold(predictions: Array<{ p: number; label: boolean }>, beta = 1): number {
  let best = { threshold: 0.5, f1: -1 };
  for (let t = 0.05; t <= 0.951; t += 0.01) {
    const threshold = Math.round(t * 100) / 100;
    const { precision, recall } = precisionRecall(countsAt(predictions, threshold));
    const f1 = precision + recall === 0 ? 0 : ((1 + beta * beta) * precision * recall) / (beta * beta * precision + recall);
    if (f1 > best.f1 + 1e-9 || (Math.abs(f1 - best.f1) <= 1e-9 && Math.abs(threshold - 0.5) < Math.abs(best.threshold - 0.5))) best = { threshold, f1 };
  }
  return best.threshold;
}

/**
 * Leave-one-group-out predictions: for each group, a model trained on the pairs that touch no
 * article of the group predicts the pairs that touch it. Each pair gets the prediction of the first
 * group that holds it out.
 */
export function crossValidate<T extends { groups: [string, string]; example: Example }>(items: T[], options: TrainOptions = {}): Array<{ item: T; p: number }> {
  const groups = [...new Set(items.flatMap((item) => item.groups))].sort();
  const predicted = new Map<T, number>();
  for (const group of groups) {
    const held = items.filter((item) => item.groups.includes(group) && !predicted.has(item));
    if (held.length === 0) continue;
    const training = items.filter((item) => !item.groups.includes(group)).map((item) => item.example);
    if (!training.some((e) => e.label) || training.every((e) => e.label)) continue;
    const model = { ...train(training, options), threshold: 0.5 };
    for (const item of held) predicted.set(item, probability(item.example.features, model));
  }
  return items.filter((item) => predicted.has(item)).map((item) => ({ item, p: predicted.get(item)! }));
}

/**
 * Nested leave-one-group-out: for each held-out group, the threshold too is chosen without it (best
 * F-beta on an inner leave-one-group-out over the remaining groups), so neither weights nor threshold
 * saw the pairs they decide. Returns each pair's decision.
 */
export function nestedCrossValidate<T extends { groups: [string, string]; example: Example }>(
  items: T[],
  options: TrainOptions & { beta?: number } = {},
): Array<{ item: T; p: number; threshold: number }> {
  const groups = [...new Set(items.flatMap((item) => item.groups))].sort();
  const out: Array<{ item: T; p: number; threshold: number }> = [];
  const done = new Set<T>();
  for (const group of groups) {
    const held = items.filter((item) => item.groups.includes(group) && !done.has(item));
    if (held.length === 0) continue;
    const rest = items.filter((item) => !item.groups.includes(group));
    if (!rest.some((item) => item.example.label) || rest.every((item) => item.example.label)) continue;
    const inner = crossValidate(rest, options).map(({ item, p }) => ({ p, label: item.example.label }));
    const threshold = bestThreshold(inner, options.beta);
    const model = { ...train(rest.map((item) => item.example), options), threshold };
    for (const item of held) {
      done.add(item);
      out.push({ item, p: probability(item.example.features, model), threshold });
    }
  }
  return out;
}
