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
import { SHIPPED_VERSION, type ModelStore } from '../../functions/core/learning/model-store.js';
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

export async function runRetrain(job: RetrainJob): Promise<RetrainReport & { stored: boolean }> {
  const [examples, current] = await Promise.all([job.labels.list(), currentForRetrain(job.models)]);
  const base = loadTrainingTexts(job.baseDirs);
  const report = guardedRetrain({ base, examples, current, now: job.now, ...(job.grid ? { grid: job.grid } : {}) });
  if (job.dryRun) return { ...report, stored: false };
  await job.models.save(report.candidate);
  if (report.promoted) {
    const pointer = await job.models.current();
    await job.models.setCurrent({ version: report.candidate.version, previous: pointer?.version ?? null, promotedAt: job.now.toISOString() });
  }
  return { ...report, stored: true };
}

/**
 * Makes the model the current one replaced current again (the shipped one when it replaced none).
 * One step: the restored pointer names no previous model.
 */
export async function rollback(models: ModelStore, now: Date): Promise<{ from: string; to: string }> {
  const pointer = await models.current();
  if (!pointer || pointer.version === SHIPPED_VERSION) throw new Error('no promoted model: the shipped one is in use already');
  const to = pointer.previous ?? SHIPPED_VERSION;
  await models.setCurrent({ version: to, previous: null, promotedAt: now.toISOString() });
  return { from: pointer.version, to };
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
