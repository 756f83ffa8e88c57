import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { ensureTable } from '../../functions/adapters/dynamo/ensure-table.js';
import { ensureBucket } from '../../functions/adapters/s3/s3-raw-page-store.js';
import { createStorage, type Storage } from '../../functions/composition/storage.js';
import { loadConfig } from '../../functions/config.js';
import shippedModel from '../../functions/core/extraction/classifier-model.json' with { type: 'json' };
import { recordFingerprints } from '../../functions/core/dedupe/simhash.js';
import { EXTRACTOR_VERSION, extractPractice } from '../../functions/core/extraction/extract-practice.js';
import { extractionInputOf } from '../../functions/core/source-definition.js';
import { InProcessDocumentParser } from '../../functions/adapters/parse-worker/worker-document-parser.js';
import { getSourceProfile } from '../../functions/sources/profiles.js';
import { getSource } from '../../functions/sources/registry.js';
import { describeNeedingDynamoDbLocal } from '../support/stack.js';
import { asiNewsPage, REEXTRACT_ARTICLES } from './reextract-articles.js';

/*
 * `npm run cli -- retrain --rollback` as an editor runs it, in a process of its own pointed at the test
 * run's servers (as a running `npm start` advertises them): the rollback starts the re-extraction job
 * and the command runs it to the end through the Lambda handler, printing its totals.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const suffix = randomBytes(4).toString('hex');
const dataDir = mkdtempSync(path.join(tmpdir(), 'pw-cli-job-'));
const env = { PRACTICE_WATCH_DATA_DIR: dataDir, TABLE_NAME: `test-clijob-${suffix}`, RAW_BUCKET: `test-clijob-${suffix}`, LOG_LEVEL: 'SILENT' };
let storage: Storage;
const source = getSourceProfile('asi-ru');
const version = 'm-20261204T090000Z';

describeNeedingDynamoDbLocal('npm run cli -- retrain --rollback', () => {
  beforeAll(async () => {
    writeFileSync(path.join(dataDir, 'endpoints.json'), JSON.stringify({ pid: process.pid, dynamoEndpoint: inject('dynamoEndpoint'), s3Endpoint: inject('s3Endpoint') }));
    const config = loadConfig({ ...env, DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), S3_ENDPOINT: inject('s3Endpoint') });
    storage = createStorage(config);
    await ensureTable(storage.dynamo, config.tableName);
    await ensureBucket(storage.s3, config.rawBucket);
    // Three records extracted with a promoted model, which is current.
    const parser = new InProcessDocumentParser({ registry: { getSource } });
    for (const [i, article] of REEXTRACT_ARTICLES.slice(0, 3).entries()) {
      const url = `https://asi.ru/news/${820000 + i}/`;
      const html = asiNewsPage(article);
      const fetchedAt = '2026-12-01T09:00:00.000Z';
      const { key } = await storage.rawPages.put({ bytes: new TextEncoder().encode(html), meta: { sourceId: source.id, url, status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, fetchedAt, charset: 'utf-8' } });
      const record = { ...extractPractice(extractionInputOf(await parser.parseArticle({ kind: 'article', sourceId: source.id, url, text: html }), source, fetchedAt)), extractorVersion: `${EXTRACTOR_VERSION}+${version}` };
      await storage.practices.recordObservation({ extraction: record, source: { sourceId: source.id, url: record.url, title: record.title, publishedAt: record.publishedAt, rawKey: key, fetchedAt }, ...recordFingerprints(record), observedAt: fetchedAt });
    }
    await storage.models.save({ version, baseExtractorVersion: EXTRACTOR_VERSION, extractorVersion: `${EXTRACTOR_VERSION}+${version}`, trainedAt: '2026-12-04T09:00:00.000Z', trainedOn: [], editorExamples: [], hyperparameters: shippedModel.hyperparameters, model: shippedModel });
    await storage.models.setCurrent({ version, previous: null, promotedAt: '2026-12-04T09:00:00.000Z' });
  }, 60_000);

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('rolls back to the shipped model and rebuilds every stored record with it, printing the job', { timeout: 90_000 }, async () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'functions/local/cli.ts', 'retrain', '--rollback'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 80_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`rolled back from ${version} to shipped`);
    const done = /re-extraction done: (\{.*\})/.exec(result.stdout);
    expect(done, result.stdout).not.toBeNull();
    expect(JSON.parse(done![1]!)).toMatchObject({ extractorVersion: EXTRACTOR_VERSION, records: 3, updated: 3, failed: 0 });
    expect((await storage.models.current())?.version).toBe('shipped');
    const { allRecords } = await import('../support/practices.js');
    const records = await allRecords(storage.practices);
    expect(records).toHaveLength(3);
    for (const record of records) expect(record.extraction.extractorVersion).toBe(EXTRACTOR_VERSION);
  });
});
