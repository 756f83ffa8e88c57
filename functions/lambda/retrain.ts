import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { createS3Client } from '../adapters/aws-clients.js';
import { S3LabelledExampleStore, S3ModelStore } from '../adapters/learning/s3-learning-stores.js';
import { loadConfig } from '../config.js';
import { describeReport, runRetrain } from '../../scripts/retrain/run-retrain.js';

// Built once per container.
const config = loadConfig();
const logger = new Logger({ serviceName: 'retrain' });
const s3 = createS3Client(config);

/** The labelled sets bundled beside the handler (infra/stacks/learning-stack.ts copies them into the asset). */
export const BUNDLED_SETS = ['devset', 'devset-holdout', 'devset-blind'];

/**
 * The scheduled (weekly) and on-demand retrain: the guarded retrain of the local `retrain` command
 * over the same S3 objects. Promotion writes learning/models/current.json; the ingest function
 * picks the model up within its refresh interval.
 */
export const handler = async (event: { dryRun?: boolean } = {}) => {
  const baseDirs = BUNDLED_SETS.map((name) => fileURLToPath(new URL(`./training/${name}`, import.meta.url))).filter((dir) => existsSync(dir));
  const report = await runRetrain({
    labels: new S3LabelledExampleStore(s3, config.rawBucket),
    models: new S3ModelStore(s3, config.rawBucket),
    baseDirs,
    now: new Date(),
    dryRun: Boolean(event?.dryRun),
  });
  const lines = describeReport(report);
  logger.info(report.promoted ? 'model promoted' : 'model not promoted', { promoted: report.promoted, version: report.candidate.version, report: lines });
  return { promoted: report.promoted, version: report.candidate.version, extractorVersion: report.candidate.extractorVersion, reasons: report.reasons, report: lines };
};
