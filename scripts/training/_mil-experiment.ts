/**
 * One-off experiment (issue 11, not wired into npm scripts): multi-instance (sentence-level) scoring of
 * the announcement classifier, measured by the same procedures as the shipped model.
 *
 *   nice npx tsx scripts/training/_mil-experiment.ts [VARIANT …] [--repeats N] [--skip-cv] [--lambda CUE,WORD]
 *
 * Each sentence of the read part of a text is an instance: the classifier's own `documentFeatures`
 * run on the text with everything but the headline and that sentence blanked out (offsets, tokens,
 * the document's frame, title/lead/body placement and the other extractors' facts unchanged; the stems
 * are the headline's and the sentence's), plus the headline alone. A linear model scores every
 * instance; the instance scores are pooled into the document's margin (log-sum-exp or log-mean-exp with
 * a temperature, ≈ max at a small one; or noisy-OR), fitted end to end on the document labels by L-BFGS
 * from zero (deterministic), optionally beside the shipped document-level model in one margin (joint)
 * or stacked (the pooled score as one more feature of the document model, fitted on inner out-of-fold
 * values). Hyperparameters and Platt calibration are chosen on inner out-of-fold scores, exactly as
 * `selectConfig` does for the shipped model.
 *
 * For every variant it prints: devtexts nested 10-fold CV F1 and ECE over the `--repeats` partitions
 * (salts as `npm run eval -- --cv --repeats N`), the blind figure (trained on our three sets and
 * devtexts as `npm run train` does, scored on the fourteen test/devset-retold-* sets) and the transfer
 * (our three sets → devtexts). VARIANT `shipped` is the shipped procedure itself (must give 0.832
 * [0.825–0.837], blind F1 0.821, transfer 0.750).
 */
import path from 'node:path';
import { documentFeatures, CLASSIFIED_CHARS, headlineEnd, type ClassifierInput, type FiredFeature } from '../../functions/core/extraction/classifier.js';
import { CUE_FAMILIES } from '../../functions/core/extraction/cues.js';
import { assignFolds, classifierInputOf, fitRaw, GRID, rawScore, type TrainingConfig, type TrainingText } from './announcement-training.js';
import { readLabelledSet } from './labelled-sets.js';
import { calibrated, countDecisions, expectedCalibrationError, fitPlatt, logLoss, minimiseLbfgs, prf, type Calibration } from './logistic.js';

/** A training text with its sentence instances (feature names; every value is 1). */
interface Doc extends TrainingText {
  instances: string[][];
}

const FRAMES = ['contest-call', 'pending-result', 'rating', 'forum'];
const FRAMED = new Set([...CUE_FAMILIES.filter((family) => family.polarity >= 0).map((family) => family.id), 'regional-practice']);
const isWordFeature = (name: string): boolean => name.startsWith('w:') || name.startsWith('t:');

/** The frame a document's features carry (`cue:<family>|<frame>…`, `act|<frame>…`), if any. */
function frameOf(features: ReadonlyMap<string, FiredFeature>): string | null {
  for (const name of features.keys()) {
    const match = /^(?:act|cue:[\w-]+)\|([\w-]+)/.exec(name);
    if (match && FRAMES.includes(match[1]!)) return match[1]!;
  }
  return null;
}

/** Renames an instance's framed features to the document's frame (a blanked lead may not set it). */
function reframe(name: string, frame: string | null): string {
  const match = /^(act|cue:([\w-]+?))(\|(?:contest-call|pending-result|rating|forum))?((?:[@&~].*)?)$/.exec(name);
  if (!match) return name;
  const [, head, family, , rest] = match;
  if (head !== 'act' && !FRAMED.has(family!)) return name;
  return `${head}${frame ? `|${frame}` : ''}${rest}`;
}

const isStem = (token: ClassifierInput['tokens'][number] | undefined): boolean => token !== undefined && token.isWord && token.key.length >= 2 && !/^\d/.test(token.key);

/** Sentence instances of a text: headline alone, then headline + each body sentence of the read part. */
function instancesOf(input: ClassifierInput, docFeatures: ReadonlyMap<string, FiredFeature>): string[][] {
  const hEnd = headlineEnd(input);
  const limit = hEnd + CLASSIFIED_CHARS;
  const cut = input.clean.length > limit;
  const tokens = cut ? input.tokens.filter((token) => token.end <= limit) : input.tokens;
  const frame = frameOf(docFeatures);
  // Sentence spans after the headline.
  const spans = new Map<number, { start: number; end: number; first: number; last: number }>();
  tokens.forEach((token, index) => {
    if (token.start < hEnd) return;
    const span = spans.get(token.sentence);
    if (span) {
      span.end = token.end;
      span.last = index;
    } else spans.set(token.sentence, { start: token.start, end: token.end, first: index, last: index });
  });
  const headStems: string[] = [];
  for (const token of tokens) if (token.start < hEnd && isStem(token)) headStems.push(`w:${token.key}`);
  const out: string[][] = [];
  const one = (start: number, end: number, first: number, last: number): void => {
    const clean = input.clean.slice(0, hEnd) + ' '.repeat(Math.max(0, start - hEnd)) + input.clean.slice(start, end);
    const folded = input.folded.slice(0, hEnd) + ' '.repeat(Math.max(0, start - hEnd)) + input.folded.slice(start, end);
    const regionHits = input.regionHits.filter((hit) => hit.end <= tokens.length && (tokens[hit.start]!.start < hEnd || (hit.start >= first && hit.end - 1 <= last)));
    const features = documentFeatures({ ...input, clean, folded, tokens, regionHits });
    const names = new Set<string>();
    for (const name of features.keys()) if (!name.startsWith('w:')) names.add(reframe(name, frame));
    for (const stem of headStems) names.add(stem);
    for (let i = first; i <= last; i += 1) if (isStem(tokens[i])) names.add(`w:${tokens[i]!.key}`);
    out.push([...names].sort());
  };
  one(hEnd, hEnd, 0, -1);
  for (const span of spans.values()) one(span.start, span.end, span.first, span.last);
  return out;
}

function loadDocs(dirs: readonly string[]): Doc[] {
  const out: Doc[] = [];
  for (const dir of dirs) {
    const { texts } = readLabelledSet(dir);
    for (const text of texts) {
      const input = classifierInputOf(text.input);
      const features = documentFeatures(input);
      out.push({ set: path.basename(dir), id: path.relative(dir, text.path), label: text.label.isPracticeAnnouncement ? 1 : 0, features, text, instances: instancesOf(input, features) });
    }
  }
  return out;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

// ---------------------------------------------------------------------------------------------------
// The MIL model.

type Pool = { kind: 'lse'; t: number } | { kind: 'lme'; t: number } | { kind: 'noisy-or' };

interface MilConfig extends TrainingConfig {
  pool: Pool;
  /** The shipped document-level features in the same margin (fitted jointly, their own L2 as the shipped grid's). */
  joint?: TrainingConfig;
}

interface MilModel {
  bias: number;
  /** Instance weights. */
  v: Map<string, number>;
  /** Document weights (joint). */
  u: Map<string, number>;
  config: MilConfig;
}

function vocabularyOf(sets: Iterable<Iterable<string>>, config: TrainingConfig): string[] {
  const df = new Map<string, number>();
  for (const names of sets) for (const name of new Set(names)) df.set(name, (df.get(name) ?? 0) + 1);
  return [...df]
    .filter(([name, count]) => (isWordFeature(name) ? Number.isFinite(config.wordPenalty) && count >= 3 : count >= 2))
    .map(([name]) => name)
    .sort();
}

/** Pooled value of instance scores and, into `weights`, d pool / d z_s. */
function pool(kind: Pool, z: Float64Array, n: number, bias: number, weights: Float64Array): number {
  if (kind.kind === 'noisy-or') throw new Error('noisy-or pools probabilities');
  let max = -Infinity;
  for (let s = 0; s < n; s += 1) max = Math.max(max, z[s]! / kind.t);
  let sum = 0;
  for (let s = 0; s < n; s += 1) {
    weights[s] = Math.exp(z[s]! / kind.t - max);
    sum += weights[s]!;
  }
  for (let s = 0; s < n; s += 1) weights[s]! /= sum;
  const lse = kind.t * (max + Math.log(sum));
  return bias + (kind.kind === 'lme' ? lse - kind.t * Math.log(n) : lse);
}

/** Log-odds of a noisy-OR of the instance probabilities σ(b + z_s), from q = Σ softplus(b + z_s) = −log(1 − p). */
const noisyOrLogit = (q: number): number => (q > 30 ? q : Math.log(Math.expm1(Math.max(q, 1e-300))));

function fitMil(docs: readonly Doc[], config: MilConfig): MilModel {
  const names = vocabularyOf(docs.map((doc) => doc.instances.flat()), config);
  const columns = new Map(names.map((name, i) => [name, i]));
  const docNames = config.joint ? vocabularyOf(docs.map((doc) => doc.features.keys()), config.joint) : [];
  const docColumns = new Map(docNames.map((name, i) => [name, names.length + i]));
  const size = names.length + docNames.length + 1;
  const biasAt = size - 1;
  const penalties = new Float64Array(size);
  names.forEach((name, i) => (penalties[i] = isWordFeature(name) ? config.wordPenalty : config.cuePenalty));
  docNames.forEach((name, i) => (penalties[names.length + i] = isWordFeature(name) ? config.joint!.wordPenalty : config.joint!.cuePenalty));
  // Flat instance storage.
  const encoded = docs.map((doc) => {
    const offsets = [0];
    const indices: number[] = [];
    for (const instance of doc.instances) {
      for (const name of instance) {
        const column = columns.get(name);
        if (column !== undefined) indices.push(column);
      }
      offsets.push(indices.length);
    }
    const docIndices: number[] = [];
    for (const name of doc.features.keys()) {
      const column = docColumns.get(name);
      if (column !== undefined) docIndices.push(column);
    }
    return { offsets: Int32Array.from(offsets), indices: Int32Array.from(indices), docIndices: Int32Array.from(docIndices), label: doc.label, n: doc.instances.length };
  });
  const maxN = Math.max(...encoded.map((e) => e.n));
  const z = new Float64Array(maxN);
  const a = new Float64Array(maxN);
  const objective = (x: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let loss = 0;
    const b = x[biasAt]!;
    for (const e of encoded) {
      for (let s = 0; s < e.n; s += 1) {
        let v = 0;
        for (let k = e.offsets[s]!; k < e.offsets[s + 1]!; k += 1) v += x[e.indices[k]!]!;
        z[s] = v;
      }
      let docPart = 0;
      for (let k = 0; k < e.docIndices.length; k += 1) docPart += x[e.docIndices[k]!]!;
      let residual: number;
      if (config.pool.kind === 'noisy-or') {
        let q = 0;
        for (let s = 0; s < e.n; s += 1) {
          q += softplus(b + docPart + z[s]!);
          a[s] = sigmoid(b + docPart + z[s]!);
        }
        // Negative: loss q, d/dq 1. Positive: loss −log(1 − e^−q), d/dq −1/(e^q − 1).
        if (e.label === 0) {
          loss += q;
          residual = 1;
        } else {
          loss += -Math.log(-Math.expm1(-Math.max(q, 1e-300)));
          residual = -1 / Math.expm1(Math.max(q, 1e-300));
        }
        for (let s = 0; s < e.n; s += 1) {
          const r = residual * a[s]!;
          for (let k = e.offsets[s]!; k < e.offsets[s + 1]!; k += 1) g[e.indices[k]!]! += r;
          g[biasAt]! += r;
          for (let k = 0; k < e.docIndices.length; k += 1) g[e.docIndices[k]!]! += r;
        }
        continue;
      }
      const m = pool(config.pool, z, e.n, b, a) + docPart;
      loss += e.label === 1 ? softplus(-m) : softplus(m);
      residual = sigmoid(m) - e.label;
      for (let s = 0; s < e.n; s += 1) {
        const r = residual * a[s]!;
        if (r === 0) continue;
        for (let k = e.offsets[s]!; k < e.offsets[s + 1]!; k += 1) g[e.indices[k]!]! += r;
      }
      for (let k = 0; k < e.docIndices.length; k += 1) g[e.docIndices[k]!]! += residual;
      g[biasAt]! += residual;
    }
    for (let j = 0; j < biasAt; j += 1) {
      loss += 0.5 * penalties[j]! * x[j]! * x[j]!;
      g[j]! += penalties[j]! * x[j]!;
    }
    return loss;
  };
  const x = minimiseLbfgs(size, objective, { maxIterations: 300 });
  const v = new Map<string, number>();
  names.forEach((name, i) => {
    if (x[i] !== 0) v.set(name, x[i]!);
  });
  const u = new Map<string, number>();
  docNames.forEach((name, i) => {
    if (x[names.length + i] !== 0) u.set(name, x[names.length + i]!);
  });
  return { bias: x[biasAt]!, v, u, config };
}

/** The document margin of a MIL model, and the top instance (its index) for the reasons. */
function milScore(model: MilModel, doc: Doc): { margin: number; top: number } {
  const z = new Float64Array(doc.instances.length);
  let top = 0;
  doc.instances.forEach((instance, s) => {
    let sum = 0;
    for (const name of instance) sum += model.v.get(name) ?? 0;
    z[s] = sum;
    if (sum > z[top]!) top = s;
  });
  let docPart = 0;
  for (const name of doc.features.keys()) docPart += model.u.get(name) ?? 0;
  if (model.config.pool.kind === 'noisy-or') {
    let q = 0;
    for (let s = 0; s < z.length; s += 1) q += softplus(model.bias + docPart + z[s]!);
    return { margin: noisyOrLogit(q), top };
  }
  const weights = new Float64Array(z.length);
  return { margin: pool(model.config.pool, z, z.length, model.bias, weights) + docPart, top };
}

// ---------------------------------------------------------------------------------------------------
// The procedures, over any fitter (mirroring selectConfig / nestedCrossValidation / trainModel).

interface Fitter<C> {
  name: string;
  grid: readonly C[];
  fit: (train: readonly Doc[], config: C, salt: string) => (doc: Doc) => number;
}

const OUTER = 10;
const INNER = 5;

function select<C>(fitter: Fitter<C>, texts: readonly Doc[], k: number, salt: string): { config: C; calibration: Calibration; scores: number[] } {
  const folds = assignFolds(texts, k, salt);
  const labels = texts.map((text) => text.label);
  let best: { config: C; calibration: Calibration; loss: number; scores: number[] } | null = null;
  for (const config of fitter.grid) {
    const scores = new Array<number>(texts.length).fill(0);
    for (let fold = 0; fold < k; fold += 1) {
      const train = texts.filter((_, i) => folds[i] !== fold);
      if (train.length === texts.length) continue;
      const score = fitter.fit(train, config, salt);
      texts.forEach((text, i) => {
        if (folds[i] === fold) scores[i] = score(text);
      });
    }
    const calibration = fitPlatt(scores, labels);
    const loss = logLoss(scores.map((s) => calibrated(calibration, s)), labels);
    if (!best || loss < best.loss - 1e-9) best = { config, calibration, loss, scores };
  }
  return best!;
}

interface Scored {
  doc: Doc;
  probability: number;
}

/** Rounded as scoreFeatures rounds its confidence, and decided at 0.5 as the shipped model decides. */
const probabilityOf = (calibration: Calibration, margin: number): number => Math.round(calibrated(calibration, margin) * 1000) / 1000;

function nested<C>(fitter: Fitter<C>, texts: readonly Doc[], salt: string): Scored[] {
  const folds = assignFolds(texts, OUTER, salt);
  const out: Scored[] = [];
  for (let fold = 0; fold < OUTER; fold += 1) {
    const train = texts.filter((_, i) => folds[i] !== fold);
    const selection = select(fitter, train, INNER, salt);
    const score = fitter.fit(train, selection.config, salt);
    texts.forEach((doc, i) => {
      if (folds[i] === fold) out.push({ doc, probability: probabilityOf(selection.calibration, score(doc)) });
    });
  }
  return out;
}

/** Trained as `npm run train` trains: config and calibration (rounded to 4 digits) by 10-fold CV, fit on all. */
function trainAll<C>(fitter: Fitter<C>, texts: readonly Doc[]): (doc: Doc) => number {
  const selection = select(fitter, texts, OUTER, '');
  if (process.env.MIL_CONFIG) console.log(`  chose ${JSON.stringify(selection.config, (_, value: unknown) => (value === Infinity ? '∞' : value))}`);
  const score = fitter.fit(texts, selection.config, '');
  const calibration = { a: Number(selection.calibration.a.toFixed(4)), b: Number(selection.calibration.b.toFixed(4)) };
  return (doc) => probabilityOf(calibration, score(doc));
}

function figures(scored: readonly Scored[]): { precision: number; recall: number; f1: number; ece: number; tp: number; fp: number; fn: number } {
  const probabilities = scored.map((s) => s.probability);
  const labels = scored.map((s) => s.doc.label);
  const counts = countDecisions(probabilities.map((p) => (p >= 0.5 ? 1 : 0)), labels);
  return { ...prf(counts), ece: expectedCalibrationError(probabilities, labels), tp: counts.tp, fp: counts.fp, fn: counts.fn };
}

// ---------------------------------------------------------------------------------------------------
// Fitters.

const shippedFitter: Fitter<TrainingConfig> = {
  name: 'shipped',
  grid: GRID,
  fit: (train, config) => {
    const model = fitRaw(train, config);
    return (doc) => rawScore(model, doc.features);
  },
};

/**
 * The MIL grid of L2 strengths: the shipped one (λ_cue × λ_word), or the one `--lambda CUE,WORD` gives
 * (WORD inf: no words; as `npm run eval -- --lambda`), to tell the pooling apart from the λ chosen.
 */
const lambdaArg = ((): TrainingConfig | null => {
  const at = process.argv.indexOf('--lambda');
  const match = at >= 0 ? /^(\d+(?:\.\d+)?),(\d+(?:\.\d+)?|inf)$/.exec(process.argv[at + 1] ?? '') : null;
  if (at >= 0 && !match) throw new Error('--lambda wants CUE,WORD (WORD may be inf)');
  return match ? { cuePenalty: Number(match[1]), wordPenalty: match[2] === 'inf' ? Infinity : Number(match[2]) } : null;
})();
const MIL_PENALTIES: readonly TrainingConfig[] = lambdaArg ? [lambdaArg] : GRID;
/** The document part's L2 strengths in a joint fit: the inner CV's choices of the shipped model on our sets and on all sets. */
const JOINT: readonly TrainingConfig[] = [{ cuePenalty: 4, wordPenalty: Infinity }, { cuePenalty: 16, wordPenalty: 8 }];

function milFitter(name: string, pools: readonly Pool[], joint?: readonly TrainingConfig[]): Fitter<MilConfig> {
  const grid: MilConfig[] = [];
  for (const p of pools) for (const penalties of MIL_PENALTIES) for (const j of joint ?? [undefined]) grid.push({ ...penalties, pool: p, ...(j ? { joint: j } : {}) });
  return {
    name,
    grid,
    fit: (train, config) => {
      const model = fitMil(train, config);
      return (doc) => milScore(model, doc).margin;
    },
  };
}

/**
 * Stacking: the MIL margin (inner out-of-fold for the training texts, from the MIL config the inner
 * CV chose) as one more feature of the shipped document model, whose own λ and calibration are then
 * chosen as usual.
 */
function stackedFitter(mil: Fitter<MilConfig>): Fitter<TrainingConfig> {
  const withMil = (doc: Doc, value: number): Doc => ({ ...doc, features: new Map(doc.features).set('mil:score', { value, evidence: '' }) });
  // The stacked doc model's own selection wraps the MIL step: fit = (MIL OOF on train → doc model).
  const cache = new Map<string, { oof: Map<Doc, number>; score: (doc: Doc) => number }>();
  const milPart = (train: readonly Doc[], salt: string): { oof: Map<Doc, number>; score: (doc: Doc) => number } => {
    const key = `${salt}\u0000${train.map((doc) => `${doc.set}/${doc.id}`).join('\u0001')}`;
    let entry = cache.get(key);
    if (!entry) {
      const selection = select(mil, train, INNER, salt);
      entry = { oof: new Map(train.map((doc, i) => [doc, selection.scores[i]!])), score: mil.fit(train, selection.config, salt) };
      cache.set(key, entry);
    }
    return entry;
  };
  return {
    name: `stacked(${mil.name})`,
    grid: GRID,
    fit: (train, config, salt) => {
      const part = milPart(train, salt);
      const model = fitRaw(train.map((doc) => withMil(doc, part.oof.get(doc)!)), config);
      return (doc) => rawScore(model, withMil(doc, part.oof.get(doc) ?? part.score(doc)).features);
    },
  };
}

// ---------------------------------------------------------------------------------------------------

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const repeatsAt = args.indexOf('--repeats');
const repeats = repeatsAt >= 0 ? Number(args[repeatsAt + 1]) : 5;
const skipCv = args.includes('--skip-cv');
const wanted = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--repeats' && args[i - 1] !== '--lambda');

const OWN = ['test/devset', 'test/devset-holdout', 'test/devset-blind'];
const DEVTEXTS = '../shared/devtexts';
/** The fourteen retold sets of the sixth session (476 texts), the blind measure this experiment was run on. */
const RETOLD = ['fed', 'reg', 'en', 'mun', 'gov', 'msk', 'asi', 'lead', 'cen', 'ural', 'en2', 'south', 'near', 'long'].map((name) => `test/devset-retold-${name}`);

const started = Date.now();
const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const docs = loadDocs([...OWN, DEVTEXTS]);
const retold = loadDocs(RETOLD);
{
  // How faithful the instances are: the document's features not fired by any instance (the stems aside).
  let missing = 0;
  let total = 0;
  for (const doc of docs) {
    const union = new Set(doc.instances.flat());
    for (const name of doc.features.keys()) {
      if (name.startsWith('w:') || name.startsWith('doc:')) continue;
      total += 1;
      if (!union.has(name)) missing += 1;
    }
  }
  if (process.env.MIL_DEBUG) {
    const counts = new Map<string, number>();
    for (const doc of docs) {
      const union = new Set(doc.instances.flat());
      for (const name of doc.features.keys()) if (!name.startsWith('w:') && !name.startsWith('doc:') && !union.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    console.log([...counts].slice(0, 40).join(' '));
  }
  const perDoc = docs.reduce((sum, doc) => sum + doc.instances.length, 0) / docs.length;
  console.log(`loaded ${docs.length} texts (${perDoc.toFixed(1)} instances each) and ${retold.length} retold texts in ${elapsed()}; document cue features fired by no instance: ${missing}/${total}`);
}

const LSE_MAX: Pool = { kind: 'lse', t: 0.1 };
const FITTERS: Record<string, () => Fitter<any>> = {
  shipped: () => (lambdaArg ? { ...shippedFitter, grid: [lambdaArg] } : shippedFitter),
  max: () => milFitter('max (log-sum-exp, T 0.1)', [LSE_MAX]),
  lse: () => milFitter('log-sum-exp T 1', [{ kind: 'lse', t: 1 }]),
  lme: () => milFitter('log-mean-exp T 1', [{ kind: 'lme', t: 1 }]),
  'noisy-or': () => milFitter('noisy-OR', [{ kind: 'noisy-or' }]),
  'lse-select': () => milFitter('log-sum-exp, T chosen by inner CV from 0.1, 0.3, 1, 3', [0.1, 0.3, 1, 3].map((t): Pool => ({ kind: 'lse', t }))),
  'joint-max': () => milFitter('shipped doc model + max, one margin', [LSE_MAX], JOINT),
  'joint-lse': () => milFitter('shipped doc model + log-sum-exp T 1, one margin', [{ kind: 'lse', t: 1 }], JOINT),
  'stacked-max': () => stackedFitter(milFitter('max', [LSE_MAX])),
  'stacked-lse': () => stackedFitter(milFitter('lse T 1', [{ kind: 'lse', t: 1 }])),
};

const range = (values: number[]): string => `${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(3)} [${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)}]`;
for (const key of wanted.length ? wanted : ['shipped']) {
  const make = FITTERS[key];
  if (!make) throw new Error(`no variant ${key}; one of ${Object.keys(FITTERS).join(', ')}`);
  const fitter = make();
  console.log(`\n== ${key}: ${fitter.name}`);
  // Blind: trained on our three sets and devtexts, scored on the retold sets.
  const blindModel = trainAll(fitter, docs);
  const blind = figures(retold.map((doc) => ({ doc, probability: blindModel(doc) })));
  console.log(`blind (${retold.length} retold texts): P ${blind.precision.toFixed(3)} R ${blind.recall.toFixed(3)} F1 ${blind.f1.toFixed(3)} (${blind.tp}/${blind.fp}/${blind.fn}) ECE ${blind.ece.toFixed(3)}  [${elapsed()}]`);
  // Transfer: our three sets → devtexts.
  const transferModel = trainAll(fitter, docs.filter((doc) => doc.set !== 'devtexts'));
  const transfer = figures(docs.filter((doc) => doc.set === 'devtexts').map((doc) => ({ doc, probability: transferModel(doc) })));
  console.log(`transfer own → devtexts: P ${transfer.precision.toFixed(3)} R ${transfer.recall.toFixed(3)} F1 ${transfer.f1.toFixed(3)} ECE ${transfer.ece.toFixed(3)}  [${elapsed()}]`);
  if (skipCv) continue;
  const f1: number[] = [];
  const ece: number[] = [];
  const all: number[] = [];
  for (let r = 0; r < repeats; r += 1) {
    const salt = r === 0 ? '' : `repeat-${r}`;
    const scored = nested(fitter, docs, salt);
    const dev = figures(scored.filter((s) => s.doc.set === 'devtexts'));
    f1.push(dev.f1);
    ece.push(dev.ece);
    all.push(figures(scored).f1);
    const others = ['devset', 'devset-holdout', 'devset-blind'].map((set) => figures(scored.filter((s) => s.doc.set === set)).f1.toFixed(3)).join(' / ');
    console.log(`  partition ${r + 1}: devtexts P ${dev.precision.toFixed(3)} R ${dev.recall.toFixed(3)} F1 ${dev.f1.toFixed(3)} ECE ${dev.ece.toFixed(3)}; own sets ${others}  [${elapsed()}]`);
  }
  console.log(`devtexts nested CV over ${repeats} partitions: F1 ${range(f1)}, ECE ${range(ece)}; all texts F1 ${range(all)}`);
}
