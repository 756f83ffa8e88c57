/**
 * One-off experiment (issue 11): the retold sets as a *prior* instead of as training data. A source model
 * is fitted on our retold sets; the shipped procedure (nested CV over our three sets and devtexts) then
 * fits its weights with the L2 penalty pulling each weight towards β × the source weight instead of 0,
 * β chosen with λ by the inner CV. Usage: `nice npx tsx scripts/training/_prior-experiment.ts [--repeats N]`.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { scoreFeatures } from '../../functions/core/extraction/classifier.js';
import { type RawModel, type TrainingText, assignFolds, isWordFeature, loadTrainingTexts, PRUNE_BELOW, rawScore, toExamples, toModel, vocabulary } from './announcement-training.js';
import { calibrated, countDecisions, expectedCalibrationError, fitLogistic, fitPlatt, logLoss, prf } from './logistic.js';

const root = path.resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const repeats = args.includes('--repeats') ? Number(args[args.indexOf('--repeats') + 1]) : 1;
const betas = (process.env.BETAS ?? '0,0.5,1').split(',').map(Number);
const sourceCue = Number(process.env.SRC_CUE ?? 4);
const sourceWord = Number(process.env.SRC_WORD ?? 'Infinity');
const blindNames = (process.env.BLIND ?? '').split(',').filter(Boolean);

interface Config {
  cuePenalty: number;
  wordPenalty: number;
  beta: number;
}

/** The shipped vocabulary, plus (with a prior) the source model's features, which keep their prior weight though the target texts fire them rarely. */
function vocabularyWithPrior(texts: readonly TrainingText[], wordPenalty: number, source: ReadonlyMap<string, number>, beta: number): string[] {
  const names = new Set(vocabulary(texts, { wordPenalty }));
  if (beta > 0) for (const name of source.keys()) if (!isWordFeature(name) || Number.isFinite(wordPenalty)) names.add(name);
  return [...names].sort();
}

function fit(texts: readonly TrainingText[], config: Config, source: ReadonlyMap<string, number>, round = true): RawModel {
  const names = vocabularyWithPrior(texts, config.wordPenalty, source, config.beta);
  const columns = new Map(names.map((name, index) => [name, index]));
  const penalties = Float64Array.from(names.map((name) => (isWordFeature(name) ? config.wordPenalty : config.cuePenalty)));
  const priors = Float64Array.from(names.map((name) => config.beta * (source.get(name) ?? 0)));
  const fitted = fitLogistic(toExamples(texts, columns), { penalties, priors });
  const weights = new Map<string, number>();
  names.forEach((name, index) => {
    const weight = round ? Number(fitted.weights[index]!.toFixed(3)) : fitted.weights[index]!;
    if (!round || Math.abs(weight) >= PRUNE_BELOW) weights.set(name, weight);
  });
  return { bias: round ? Number(fitted.bias.toFixed(3)) : fitted.bias, weights };
}

function select(texts: readonly TrainingText[], grid: readonly Config[], source: ReadonlyMap<string, number>, salt: string): { config: Config; a: number; b: number } {
  const folds = assignFolds(texts, 5, salt);
  const labels = texts.map((text) => text.label);
  let best: { config: Config; a: number; b: number; loss: number } | null = null;
  for (const config of grid) {
    const scores = new Array<number>(texts.length).fill(0);
    for (let fold = 0; fold < 5; fold += 1) {
      const model = fit(texts.filter((_, i) => folds[i] !== fold), config, source);
      texts.forEach((text, i) => {
        if (folds[i] === fold) scores[i] = rawScore(model, text.features);
      });
    }
    const calibration = fitPlatt(scores, labels);
    const loss = logLoss(scores.map((s) => calibrated(calibration, s)), labels);
    if (!best || loss < best.loss - 1e-9) best = { config, ...calibration, loss };
  }
  return best!;
}

// DEVTEXTS_ONLY=1: the target is devtexts alone, our three sets join the source.
const ours = ['test/devset', 'test/devset-holdout', 'test/devset-blind'].map((d) => path.join(root, d));
const devtextsOnly = process.env.DEVTEXTS_ONLY === '1';
const sets = [...(devtextsOnly ? [] : ours), path.join(root, '../shared/devtexts')];
const retold = [
  ...(devtextsOnly ? ours : []),
  ...readdirSync(path.join(root, 'test'))
    .filter((d) => d.startsWith('devset-retold-') && !blindNames.includes(d.replace('devset-retold-', '')))
    .map((d) => path.join(root, 'test', d)),
];
const blind = blindNames.map((n) => path.join(root, 'test', `devset-retold-${n}`)).filter((d) => existsSync(d));
console.error(`loading ${sets.length} target sets, ${retold.length} retold sets, ${blind.length} blind sets…`);
const target = loadTrainingTexts(sets);
const sourceTexts = loadTrainingTexts(retold);
const blindTexts = blind.length ? loadTrainingTexts(blind) : [];
console.error(`target ${target.length}, source ${sourceTexts.length}, blind ${blindTexts.length}`);

const sourceRaw = fit(sourceTexts, { cuePenalty: sourceCue, wordPenalty: sourceWord, beta: 0 }, new Map(), false);
const source = sourceRaw.weights;
console.error(`source model: ${source.size} weights (λ_cue ${sourceCue}, λ_word ${sourceWord})`);

const grid: Config[] = betas.flatMap((beta) => [4, 8, 16].flatMap((cuePenalty) => [8, 16, 32, Infinity].map((wordPenalty) => ({ cuePenalty, wordPenalty, beta }))));

function report(name: string, probabilities: number[], labels: (0 | 1)[]): string {
  const counts = countDecisions(probabilities, labels);
  const { precision, recall, f1 } = prf(counts);
  return `${name}: P ${precision.toFixed(3)} R ${recall.toFixed(3)} F1 ${f1.toFixed(3)} ECE ${expectedCalibrationError(probabilities, labels).toFixed(3)} (${counts.tp}/${counts.fp}/${counts.fn})`;
}

const f1s: number[] = [];
for (let r = 0; r < repeats; r += 1) {
  const salt = r === 0 ? '' : `repeat-${r}`;
  const folds = assignFolds(target, 10, salt);
  const probabilities = new Array<number>(target.length).fill(0);
  const chosen: string[] = [];
  for (let fold = 0; fold < 10; fold += 1) {
    const train = target.filter((_, i) => folds[i] !== fold);
    const { config, a, b } = select(train, grid, source, salt);
    chosen.push(`${config.cuePenalty}/${config.wordPenalty}/${config.beta}`);
    const model = toModel(fit(train, config, source), { a, b });
    target.forEach((text, i) => {
      if (folds[i] === fold) probabilities[i] = scoreFeatures(text.features, model).confidence;
    });
  }
  const dev = target.map((t, i) => [t, probabilities[i]!] as const).filter(([t]) => t.set === 'devtexts');
  const line = report(`partition ${r} devtexts nested CV`, dev.map(([, p]) => p), dev.map(([t]) => t.label));
  f1s.push(prf(countDecisions(dev.map(([, p]) => p), dev.map(([t]) => t.label))).f1);
  console.log(`${line}   configs ${chosen.join(' ')}`);
}
console.log(`devtexts nested CV mean ${(f1s.reduce((a, b) => a + b, 0) / f1s.length).toFixed(3)} [${Math.min(...f1s).toFixed(3)}–${Math.max(...f1s).toFixed(3)}]`);

if (blindTexts.length) {
  const { config, a, b } = select(target, grid, source, '');
  const model = toModel(fit(target, config, source), { a, b });
  const probabilities = blindTexts.map((text) => scoreFeatures(text.features, model).confidence);
  console.log(report(`blind (${blindNames.join(',')}) with ${config.cuePenalty}/${config.wordPenalty}/${config.beta}`, probabilities, blindTexts.map((t) => t.label)));
}
