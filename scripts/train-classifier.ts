/**
 * `npm run train [-- DIR …]`: trains the announcement classifier and writes
 * functions/core/extraction/classifier-model.json.
 *
 * DIR defaults to every labelled set we have: test/devset, test/devset-holdout, test/devset-blind, our
 * retold sets test/devset-retold-* (which only fill the model in) and ../shared/devtexts (skipped,
 * with a message, where absent). The hyperparameters and the calibration
 * are chosen by 10-fold cross-validation (see scripts/training/announcement-training.ts); the run is
 * deterministic, so the same sets give the same file byte for byte.
 *
 * `--check` writes nothing and exits 1 when the shipped file differs from what training produces.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeConfig, isFillInSet, loadTrainingTexts, trainModel, type TrainingText } from './training/announcement-training.js';
import { isHeldOut } from './training/held-out.js';
import { isLabelledSet } from './training/labelled-sets.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const MODEL_FILE = path.join(REPO_ROOT, 'functions', 'core', 'extraction', 'classifier-model.json');
/** Our retold sets (`test/devset-retold-*`), relative to the repository root: they fill the model in (`isFillInSet`), unless held out. */
export const RETOLD_SETS = readdirSync(path.join(REPO_ROOT, 'test'))
  .filter((name) => isFillInSet(name) && !isHeldOut(path.join(REPO_ROOT, 'test', name)))
  .sort()
  .map((name) => `test/${name}`);
/** The labelled sets training uses by default, relative to the repository root. */
export const DEFAULT_SETS = ['test/devset', 'test/devset-holdout', 'test/devset-blind', ...RETOLD_SETS, '../shared/devtexts'];

/** The labelled sets of `dirs` that exist (absolute paths), and those that do not. */
export function presentSets(dirs: readonly string[] = DEFAULT_SETS): { present: string[]; missing: string[] } {
  const resolved = dirs.map((dir) => path.resolve(REPO_ROOT, dir));
  return { present: resolved.filter(isLabelledSet), missing: resolved.filter((dir) => !isLabelledSet(dir)) };
}

/** The model file's text for a trained model: fixed key order, one weight a line (small, diffable). */
export function modelFileText(texts: readonly TrainingText[]): string {
  const { model, config } = trainModel(texts);
  // The fill-in sets as one entry: the model file ships in the bundles.
  const groupOf = (set: string): string => (isFillInSet(set) ? 'devset-retold-* (fill-in)' : set);
  const sets = [...new Set(texts.map((text) => groupOf(text.set)))].map((set) => {
    const members = texts.filter((text) => groupOf(text.set) === set);
    return { set, texts: members.length, announcements: members.filter((text) => text.label === 1).length };
  });
  const head = {
    about: 'Announcement classifier (functions/core/extraction/classifier.ts): logistic regression written by `npm run train`; do not edit by hand.',
    trainedOn: sets,
    hyperparameters: { cuePenalty: config.cuePenalty, wordPenalty: Number.isFinite(config.wordPenalty) ? config.wordPenalty : null },
    bias: model.bias,
    calibration: model.calibration,
    threshold: model.threshold,
  };
  const lines = Object.entries(head).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  const weights = Object.entries(model.weights).map(([name, weight]) => `    ${JSON.stringify(name)}: ${JSON.stringify(weight)}`);
  return `{\n${lines.join(',\n')},\n  "weights": {\n${weights.join(',\n')}\n  }\n}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  const check = args.includes('--check');
  if (args.includes('--help')) {
    console.log('usage: npm run train [-- [--check] DIR …]   (default: our labelled and retold sets and ../shared/devtexts; a missing one is skipped)');
    process.exit(0);
  }
  const dirs = args.filter((arg) => !arg.startsWith('--'));
  const { present, missing } = presentSets(dirs.length ? dirs : DEFAULT_SETS);
  for (const dir of missing) console.log(`${dir}: no labels.jsonl here, skipped`);
  const started = Date.now();
  const texts = loadTrainingTexts(present);
  const text = modelFileText(texts);
  const weights = Object.keys(JSON.parse(text).weights).length;
  const summary = `${texts.length} texts from ${present.map((dir) => path.basename(dir)).filter((set) => !isFillInSet(set)).join(', ')} and ${present.filter((dir) => isFillInSet(path.basename(dir))).length} retold sets (fill-in); ${describeConfig(JSON.parse(text).hyperparameters.wordPenalty === null ? { ...JSON.parse(text).hyperparameters, wordPenalty: Infinity } : JSON.parse(text).hyperparameters)}; ${weights} weights, ${text.length} bytes; ${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (check) {
    const same = readFileSync(MODEL_FILE, 'utf8') === text;
    console.log(same ? `the shipped model is what training produces (${summary})` : `the shipped model differs from what training produces: run npm run train (${summary})`);
    process.exit(same ? 0 : 1);
  }
  writeFileSync(MODEL_FILE, text);
  console.log(`wrote ${path.relative(process.cwd(), MODEL_FILE)}: ${summary}`);
}
