import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { createS3Client, createSfnClient } from '../adapters/aws-clients.js';
import { S3LabelledExampleStore, S3ModelStore } from '../adapters/learning/s3-learning-stores.js';
import { StepFunctionsReextractStarter } from '../adapters/learning/sfn-reextract-starter.js';
import { loadConfig } from '../config.js';
import { startReextractJob } from '../core/learning/reextract-job.js';
import { describeReport, rollback, runRetrain } from '../../scripts/retrain/run-retrain.js';

// Built once per container.
const config = loadConfig();
const logger = new Logger({ serviceName: 'retrain' });
const s3 = createS3Client(config);
if (!config.reextractStateMachineArn) throw new Error('REEXTRACT_STATE_MACHINE_ARN is not set');
const reextract = new StepFunctionsReextractStarter(createSfnClient(config), config.reextractStateMachineArn);
const models = new S3ModelStore(s3, config.rawBucket);

/** The labelled sets bundled beside the handler (infra/stacks/learning-stack.ts copies them into the asset): ours and the retold sets. */
const TRAINING_DIR = fileURLToPath(new URL('./training/', import.meta.url));

/**
 * The scheduled (weekly) and on-demand retrain: the guarded retrain of the local `retrain` command
 * over the same S3 objects. Promotion writes learning/models/current.json; the ingest function
 * picks the model up within its refresh interval, and the re-extraction job started here rebuilds
 * the stored records with it. `{"rollback": true}` makes the previous model current (and starts
 * the job back to it); `{"reextract": true}` starts the job for the current model without retraining
 * (after a failed execution's cause is fixed, or to rebuild records on demand).
 */
export const handler = async (event: { dryRun?: boolean; rollback?: boolean; reextract?: boolean } = {}) => {
  if (event?.reextract) {
    const reextractJob = await startReextractJob({ models, starter: reextract, now: () => new Date() });
    logger.info('re-extraction job started', { reextractJob });
    return { reextractJob };
  }
  if (event?.rollback) {
    const { from, to, reextractJob } = await rollback(models, new Date(), reextract);
    logger.info('model rolled back', { from, to, reextractJob });
    return { rolledBack: { from, to }, reextractJob };
  }
  const baseDirs = existsSync(TRAINING_DIR) ? readdirSync(TRAINING_DIR).sort().map((name) => join(TRAINING_DIR, name)) : [];
  const report = await runRetrain({
    labels: new S3LabelledExampleStore(s3, config.rawBucket),
    models,
    baseDirs,
    now: new Date(),
    dryRun: Boolean(event?.dryRun),
    reextract,
  });
  const lines = describeReport(report);
  logger.info(report.promoted ? 'model promoted' : 'model not promoted', { promoted: report.promoted, version: report.candidate.version, report: lines, reextractJob: report.reextractJob });
  return {
    promoted: report.promoted,
    version: report.candidate.version,
    extractorVersion: report.candidate.extractorVersion,
    reasons: report.reasons,
    report: lines,
    // Progress: learning/reextract/job.json, and `re-extraction step` lines in the re-extraction function's log.
    reextractJob: report.reextractJob,
  };
};
