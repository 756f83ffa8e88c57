import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { InProcessDocumentParser } from '../../functions/adapters/parse-worker/worker-document-parser.js';
import { ensureTable } from '../../functions/adapters/dynamo/ensure-table.js';
import { S3ReextractJobStore } from '../../functions/adapters/learning/s3-learning-stores.js';
import { ensureBucket } from '../../functions/adapters/s3/s3-raw-page-store.js';
import { createConsoleResponder } from '../../functions/console/serve-console.js';
import { createQueryApiDependencies } from '../../functions/composition/api.js';
import { createReextractDependencies } from '../../functions/composition/learning.js';
import { createStorage, type Storage } from '../../functions/composition/storage.js';
import type { Config } from '../../functions/config.js';
import type { ReextractJobMessage } from '../../functions/core/learning/reextract-job.js';
import { createQueryApiHandler } from '../../functions/handlers/api/query-api.js';
import { QUERY_API_ROUTES } from '../../functions/handlers/api/routes.js';
import { createReextractHandler, type ReextractStepResult } from '../../functions/handlers/learning/reextract-handler.js';
import { createHttpServer } from '../../functions/local/http-bridge.js';
import { localLambdaContext } from '../../functions/local/lambda-context.js';
import { LocalReextractRunner } from '../../functions/local/reextract-runner.js';
import { getSourceProfile, sourceProfiles } from '../../functions/sources/profiles.js';
import { getSource } from '../../functions/sources/registry.js';
import { promote } from '../../scripts/retrain/run-retrain.js';
import { modelAt, REEXTRACT_ARTICLES, storeReextractArticles } from '../learning/reextract-articles.js';
import { describeNeedingDynamoDbLocal, testConfig } from '../support/stack.js';
import { DANGEROUS_DOM, finishSession, openConsole, useChromium } from './browser.js';
import { XSS_IMG, XSS_SCRIPT, XSS_URL } from './fixtures.js';

/*
 * The sources page's re-extraction section over a real server: the query API as composed for
 * Lambda and npm start (its job state read from s3rver), the console's static files, and a job's
 * state written by the very re-extraction handler, step by step, over records stored in DynamoDB
 * Local with their raw pages in s3rver. One record's raw page is deleted so that the job has a
 * failure to report.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(ROOT, '.artifacts', 'browser');
const AXE = readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const source = getSourceProfile('asi-ru');
const PAGE_SIZE = 3;

let config: Config;
let storage: Storage;
let server: Server;
let origin: string;
let lostUrl: string;
let lostId: string;

const moscow = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const inMoscow = (iso: string) => `${moscow.format(new Date(iso))} МСК`;

/** axe-core's serious and critical findings in the section (loaded through the debugging protocol: the page's CSP stays as served). */
async function sectionViolations(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Runtime.evaluate', { expression: AXE });
  await cdp.detach();
  const violations = (await page.evaluate('axe.run(".reextraction", { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact })))')) as Array<{ id: string; impact: string }>;
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact})`);
}

/** The job's handler as the local runtime composes it; a 2-step budget per execution, an optional settling time and clock. */
function jobHandler(options: { settleMs?: number; now?: () => Date } = {}) {
  const deps = createReextractDependencies(config, storage, { parser: new InProcessDocumentParser({ registry: { getSource } }), sourceOf: (id) => (id === source.id ? source : undefined), pageSize: PAGE_SIZE, settleMs: options.settleMs ?? 0 });
  return createReextractHandler({ ...deps, ...(options.now ? { now: options.now } : {}), options: { ...deps.options, stepsPerExecution: 2 } });
}

/** Promotes a model (as a retrain does) and returns the job's first message. */
async function promoted(at: Date, biasShift: number): Promise<ReextractJobMessage> {
  const model = modelAt(at, biasShift);
  await storage.models.save(model);
  return (await promote(storage.models, model, at, new LocalReextractRunner()))!;
}

/** Runs steps of a job as its driver would (a hand-over's message goes on as the fresh execution's first), until `until` says stop or the job is done. */
async function runSteps(handler: ReturnType<typeof jobHandler>, first: ReextractJobMessage, until: (result: ReextractStepResult, steps: number) => boolean): Promise<ReextractStepResult> {
  let message = first;
  for (let steps = 1; ; steps += 1) {
    const result = await handler(message, localLambdaContext('reextract'));
    if (result.done || until(result, steps)) return result;
    message = result.message;
  }
}

async function storeArticles(): Promise<void> {
  const stored = await storeReextractArticles(storage, 820000);
  for (const article of stored) expect(article.kind).toBe('created');
  // The first record of the pending listing loses its raw page: the job cannot rebuild it.
  const lost = stored[0]!;
  lostUrl = lost.url;
  lostId = lost.id;
  await storage.s3.send(new DeleteObjectCommand({ Bucket: config.rawBucket, Key: lost.rawKey }));
}

describeNeedingDynamoDbLocal('sources page: the re-extraction job (real query API, job state written by the handler)', { timeout: 90_000 }, () => {
  const chromium = useChromium();

  beforeAll(async () => {
    config = testConfig();
    storage = createStorage(config);
    await ensureTable(storage.dynamo, config.tableName);
    await ensureBucket(storage.s3, config.rawBucket);
    await storeArticles();
    const queryHandler = createQueryApiHandler(createQueryApiDependencies(config, storage, sourceProfiles));
    const serveConsole = createConsoleResponder({ config: { apiBaseUrl: '', auth: { mode: 'local' } } });
    server = createHttpServer(QUERY_API_ROUTES.map((routeKey) => ({ routeKey, handler: queryHandler })), {
      fallback: (req, res) => {
        if (!serveConsole(req, res)) res.writeHead(404).end();
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  /** Opens the sources page and returns the section's state, its text and its facts (term → value). */
  async function sectionOnPage() {
    const session = await openConsole(chromium.browser, origin, '#/sources', null);
    const { page } = session;
    await page.waitForSelector('.sources-table tbody tr');
    const region = page.getByRole('region', { name: 'Переизвлечение сохранённых материалов' });
    await region.waitFor();
    const facts = await region.locator('dl.reextraction-facts').evaluateAll((lists) => {
      const out: Record<string, string> = {};
      for (const dl of lists) for (const dt of dl.querySelectorAll('dt')) out[dt.textContent ?? ''] = (dt.nextElementSibling?.textContent ?? '').trim();
      return out;
    });
    return { session, page, region, state: await region.getAttribute('data-state'), text: (await region.textContent()) ?? '', facts };
  }

  it('says no re-extraction has run before the first job', async () => {
    const { session, page, region, state, text } = await sectionOnPage();
    expect(state).toBe('none');
    expect(text).toContain('Переизвлечение ещё не запускалось.');
    expect(await region.locator('progress').count()).toBe(0);
    expect(await page.evaluate(DANGEROUS_DOM)).toEqual([]);
    await finishSession(session);
  });

  it('shows a running job (listing, counts, hand-overs, the failed record), then the finished one', async () => {
    const first = await promoted(new Date('2026-12-01T09:00:00Z'), -2);
    const handler = jobHandler();
    // approved (empty), rejected (empty) — the budget of 2 steps spent: a hand-over — then one page of pending.
    const paused = await runSteps(handler, first, (_result, steps) => steps === 3);
    expect(paused).toMatchObject({ done: false, handOver: false, message: { step: 3, execution: 1 } });
    // The state as the handler wrote it, through the store the query API reads.
    const running = (await new S3ReextractJobStore(storage.s3, config.rawBucket).get())!;
    expect(running).toMatchObject({ status: 'running', handovers: 1, cursor: { status: 'pending' }, totals: { records: 3, failed: 1 } });
    const failureCode = running.failures.at(-1)!.code;

    let view = await sectionOnPage();
    expect(view.state).toBe('running');
    expect(view.text).toContain('Состояние: идёт: список 3 из 3 «на проверке»');
    const progress = view.region.locator('progress.reextraction-progress');
    expect(await progress.getAttribute('max')).toBe('3');
    expect(await progress.evaluate((node) => (node as unknown as { value: number }).value)).toBe(2.5);
    expect(await progress.getAttribute('aria-label')).toBe('Пройдено списков: 2 из 3');
    expect(view.facts['Модель']).toBe(`${first.modelVersion} (версия извлечения ${first.extractorVersion})`);
    expect(view.facts['Записи']).toBe('пройдено 3: переизвлечено 2, пропущено (уже в этой версии) 0, не удалось 1');
    expect(view.facts['Начато']).toBe(inMoscow(first.startedAt));
    expect(view.facts['Обновлено']).toMatch(/^\d\d\.\d\d\.\d{4}, \d\d:\d\d МСК$/);
    expect(view.facts['Завершено']).toBeUndefined();
    expect(view.facts['Новых выполнений']).toMatch(/^1 /);
    expect(view.facts['Последний сбой']).toBe(`${failureCode} — ${lostUrl} (запись ${lostId} сохраняет прежнее извлечение)`);
    // The failed record's address is a link (checked http(s)), its code text.
    expect(await view.region.locator(`a[href="${lostUrl}"]`).count()).toBe(1);
    expect(await view.page.evaluate(DANGEROUS_DOM)).toEqual([]);
    expect(await sectionViolations(view.page)).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await view.region.screenshot({ path: path.join(ARTIFACTS, 'console-sources-reextraction-running.png') });
    await finishSession(view.session);

    await runSteps(handler, paused.done ? first : paused.message, () => false);
    view = await sectionOnPage();
    expect(view.state).toBe('done');
    expect(view.text).toMatch(/Состояние: завершено \d\d\.\d\d\.\d{4}, \d\d:\d\d МСК/);
    expect(view.facts['Записи']).toBe(`всего ${REEXTRACT_ARTICLES.length}: переизвлечено ${REEXTRACT_ARTICLES.length - 1}, пропущено (уже в этой версии) 0, не удалось 1`);
    expect(view.facts['Завершено']).toMatch(/МСК$/);
    expect(view.facts['Новых выполнений']).toMatch(/^2 /);
    expect(await view.region.locator('progress').count()).toBe(0);
    await finishSession(view.session);
  });

  it('shows a job that stopped moving (in words, as an alert), one waiting for its second walk of the pending listing, and a failed one (an alert with the step and the error)', async () => {
    // A job whose execution stopped two hours ago (its last write then): its state still says running.
    const started = new Date(Date.now() - 2 * 3600_000);
    const lastWrite = new Date(started.getTime() + 60_000);
    const stopped = await promoted(started, -3);
    await runSteps(jobHandler({ now: () => lastWrite }), stopped, (_step, steps) => steps === 1);
    let view = await sectionOnPage();
    expect(view.state).toBe('stalled');
    expect(await view.region.getByRole('alert').textContent()).toBe(`Состояние: не продвигается с ${inMoscow(lastWrite.toISOString())}: выполнение, вероятно, прервалось (сигнал ReextractExecutionFailedAlarm); запустите заново — готовые записи будут пропущены`);
    expect(view.facts['Обновлено']).toBe(inMoscow(lastWrite.toISOString()));
    expect(await sectionViolations(view.page)).toEqual([]);
    await finishSession(view.session);

    // A newer job that ends before ingest can have seen its model waits, then walks the pending listing again.
    const waiting = await promoted(new Date(), -1);
    const result = await runSteps(jobHandler({ settleMs: 10 * 60_000 }), waiting, (step) => !step.done && step.waitSeconds > 0);
    expect(result).toMatchObject({ done: false, waitSeconds: expect.any(Number) });
    view = await sectionOnPage();
    expect(view.state).toBe('waiting');
    expect(view.text).toMatch(/Состояние: ждёт до \d\d\.\d\d\.\d{4}, \d\d:\d\d МСК, затем повторный проход по списку «на проверке»/);
    expect(await view.region.getByRole('alert').count()).toBe(0);
    expect(view.facts['Модель']).toBe(`${waiting.modelVersion} (версия извлечения ${waiting.extractorVersion})`);
    await finishSession(view.session);

    // Its next step fails every attempt: the state machine's RecordFailure hands the function the step and the error.
    if (result.done) throw new Error('the job was to wait');
    expect(await jobHandler()({ failed: { message: result.message, error: 'States.Timeout', cause: 'the step ran out of time at learning/secret-key' } }, localLambdaContext('reextract'))).toEqual({ done: true });
    view = await sectionOnPage();
    expect(view.state).toBe('failed');
    expect(await view.region.getByRole('alert').textContent()).toMatch(new RegExp(`^Состояние: прервано .*МСК: шаг ${result.message.step} не удался после всех попыток \\(States\\.Timeout\\); запустите заново`));
    expect(view.text).not.toContain('secret-key');
    expect(await view.region.locator('progress').count()).toBe(0);
    expect(await sectionViolations(view.page)).toEqual([]);
    await finishSession(view.session);
  });

  it('renders what the state holds as text: markup in a version stays text, a non-http failure address is no link', async () => {
    // The state's fields are ours, but the page trusts nothing: a state with hostile strings, written through the store the job uses.
    const jobs = new S3ReextractJobStore(storage.s3, config.rawBucket);
    // The state the earlier tests' jobs left (this suite's tests run in order).
    const latest = (await jobs.get())!;
    expect(latest).not.toBeNull();
    await jobs.put({ ...latest, jobId: `${latest.jobId}-hostile`, modelVersion: XSS_IMG, extractorVersion: XSS_SCRIPT, status: 'done', finishedAt: latest.updatedAt, cursor: null, waitingUntil: null, failures: [{ id: XSS_IMG, url: XSS_URL, code: 'internal', message: 'raw snapshot learning/secret-key is missing' }] });
    const view = await sectionOnPage();
    expect(view.state).toBe('done');
    expect(view.facts['Модель']).toBe(`${XSS_IMG} (версия извлечения ${XSS_SCRIPT})`);
    expect(view.facts['Последний сбой']).toContain(XSS_URL);
    expect(await view.region.locator('a').count()).toBe(0);
    // The failure's message stays in the state: the API does not send it.
    expect(view.text).not.toContain('secret-key');
    expect(await view.page.evaluate(DANGEROUS_DOM)).toEqual([]);
    await finishSession(view.session);
  });
});
