import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { InProcessDocumentParser } from '../../functions/adapters/parse-worker/worker-document-parser.js';
import { recordFingerprints } from '../../functions/core/dedupe/simhash.js';
import { EXTRACTOR_VERSION, extractPractice } from '../../functions/core/extraction/extract-practice.js';
import { isUncertain } from '../../functions/core/learning/uncertainty.js';
import type { PracticeItem } from '../../functions/core/ports.js';
import { extractionInputOf } from '../../functions/core/source-definition.js';
import { QUERY_API_ROUTES, REVIEW_API_ROUTES } from '../../functions/handlers/api/routes.js';
import type { LocalRuntime } from '../../functions/local/runtime.js';
import { getSourceProfile } from '../../functions/sources/profiles.js';
import { getSource } from '../../functions/sources/registry.js';
import { presentSets } from '../../scripts/train-classifier.js';
import { loadTrainingTexts, type TrainingText } from '../../scripts/training/announcement-training.js';
import { dynamoIsDynalite } from '../support/stack.js';

/*
 * The learning loop end to end over the real local stack (the test run's DynamoDB Local and s3rver),
 * composed as `npm start` and the CLI compose it (`createLocalRuntime`, the review API handler behind
 * the local HTTP bridge, the CLI's retrain job and the runtime's reextract): articles stored as ingest
 * stores them (raw page in S3, parsed by the source's parser, extracted, recorded) → the uncertain
 * queue → an editor's verdicts through the API → retrain (promoted) → the re-extraction job it starts
 * (the Lambda handler behind the local queue) → `reextract` finds nothing left → a second retrain
 * refused. The editor's labels and the articles are test/devset-cases, labelled texts the shipped model
 * never trained on (the sets it trained on, devtexts among them, would judge the guard's editors' slice
 * by texts both models had seen).
 */
const editorSet = path.resolve(import.meta.dirname, '..', 'devset-cases');

const source = getSourceProfile('asi-ru')!;
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An asi.ru news page in the markup of test/sources/asi-ru/fixtures (heading, date, paragraphs), in UTF-8. */
function asiPage(text: TrainingText): string {
  const { title, bodyText } = text.text.input;
  const paragraphs = bodyText.split(/\n\s*\n/).map((p) => `<p>${escape(p.trim())}</p>`).join('\n');
  return `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>${escape(title)}</title><meta property="og:title" content="${escape(title)}"></head>
<body class="my-style">
<div class="detail">
  <h1>${escape(title)}</h1>
  <div class="news-date">01.12.26</div>
  <div class="detail-text">
${paragraphs}
  </div>
</div>
</body></html>`;
}

const saved: Record<string, string | undefined> = {};
const env = { PRACTICE_WATCH_DATA_DIR: '', TABLE_NAME: '', RAW_BUCKET: '', LOG_LEVEL: 'SILENT' };
let dataDir: string;
let runtime: LocalRuntime;
let server: Server;
let baseUrl: string;
let token: string;
/** Label (1 = announcement) per stored record id. */
const labels = new Map<string, 0 | 1>();
let texts: TrainingText[] = [];
/** Texts too short to make an article page. */
const unparsed: string[] = [];

describe.skipIf(dynamoIsDynalite())('the learning loop end to end on the local stack', () => {
  beforeAll(async () => {
    // The CLI's and `npm start`'s environment, pointed at the test run's servers as a running
    // `npm start` advertises them, with a table and bucket of this file's own.
    dataDir = mkdtempSync(path.join(tmpdir(), 'pw-loop-'));
    const suffix = randomBytes(4).toString('hex');
    Object.assign(env, { PRACTICE_WATCH_DATA_DIR: dataDir, TABLE_NAME: `test-loop-${suffix}`, RAW_BUCKET: `test-loop-${suffix}` });
    for (const [key, value] of Object.entries(env)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    writeFileSync(path.join(dataDir, 'endpoints.json'), JSON.stringify({ pid: process.pid, dynamoEndpoint: inject('dynamoEndpoint'), s3Endpoint: inject('s3Endpoint') }));
    // Imported after the environment is set: the local data dir is read when the module loads.
    const [{ createLocalRuntime }, { createHttpServer }, { createStorage }] = await Promise.all([
      import('../../functions/local/runtime.js'),
      import('../../functions/local/http-bridge.js'),
      import('../../functions/composition/storage.js'),
    ]);
    runtime = await createLocalRuntime({ replay: false, quiet: true, log: () => {} });
    expect(runtime.stack, 'the runtime reuses the advertised servers').toBeNull();
    server = createHttpServer([
      ...QUERY_API_ROUTES.map((routeKey) => ({ routeKey, handler: runtime.queryHandler })),
      ...REVIEW_API_ROUTES.map((routeKey) => ({ routeKey, handler: runtime.reviewHandler })),
    ]);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const { mintEditorToken } = await import('../../functions/adapters/auth/local-issuer.js');
    token = await mintEditorToken({ dir: path.join(dataDir, 'auth'), editor: 'editor-e2e', ttlSeconds: 3600 });

    // Ingest, as ingestSource does for an article page: archive the bytes, parse with the source's
    // parser, extract (no model is promoted yet: the shipped one), record the observation.
    texts = loadTrainingTexts([editorSet]);
    const { rawPages } = createStorage(runtime.config);
    const parser = new InProcessDocumentParser({ registry: { getSource } });
    const fetchedAt = '2026-12-01T09:00:00.000Z';
    for (const [i, text] of texts.entries()) {
      const url = `https://asi.ru/news/${900000 + i}/`;
      const html = asiPage(text);
      const { key } = await rawPages.put({
        bytes: new TextEncoder().encode(html),
        meta: { sourceId: source.id, url, status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, fetchedAt, charset: 'utf-8' },
      });
      // A few retold texts are a headline with one line or none: no article page, as ingest would find too.
      const article = await parser.parseArticle({ kind: 'article', sourceId: source.id, url, text: html }).catch((error: unknown) => {
        if (error instanceof Error && error.name === 'LayoutChangedError') return null;
        throw error;
      });
      if (!article) {
        unparsed.push(text.id);
        continue;
      }
      const record = extractPractice(extractionInputOf(article, source, fetchedAt));
      const outcome = await runtime.practices.recordObservation({
        extraction: record,
        source: { sourceId: source.id, url: record.url, title: record.title, publishedAt: record.publishedAt, rawKey: key, fetchedAt },
        ...recordFingerprints(record),
        observedAt: fetchedAt,
      });
      labels.set(outcome.id, text.label);
    }
  }, 120_000);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await runtime?.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const auth = () => ({ authorization: `Bearer ${token}` });
  const get = async (id: string) => (await runtime.practices.get(id))!;

  // Two real retrains (about 100 s and 85 s on CI's two cores, beside the other suites) and a re-extraction job: the
  // bound is a guard against a hang, not a performance target (those live in `npm run bench`); at 240 s it failed once at 250 s.
  it('queue → verdicts → guarded retrain (promoted) → re-extraction job; a second retrain with nothing new is refused', { timeout: 420_000 }, async () => {
    expect(unparsed.length, unparsed.join(', ')).toBeLessThanOrEqual(10);
    expect(labels.size, 'every other text became a record of its own').toBe(texts.length - unparsed.length);

    // 1. The uncertain queue, through the review API with an editor's token.
    const response = await fetch(`${baseUrl}/review?classified=uncertain&limit=100`, { headers: auth() });
    expect(response.status).toBe(200);
    const queue = ((await response.json()) as { items: Array<{ id: string; confidence: number; version?: number }> }).items;
    // Exactly the records whose stored confidence lies in the band: since the twenty-eighth session's two-slope
    // calibration, a sharper one, three of devset-cases' texts (five before).
    const inBand: string[] = [];
    for (const id of labels.keys()) if (isUncertain((await get(id)).extraction.confidence)) inBand.push(id);
    expect(queue.map((item) => item.id).sort()).toEqual(inBand.sort());
    expect(queue.length).toBeGreaterThanOrEqual(3);
    expect(queue.every((item) => item.confidence >= 0.2 && item.confidence <= 0.8)).toBe(true);

    // 2. Other editorial work that must survive: an approval with an edited title, a rejection.
    const confident = [...labels.keys()].filter((id) => !queue.some((item) => item.id === id));
    const [approvedId, rejectedId] = confident;
    const patch = async (id: string, body: unknown) => {
      const item = await get(id);
      const result = await fetch(`${baseUrl}/practices/${id}`, {
        method: 'PATCH',
        headers: { ...auth(), 'content-type': 'application/json', 'if-match': `"${item.editorial.version}"` },
        body: JSON.stringify(body),
      });
      expect(result.status, await result.clone().text()).toBe(200);
    };
    await patch(approvedId!, { action: 'edit', overrides: { title: 'Заголовок редактора' } });
    await patch(approvedId!, { action: 'approve' });
    await patch(rejectedId!, { action: 'reject', reason: 'duplicate' });

    // 3. The editor's verdicts on every uncertain item: the labelled set's labels, one keystroke each.
    for (const item of queue) await patch(item.id, { action: 'set-announcement', value: labels.get(item.id) === 1 });
    const stillUncertain = (await (await fetch(`${baseUrl}/review?classified=uncertain&limit=100`, { headers: auth() })).json()) as { items: unknown[] };
    expect(stillUncertain.items).toEqual([]);
    const examples = await runtime.labels.list();
    expect(examples.filter((e) => e.isPracticeAnnouncement !== null).map((e) => e.practiceId).sort()).toEqual(expect.arrayContaining(queue.map((item) => item.id).sort()));
    const before = new Map<string, PracticeItem>();
    for (const id of [...queue.map((item) => item.id), approvedId!, rejectedId!]) before.set(id, await get(id));
    // The current model's own decisions on the judged items (at its threshold, as stored), against the verdicts.
    const wrongBefore = queue.filter((item) => before.get(item.id)!.extraction.isPracticeAnnouncement !== (labels.get(item.id) === 1)).length;

    // 4. Retrain, as `npm run cli -- retrain` runs it (a runtime of its own, the sets present).
    const [{ runRetrain, describeReport }, { createLocalRuntime }] = await Promise.all([import('../../scripts/retrain/run-retrain.js'), import('../../functions/local/runtime.js')]);
    const cli = await createLocalRuntime({ replay: false, quiet: true, log: () => {} });
    let reextracted;
    let second;
    let promotedVersion: string;
    try {
      const started = Date.now();
      const report = await runRetrain({ labels: cli.labels, models: cli.models, baseDirs: presentSets().present, now: new Date(), reextract: cli.reextractJobs.runner });
      console.info(`wrong before: ${wrongBefore} of ${queue.length} uncertain; retrain ${((Date.now() - started) / 1000).toFixed(1)} s\n${describeReport(report).join('\n')}`);
      expect(report.promoted, report.reasons.join('\n')).toBe(true);
      expect(report.stored).toBe(true);
      promotedVersion = report.candidate.extractorVersion;
      expect(promotedVersion).not.toBe(EXTRACTOR_VERSION);
      expect((await cli.models.current())?.version).toBe(report.candidate.version);

      // The promotion started the re-extraction job; the CLI runs it to the end through the Lambda handler.
      expect(report.reextractJob).toMatchObject({ modelVersion: report.candidate.version, extractorVersion: promotedVersion, step: 0 });
      const jobStarted = Date.now();
      const deliveries = await cli.reextractJobs.drain();
      const job = (await cli.reextractJobs.jobs.get())!;
      console.info(`re-extraction job: ${deliveries} steps, ${((Date.now() - jobStarted) / 1000).toFixed(1)} s, ${JSON.stringify(job.totals)}`);
      expect(job).toMatchObject({ status: 'done', extractorVersion: promotedVersion, failures: [] });
      expect(job.totals).toMatchObject({ records: labels.size, updated: labels.size, skipped: 0, failed: 0 });
    } finally {
      await cli.close();
    }

    // 5. Reextract, as `npm run cli -- reextract --source asi-ru` runs it: a fresh runtime reads the promoted model.
    const cli2 = await createLocalRuntime({ replay: false, quiet: true, log: () => {} });
    try {
      // `npm run cli -- reextract` still works: every record is at the promoted version already.
      reextracted = await cli2.reextract([source], {});
      expect(reextracted.failures).toEqual([]);
      expect(reextracted.examined).toBe(labels.size);
      expect(reextracted.updated).toBe(0);

      // 6. A second retrain with no new verdict is refused, and the current model stays.
      second = await runRetrain({ labels: cli2.labels, models: cli2.models, baseDirs: presentSets().present, now: new Date(Date.now() + 60_000) });
      console.info(describeReport(second).join('\n'));
      expect(second.promoted).toBe(false);
      expect(second.reasons).toContain('every editor verdict is already in the current model: nothing new to learn');
      expect((await cli2.models.current())?.version).not.toBe(second.candidate.version);
    } finally {
      await cli2.close();
    }

    // Every record now carries the promoted model's extractor version.
    for (const id of labels.keys()) expect((await get(id)).extraction.extractorVersion, id).toBe(promotedVersion!);
    // The judged items: the new model classifies them the editor's way; the verdicts stay.
    const disagreements: string[] = [];
    let towardVerdicts = 0;
    for (const item of queue) {
      const after = await get(item.id);
      const says = labels.get(item.id) === 1;
      expect(after.editorial.overrides.isPracticeAnnouncement).toBe(says);
      expect(after.editorial.status).toBe(before.get(item.id)!.editorial.status);
      if (after.extraction.isPracticeAnnouncement !== says) disagreements.push(`${item.id} (${before.get(item.id)!.extraction.confidence.toFixed(2)} → ${after.extraction.confidence.toFixed(2)})`);
      towardVerdicts += (says ? 1 : -1) * (after.extraction.confidence - before.get(item.id)!.extraction.confidence);
    }
    // With the shipped sets all present (../shared/devtexts among them, as in CI and production) the verdicts were
    // learnt: the probabilities moved the editor's way on the whole, and fewer decisions disagree with the editor than
    // the current model's did (none were left). Without ../shared the candidate cannot see the real texts the current
    // model was trained on, so the two are not trained alike, and on 128 texts of our own seven verdicts also re-choose
    // the hyperparameters and the calibration: its decisions went 2 → 4 wrong of 8 at the fifteenth session, and at the
    // twenty-seventh its probabilities moved against the verdicts by 0.197 in all (one item 0.50 → 0.26) even measured
    // against a model trained on the same sets without them. There the guard's own comparisons, which promoted it, are
    // what is asserted.
    if (presentSets().present.some((dir) => dir.endsWith(`${path.sep}devtexts`))) {
      expect(towardVerdicts, disagreements.join(', ')).toBeGreaterThan(0);
      expect(disagreements.length, disagreements.join(', ')).toBeLessThan(Math.max(1, wrongBefore));
    }
    // Editors' overrides and decisions intact.
    const approved = await get(approvedId!);
    expect(approved.editorial.status).toBe('approved');
    expect(approved.editorial.overrides.title).toBe('Заголовок редактора');
    // The version counts every write (the optimistic lock), the rebuild's too; the rest of the editorial part is as it was.
    const unchangedEditorial = (item: PracticeItem) => ({ ...item.editorial, version: item.editorial.version - 1 });
    expect(unchangedEditorial(approved)).toEqual(before.get(approvedId!)!.editorial);
    expect(unchangedEditorial(await get(rejectedId!))).toEqual(before.get(rejectedId!)!.editorial);
    for (const item of queue) expect(unchangedEditorial(await get(item.id))).toEqual(before.get(item.id)!.editorial);
  });
});
