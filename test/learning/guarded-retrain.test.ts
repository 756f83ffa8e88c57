import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClassifierModel } from '../../functions/core/extraction/classifier.js';
import { scoreFeatures } from '../../functions/core/extraction/classifier.js';
import { extractPractice } from '../../functions/core/extraction/extract-practice.js';
import { labelledExampleOf, type LabelledExample } from '../../functions/core/learning/labelled-example.js';
import { boundaryDistance, isUncertain } from '../../functions/core/learning/uncertainty.js';
import { decide, guardedRetrain, mcnemarWorse, type RetrainReport } from '../../scripts/retrain/guarded-retrain.js';
import { describeReport } from '../../scripts/retrain/run-retrain.js';
import { presentSets } from '../../scripts/train-classifier.js';
import { loadTrainingTexts, trainModel, type TrainingConfig, type TrainingText } from '../../scripts/training/announcement-training.js';
import { createdPractice } from '../support/practices.js';

// The simulated editor judges texts of a labelled set the current model never saw: the real
// retold news of ../shared/devtexts when present (the model trained on our three sets), else our
// blind set (the model trained on the other two), where few texts are uncertain.
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const devtexts = presentSets(['../shared/devtexts']).present[0];
const poolDir = devtexts ?? path.join(repoRoot, 'test/devset-blind');
const baseDirs = (devtexts ? ['test/devset', 'test/devset-holdout', 'test/devset-blind'] : ['test/devset', 'test/devset-holdout']).map((dir) => path.join(repoRoot, dir));
if (!devtexts) console.warn('../shared/devtexts is absent: the simulated editor judges test/devset-blind, where few texts are uncertain, so the "30 uncertain items" check is skipped');

let base: TrainingText[];
let pool: TrainingText[];
let current: { model: ClassifierModel; config: TrainingConfig };
/** The 30 texts the editor judges: the queue's order, closest to the boundary first. */
let judged: Array<{ text: TrainingText; confidence: number }>;
let rest: TrainingText[];

/**
 * The texts the lying editor judges: half of the 30 nearest the boundary and the 15 the model is surest of. Near the
 * boundary alone, opposite verdicts are partly learnable (the features there point both ways), so whether the guard
 * refused them depended on which 30 texts sat nearest; lies about confidently classified texts are not.
 */
let liedAbout: Array<{ text: TrainingText }>;

/** The simulated editor's verdicts, made by the real path: an override on a record, turned into a labelled example. */
function verdicts(lie = false): LabelledExample[] {
  return (lie ? liedAbout : judged).map(({ text }, i) => {
    const template = createdPractice(i);
    const extraction = extractPractice(text.text.input);
    const says = lie ? text.label === 0 : text.label === 1;
    const item = { ...template, id: `sim${String(i).padStart(3, '0')}`, extraction, editorial: { ...template.editorial, overrides: { isPracticeAnnouncement: says }, version: 2 } };
    return labelledExampleOf(item, 'simulated-editor', '2026-12-04T03:00:00.000Z')!;
  });
}

function f1(model: ClassifierModel, texts: readonly TrainingText[]): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const text of texts) {
    const yes = decide(model, text);
    if (yes && text.label === 1) tp += 1;
    else if (yes) fp += 1;
    else if (text.label === 1) fn += 1;
  }
  return (2 * tp) / (2 * tp + fp + fn);
}

function retrain(examples: LabelledExample[]): RetrainReport {
  const report = guardedRetrain({ base, examples, current: { version: 'current', ...current, editorExamples: [] }, now: new Date('2026-12-04T03:10:00Z') });
  console.info(describeReport(report).join('\n'));
  return report;
}

beforeAll(() => {
  base = loadTrainingTexts(baseDirs);
  pool = loadTrainingTexts([poolDir]);
  const trained = trainModel(base);
  current = { model: trained.model, config: trained.config };
  const queue = pool.map((text) => ({ text, confidence: scoreFeatures(text.features, current.model).confidence })).sort((a, b) => boundaryDistance(a.confidence) - boundaryDistance(b.confidence));
  judged = queue.slice(0, 30);
  rest = queue.slice(30).map(({ text }) => text);
  liedAbout = [...judged.filter((_, i) => i % 2 === 0), ...queue.slice(30).slice(-15)];
});

describe('the learning loop: a simulated editor corrects uncertain items, a guarded retrain learns from them', () => {
  // How many of the 30 lie inside the band depends on the features (29 of them since the twelfth session's feature changes,
  // 30 before), so the check asks for nearly all, closest first.
  it.skipIf(!devtexts)('queues the 30 items closest to the boundary on real retold news, nearly all uncertain, some of which the model gets wrong', () => {
    expect(judged.filter(({ confidence }) => isUncertain(confidence)).length).toBeGreaterThanOrEqual(25);
    expect(judged.every(({ confidence }, i) => i === 0 || boundaryDistance(confidence) >= boundaryDistance(judged[i - 1]!.confidence))).toBe(true);
    expect(judged.filter(({ text, confidence }) => confidence >= 0.5 !== (text.label === 1)).length).toBeGreaterThan(0);
  });

  it('promotes the candidate: cross-validated it is not significantly worse, the corrected items go the editor\'s way, the untouched rest does not get worse', { timeout: 120_000 }, () => {
    const examples = verdicts();
    expect(examples).toHaveLength(30);
    const report = retrain(examples);
    expect(report.promoted, report.reasons.join('\n')).toBe(true);
    const cv = report.crossValidated.shipped;
    // A text or two either way on the shipped sets is the folds' noise: the guard asks McNemar's test.
    expect(cv.discordant.worse + cv.discordant.better).toBeGreaterThanOrEqual(Math.abs(cv.candidate.classification!.fp + cv.candidate.classification!.fn - cv.current.classification!.fp - cv.current.classification!.fn));
    expect(mcnemarWorse(cv.discordant.worse, cv.discordant.better)).toBeGreaterThanOrEqual(0.05);
    expect(report.crossValidated.editors.candidate.classification!.f1).toBeGreaterThanOrEqual(report.crossValidated.editors.current.classification!.f1);
    const model = report.candidate.model;
    // A regularised model need not fit every verdict; it must follow far more of them than the current one.
    const disagreements = judged.filter(({ text }, i) => decide(model, text) !== examples[i]!.isPracticeAnnouncement);
    const wrongBefore = judged.filter(({ text, confidence }) => confidence >= 0.5 !== (text.label === 1));
    console.info(`against the editor: ${wrongBefore.length} of 30 before, ${disagreements.length} after (${disagreements.map(({ text }) => text.id).join(', ')})`);
    expect(disagreements.length).toBeLessThanOrEqual(3);
    // At most half as many as the current model (none when it already follows them all, as on devset-blind, where
    // ../shared is absent and few texts are uncertain).
    expect(disagreements.length).toBeLessThanOrEqual(Math.floor(wrongBefore.length / 2));
    // Texts neither model learnt from: a figure nothing was tuned on.
    console.info(`wrong before: ${wrongBefore.length} of 30; F1 on the ${rest.length} untouched texts: ${f1(current.model, rest).toFixed(3)} → ${f1(model, rest).toFixed(3)}`);
    expect(f1(model, rest)).toBeGreaterThanOrEqual(f1(current.model, rest));
    expect(report.candidate.editorExamples).toHaveLength(30);
    expect(report.candidate.extractorVersion).toMatch(/\+m-20261204T031000Z$/);
  });

  it('refuses a retrain that would make things worse (an editor whose verdicts are the opposite of the labels), and says why', { timeout: 120_000 }, () => {
    const report = retrain(verdicts(true));
    expect(report.promoted).toBe(false);
    expect(report.reasons[0]).toMatch(/^refused .*the current model \(current\) stays/);
    // The opposite verdicts need not move the shipped sets (one text either way is noise): they cannot be learnt.
    expect(report.reasons.some((reason) => /F1 .* → .*: worse$/.test(reason) || /: not learnable$/.test(reason))).toBe(true);
  });

  it('judges the shipped sets by a paired test: a fair coin rarely puts that many of the discordant texts against the candidate', () => {
    expect(mcnemarWorse(1, 0)).toBe(0.5);
    expect(mcnemarWorse(2, 0)).toBe(0.25);
    expect(mcnemarWorse(5, 0)).toBeCloseTo(1 / 32, 12);
    expect(mcnemarWorse(4, 1)).toBeCloseTo(6 / 32, 12);
    expect(mcnemarWorse(0, 3)).toBe(1);
    expect(mcnemarWorse(0, 0)).toBe(1);
  });

  it('refuses when there is nothing new to learn', { timeout: 60_000 }, () => {
    const report = retrain([]);
    expect(report.promoted).toBe(false);
    expect(report.reasons).toContain('no editor verdict on classification yet: nothing new to learn');
  });
});
