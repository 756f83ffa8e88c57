import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { LOCAL_RUN_BUNDLE } from '../../infra/constructs/bundle-settings.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStorage, type Storage } from '../../functions/composition/storage.js';
import type { Config } from '../../functions/config.js';
import type { PracticeItem } from '../../functions/core/ports.js';
import { allRecords } from '../support/practices.js';
import { projectRecord } from '../../functions/core/projection/project-records.js';
import { isPublic } from '../../functions/core/practices/practice-identity.js';
import { describeNeedingDynamoDbLocal, testConfig } from '../support/stack.js';
import { ALL_URLS, EDITED, REWRITTEN } from './crash-fixtures.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The named points of `crash-worker.ts`, in the order the seeds take them. */
const POINTS = ['fetched', 'archived', 'recording', 'transaction', 'state-saved', 'editor-sent', 'editor-applied', 'projected'] as const;
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
/** Time box of one worker process (a run takes a few seconds on an idle machine). */
const WORKER_TIMEOUT_MS = 90_000;

let dir: string;
let workerFile: string;
let crossings: Record<string, number>;

/** Builds the worker like the Lambda asset: one ESM bundle, `parse-worker.mjs` and `extract.mjs` beside it. */
async function bundleWorker(): Promise<string> {
  const common = LOCAL_RUN_BUNDLE;
  await build({ ...common, entryPoints: [path.join(root, 'test/crash/crash-worker.ts')], outfile: path.join(dir, 'crash-worker.mjs') });
  await build({ ...common, entryPoints: [path.join(root, 'functions/adapters/parse-worker/parse-worker.ts')], outfile: path.join(dir, 'parse-worker.mjs') });
  await build({ ...common, entryPoints: [path.join(root, 'functions/core/extraction/extract-practice.ts')], outfile: path.join(dir, 'extract.mjs') });
  return path.join(dir, 'crash-worker.mjs');
}

/** The crossing counts a finished run wrote to its journal (none for a run that was killed). */
function crossingsOf(journal: string): Record<string, number> {
  const line = readFileSync(journal, 'utf8').split('\n').find((l) => l.startsWith('crossings '));
  return line ? (JSON.parse(line.slice('crossings '.length)) as Record<string, number>) : {};
}

/** Runs the worker once; resolves with how it ended. */
function runWorker(config: Config, journal: string, crashAt?: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [workerFile], {
      env: {
        ...process.env,
        DYNAMODB_ENDPOINT: config.dynamoEndpoint,
        S3_ENDPOINT: config.s3Endpoint,
        TABLE_NAME: config.tableName,
        RAW_BUCKET: config.rawBucket,
        LOG_LEVEL: 'SILENT',
        // The suite checks crash invariants, not parse budgets: a loaded CI machine must not time parses out.
        PARSE_TIMEOUT_MS: '20000',
        CRASH_JOURNAL: journal,
        CRASH_AT: crashAt ?? '',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker did not finish within ${WORKER_TIMEOUT_MS} ms (${crashAt ?? 'no crash'}): ${stderr}`));
    }, WORKER_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

/** Every invariant of RELIABILITY.md that a crash could break, checked on what is stored. */
async function checkInvariants(storage: Storage, journal: string): Promise<void> {
  const lines = readFileSync(journal, 'utf8').split('\n').filter(Boolean);
  expect(lines.filter((l) => l.startsWith('error ')), 'worker errors').toEqual([]);
  expect(lines).toContain('done ingest-2');
  expect(lines).toContain('done project-2');

  // No record lost, none duplicated: every URL maps to a record, and the listings hold each once.
  const byUrl = new Map<string, PracticeItem>();
  for (const url of ALL_URLS) {
    const record = await storage.practices.findByUrl(url);
    expect(record, `record of ${url}`).not.toBeNull();
    byUrl.set(url, record!);
  }
  const records = await allRecords(storage.practices);
  const ids = records.map((r) => r.id);
  expect(new Set(ids).size, 'a record listed twice').toBe(ids.length);
  expect(new Set([...byUrl.values()].map((r) => r.id)).size).toBe(ALL_URLS.length);
  expect(ids.length).toBe(ALL_URLS.length);

  // Raw bytes before any derived write: every write started after its page was stored, and every
  // page a record points to is in S3.
  const stored = new Set<string>();
  for (const line of lines) {
    if (line.startsWith('s3 ')) stored.add(line.slice(3));
    if (line.startsWith('db ')) {
      const key = line.split(' ')[1]!;
      expect(stored.has(key), `derived write before its raw page: ${line}`).toBe(true);
    }
  }
  for (const record of records) {
    for (const source of record.sources) {
      expect(source.rawKey, `raw key of ${source.url}`).not.toBeNull();
      expect(await storage.rawPages.get(source.rawKey!), `raw page of ${source.url}`).not.toBeNull();
    }
  }

  // Versions and history: one entry per version, 1…n, the record at n.
  for (const record of records) {
    const history = await storage.practices.history(record.id, { limit: 100, after: null });
    const versions = history.items.map((h) => h.version).sort((a, b) => a - b);
    expect(versions, `history of ${record.extraction.url}`).toEqual(Array.from({ length: record.editorial.version }, (_, i) => i + 1));
  }

  // Editor overrides intact, each action applied exactly once, after the machine updates too.
  for (const [index, url] of EDITED.entries()) {
    const record = byUrl.get(url)!;
    expect(record.editorial.overrides.title).toBe(`Проверено редактором: запись ${index + 1}`);
    const history = (await storage.practices.history(record.id, { limit: 100, after: null })).items;
    expect(history.filter((h) => h.action === 'edit')).toHaveLength(1);
    expect(history.filter((h) => h.action === 'approve')).toHaveLength(1);
    if (url === REWRITTEN) {
      expect(history.filter((h) => h.action === 'changed')).toHaveLength(1);
      expect(record.editorial.status).toBe('pending');
    } else {
      expect(record.editorial.status).toBe('approved');
    }
  }

  // Projections complete whatever was killed: the outbox is empty, and projecting any record again
  // writes nothing (its listing rows and postings are those of its current version).
  expect(await storage.practices.projectionLag()).toMatchObject({ depth: 0 });
  const again = await Promise.all(records.map((record) => projectRecord({ outbox: storage.practices, index: storage.search, now: () => new Date() }, { id: record.id, version: record.editorial.version })));
  expect(again.map((run) => run.listingRows + run.postings), 'rows a re-projection still had to write').toEqual(records.map(() => 0));
  // The corpus figures (BM25's document count and length) move after a record's postings, not in
  // the same write: a kill between the two leaves the record uncounted (never counted twice), as the
  // inline path always has. One kill catches at most the projections in flight (4 at a time).
  const documents = (await storage.search.stats()).documents;
  expect(documents).toBeLessThanOrEqual(records.length);
  expect(documents).toBeGreaterThanOrEqual(records.length - 4);
  // The public records are listed publicly (their rows came from the editor's write or the projector).
  const published = records.filter((r) => isPublic(r)).map((r) => r.id).sort();
  expect((await storage.practices.listPublic({}, { limit: 100 })).items.map((r) => r.id).sort()).toEqual(published);

  // The runs completed: both sources healthy, with the second edition's validators.
  for (const sourceId of ['gov74-ru', 'kremlin-ru']) {
    const state = await storage.sourceStates.get(sourceId);
    expect(state?.lastRun?.outcome, sourceId).toMatch(/success|not_modified/);
    expect(state?.health.consecutiveFailures).toBe(0);
  }
}

/** Seeds run this many at a time: a worker mostly waits on DynamoDB Local, so a few share two cores well. */
const PARALLEL_SEEDS = 3;
let running = 0;
const waiting: Array<() => void> = [];
async function slot<T>(task: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL_SEEDS) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await task();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

describeNeedingDynamoDbLocal('crash suite: the ingest worker SIGKILLed at 20 seeded points, then run again', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pw-crash-'));
    workerFile = await bundleWorker();
    // A run without a crash: its crossing counts bound the seeded points, and it must hold the invariants itself.
    const config = testConfig();
    const journal = path.join(dir, 'calibration.log');
    writeFileSync(journal, '');
    const result = await runWorker(config, journal);
    expect(result, result.stderr).toMatchObject({ code: 0, signal: null });
    await checkInvariants(createStorage(config, { projection: 'deferred' }), journal);
    crossings = crossingsOf(journal);
    for (const point of POINTS) expect(crossings[point], point).toBeGreaterThan(0);
  }, 180_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.concurrent.each(SEEDS)('seed %i: killed at its point, run again, every invariant holds', (seed) => slot(async () => {
    const point = POINTS[(seed - 1) % POINTS.length]!;
    // Spread the seeds over each point's crossings deterministically (a prime stride).
    let nth = 1 + ((seed * 7919) % crossings[point]!);
    let config = testConfig();
    let journal = path.join(dir, `seed-${seed}.log`);
    writeFileSync(journal, '');

    let killed = await runWorker(config, journal, `${point}:${nth}`);
    // How many transactions a run makes depends on how its writes happen to be grouped, so a run may cross a point
    // fewer times than the calibration run did and end without reaching its kill: then the seed's stride is taken
    // over that run's own count, on fresh storage.
    const reached = crossingsOf(journal)[point];
    if (killed.signal === null && killed.code === 0 && reached !== undefined && reached < nth) {
      nth = 1 + ((seed * 7919) % reached);
      config = testConfig();
      journal = path.join(dir, `seed-${seed}-again.log`);
      writeFileSync(journal, '');
      killed = await runWorker(config, journal, `${point}:${nth}`);
    }
    expect(killed.signal, `${killed.stderr}\n--- journal ---\n${readFileSync(journal, 'utf8').slice(-2000)}`).toBe('SIGKILL');
    expect(readFileSync(journal, 'utf8')).toContain(`killed ${point} ${nth}`);

    const rerun = await runWorker(config, journal);
    expect(rerun, `${rerun.stderr}\n--- journal ---\n${readFileSync(journal, 'utf8').slice(-2000)}`).toMatchObject({ code: 0, signal: null });
    await checkInvariants(createStorage(config, { projection: 'deferred' }), journal);
  }), 4 * WORKER_TIMEOUT_MS);
});
