/**
 * The retrain job, as `npm run cli -- retrain` runs it locally and the scheduled retrain function
 * runs it on AWS: reads the editors' examples and the current model from their stores, runs the
 * guarded retrain against the shipped labelled sets, keeps the candidate (promoted or not, for the
 * record) and makes it current only when the guard passed, remembering the one it replaces.
 */
import shippedModel from '../../functions/core/extraction/classifier-model.json' with { type: 'json' };
import type { ClassifierModel } from '../../functions/core/extraction/classifier.js';
import type { LabelledExampleStore } from '../../functions/core/learning/labelled-example.js';
import { modelFitsCode } from '../../functions/core/learning/learned-extraction.js';
import { SHIPPED_VERSION, type ModelStore, type StoredModel } from '../../functions/core/learning/model-store.js';
import { startReextractJob, type ReextractJobMessage, type ReextractJobQueue } from '../../functions/core/learning/reextract-job.js';
import { loadTrainingTexts, type TrainingConfig } from '../training/announcement-training.js';
import { guardedRetrain, type RetrainReport } from './guarded-retrain.js';

export interface RetrainJob {
  labels: Pick<LabelledExampleStore, 'list'>;
  models: ModelStore;
  /** The shipped labelled sets present (absolute paths). */
  baseDirs: readonly string[];
  now: Date;
  /** Evaluate and report only; store nothing. */
  dryRun?: boolean;
  grid?: readonly TrainingConfig[];
  /** The re-extraction job's queue: a promotion starts a job that rebuilds every stored record with the new model. */
  reextract?: ReextractJobQueue;
}

const configOf = (hyperparameters: { cuePenalty: number; wordPenalty: number | null }): TrainingConfig => ({
  cuePenalty: hyperparameters.cuePenalty,
  wordPenalty: hyperparameters.wordPenalty ?? Infinity,
});

/** The current model as the guard compares it: the promoted one when it fits this code, else the shipped one. */
export async function currentForRetrain(models: ModelStore): Promise<{ version: string; model: ClassifierModel; config: TrainingConfig; editorExamples: readonly string[] }> {
  const pointer = await models.current();
  const stored = pointer ? await models.get(pointer.version) : null;
  if (stored && modelFitsCode(stored)) return { version: stored.version, model: stored.model, config: configOf(stored.hyperparameters), editorExamples: stored.editorExamples };
  return { version: 'shipped', model: shippedModel as ClassifierModel, config: configOf(shippedModel.hyperparameters), editorExamples: [] };
}

export async function runRetrain(job: RetrainJob): Promise<RetrainReport & { stored: boolean; reextractJob: ReextractJobMessage | null }> {
  const [examples, current] = await Promise.all([job.labels.list(), currentForRetrain(job.models)]);
  const base = loadTrainingTexts(job.baseDirs);
  const report = guardedRetrain({ base, examples, current, now: job.now, ...(job.grid ? { grid: job.grid } : {}) });
  if (job.dryRun) return { ...report, stored: false, reextractJob: null };
  await job.models.save(report.candidate);
  const reextractJob = report.promoted ? await promote(job.models, report.candidate, job.now, job.reextract) : null;
  return { ...report, stored: true, reextractJob };
}

/**
 * Makes a saved model current, remembering the one it replaces, and (given the queue) starts the
 * re-extraction job that rebuilds stored records with it. What a retrain does once the guard passed.
 */
export async function promote(models: ModelStore, model: StoredModel, now: Date, reextract?: ReextractJobQueue): Promise<ReextractJobMessage | null> {
  const pointer = await models.current();
  await models.setCurrent({ version: model.version, previous: pointer?.version ?? null, promotedAt: now.toISOString() });
  return reextract ? startReextractJob({ models, queue: reextract, now: () => now }) : null;
}

/**
 * Makes the model the current one replaced current again (the shipped one when it replaced none),
 * and (given the queue) starts the re-extraction job that rebuilds stored records with it.
 * One step: the restored pointer names no previous model.
 */
export async function rollback(models: ModelStore, now: Date, reextract?: ReextractJobQueue): Promise<{ from: string; to: string; reextractJob: ReextractJobMessage | null }> {
  const pointer = await models.current();
  if (!pointer || pointer.version === SHIPPED_VERSION) throw new Error('no promoted model: the shipped one is in use already');
  const to = pointer.previous ?? SHIPPED_VERSION;
  await models.setCurrent({ version: to, previous: null, promotedAt: now.toISOString() });
  const reextractJob = reextract ? await startReextractJob({ models, queue: reextract, now: () => now }) : null;
  return { from: pointer.version, to, reextractJob };
}

/** The report as lines for a terminal or a log. */
export function describeReport(report: RetrainReport): string[] {
  const f = (x: number | undefined): string => (x === undefined ? '—' : x.toFixed(3));
  const lines = [...report.reasons.map((reason, i) => (i === 0 ? reason : `  ${reason}`))];
  lines.push(
    `editors' examples: ${report.examples.total} (${report.examples.classification} on classification; ${report.examples.usedForTraining} trained on, ${report.examples.heldBack} held back)`,
  );
  for (const [name, comparison] of [
    ['cross-validated, shipped sets', report.crossValidated.shipped],
    ['cross-validated, editors', report.crossValidated.editors],
    ['held-back editors', report.heldBack],
  ] as const) {
    const fields = Object.keys({ ...comparison.current, ...comparison.candidate });
    lines.push(`${name} (${comparison.texts} texts): ${fields.map((field) => `${field} F1 ${f(comparison.current[field]?.f1)} → ${f(comparison.candidate[field]?.f1)}`).join(', ') || 'nothing to compare'}`);
  }
  lines.push(`candidate ${report.candidate.version} (extractorVersion ${report.candidate.extractorVersion}), ${report.seconds.toFixed(1)} s`);
  return lines;
}
