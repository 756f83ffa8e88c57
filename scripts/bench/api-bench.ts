/**
 * API load benchmark (`npm run bench -- api`, or `npx tsx scripts/bench/api-bench.ts` alone).
 * Open-loop load: requests leave at a fixed arrival rate whatever the latency, and each latency
 * is measured from the request's scheduled start, so a stall is counted against every request it
 * delays. The server runs in a child process (this file, in server mode) so that the load
 * generator does not steal its event loop; they talk over loopback through the local HTTP bridge
 * (node:http → API Gateway v2 event → the middy handler), exactly as `npm start` serves the API.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDynamoClient, createS3Client } from '../../functions/adapters/aws-clients.js';
import { DynamoPracticeRepository } from '../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { DynamoSourceStateRepository } from '../../functions/adapters/dynamo/dynamo-source-state-repository.js';
import { ensureTable } from '../../functions/adapters/dynamo/ensure-table.js';
import { MemoryPracticeRepository } from '../../functions/adapters/memory/memory-practice-repository.js';
import { MemoryRawPageStore } from '../../functions/adapters/memory/memory-raw-page-store.js';
import { MemorySourceStateRepository } from '../../functions/adapters/memory/memory-source-state-repository.js';
import { ensureBucket, S3RawPageStore } from '../../functions/adapters/s3/s3-raw-page-store.js';
import { loadConfig } from '../../functions/config.js';
import { createQueryApiHandler, type QueryApiDeps } from '../../functions/handlers/api/query-api.js';
import { QUERY_API_ROUTES } from '../../functions/handlers/api/routes.js';
import { createHttpServer } from '../../functions/local/http-bridge.js';
import { startLocalStack } from '../../functions/local/local-stack.js';
import { sources } from '../../functions/sources/registry.js';
import { SEED_REGIONS, seedPractices } from './seed-practices.js';

export interface LoadResult {
  /** Requests sent, warm-up included (the denominator of server CPU per request). */
  sent: number;
  /** Requests measured (after warm-up). */
  requests: number;
  errors: number;
  /** Requests that could not even start because too many were in flight (counted as errors too). */
  dropped: number;
  achievedRps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * Sends `rps` requests per second for `seconds` (after `warmupSeconds` not counted), at most
 * `maxInFlight` at once; a request is an error unless it answers 200 with a body.
 */
export async function openLoopLoad(options: {
  port: number;
  rps: number;
  seconds: number;
  warmupSeconds?: number;
  maxInFlight?: number;
  path: (i: number) => string;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxInFlight ?? 256 });
  const maxInFlight = options.maxInFlight ?? 256;
  const warmup = options.warmupSeconds ?? 2;
  const total = Math.round(options.rps * (options.seconds + warmup));
  const measuredFrom = Math.round(options.rps * warmup);
  const interval = 1000 / options.rps;
  const latencies: number[] = [];
  let errors = 0;
  let dropped = 0;
  let inFlight = 0;
  const pending: Array<Promise<void>> = [];

  const one = (i: number, scheduledAt: number) =>
    new Promise<void>((resolve) => {
      const counted = i >= measuredFrom;
      const done = (ok: boolean) => {
        inFlight -= 1;
        if (counted) {
          latencies.push(performance.now() - scheduledAt);
          if (!ok) errors += 1;
        }
        resolve();
      };
      const req = request({ host: '127.0.0.1', port: options.port, path: options.path(i), agent, timeout: 10_000 }, (res) => {
        let size = 0;
        res.on('data', (chunk: Buffer) => (size += chunk.length));
        res.on('end', () => done(res.statusCode === 200 && size > 0));
        res.on('error', () => done(false));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => done(false));
      req.end();
    });

  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const scheduledAt = started + i * interval;
    const wait = scheduledAt - performance.now();
    // Sleep only when ahead of schedule; when behind, requests leave back to back to catch up.
    if (wait > 1) await new Promise((r) => setTimeout(r, wait - 0.5));
    else if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    if (inFlight >= maxInFlight) {
      if (i >= measuredFrom) dropped += 1;
      continue;
    }
    inFlight += 1;
    pending.push(one(i, scheduledAt));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    sent: pending.length,
    requests: latencies.length + dropped,
    errors: errors + dropped,
    dropped,
    achievedRps: Math.round((total / elapsed) * 10) / 10,
    p50Ms: round(percentile(latencies, 50)),
    p90Ms: round(percentile(latencies, 90)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.at(-1) ?? Number.NaN),
  };
}

async function serveQueryApi(deps: QueryApiDeps): Promise<Server> {
  const handler = createQueryApiHandler(deps);
  const server = createHttpServer(QUERY_API_ROUTES.map((routeKey) => ({ routeKey, handler })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Server mode (child process): seeds a repository, serves the query API, reports its port. */
async function runServer(): Promise<void> {
  const records = Number(process.env['API_BENCH_RECORDS'] ?? 5000);
  const seedStart = performance.now();
  let deps: QueryApiDeps;
  if (process.env['API_BENCH_BACKEND'] === 'dynamo') {
    const config = loadConfig();
    const dynamo = createDynamoClient(config);
    const s3 = createS3Client(config);
    await ensureTable(dynamo, config.tableName);
    await ensureBucket(s3, config.rawBucket);
    const repo = new DynamoPracticeRepository(dynamo, config.tableName);
    await seedPractices(repo, records);
    deps = { queries: repo, practices: repo, sourceStates: new DynamoSourceStateRepository(dynamo, config.tableName), rawPages: new S3RawPageStore(s3, config.rawBucket), sources, cursorSecret: config.cursorSecret, publicBaseUrl: config.publicBaseUrl };
  } else {
    const repo = new MemoryPracticeRepository();
    await seedPractices(repo, records);
    deps = { queries: repo, practices: repo, sourceStates: new MemorySourceStateRepository(), rawPages: new MemoryRawPageStore(), sources, cursorSecret: CURSOR_SECRET, publicBaseUrl: 'http://localhost' };
  }
  const server = await serveQueryApi(deps);
  process.on('message', (message) => {
    if (message === 'cpu') process.send!({ cpu: process.cpuUsage() });
  });
  process.send!({ port: (server.address() as AddressInfo).port, seedMs: Math.round(performance.now() - seedStart) });
  // The parent ends this process when the load is over (or this process ends with it).
  process.on('disconnect', () => process.exit(0));
}

/** Starts the server child for `backend` and waits for its port. */
async function startServerProcess(
  backend: 'memory' | 'dynamo',
  env: Record<string, string>,
): Promise<{ port: number; seedMs: number; cpuMicros(): Promise<number>; stop(): Promise<void> }> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, ...env, API_BENCH_ROLE: 'server', API_BENCH_BACKEND: backend },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const ready = await new Promise<{ port: number; seedMs: number }>((resolve, reject) => {
      child.once('message', (message) => resolve(message as { port: number; seedMs: number }));
      child.once('exit', (code) => reject(new Error(`bench server exited early with code ${code}`)));
      child.once('error', reject);
    });
    // CPU time the server process has used (user + system): a figure that other load on the machine does not inflate.
    const cpuMicros = () =>
      new Promise<number>((resolve) => {
        child.once('message', (message) => {
          const { cpu } = message as { cpu: NodeJS.CpuUsage };
          resolve(cpu.user + cpu.system);
        });
        child.send('cpu');
      });
    return { ...ready, cpuMicros, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const cpuPerRequest = (before: number, after: number, requests: number) => Math.round((after - before) / Math.max(1, requests)) / 1000;

const regionPath = (i: number) => `/practices?region=${SEED_REGIONS[i % SEED_REGIONS.length]!.code}`;
const CURSOR_SECRET = 'bench-cursor-secret-0123456789';

/** The read-API targets of issue 5: in-memory 500 rps p99 ≤ 25 ms; DynamoDB Local (5,000 records) 100 rps p99 ≤ 150 ms, 0 errors. */
export async function benchApi(options: { memorySeconds?: number; dynamoSeconds?: number; records?: number } = {}): Promise<Array<{ name: string; pass: boolean; [figure: string]: unknown }>> {
  const records = options.records ?? 5000;
  const results: Array<{ name: string; pass: boolean; [figure: string]: unknown }> = [];

  {
    const seconds = options.memorySeconds ?? 20;
    const server = await startServerProcess('memory', { API_BENCH_RECORDS: String(records) });
    log(`api: in-memory repository (${records} records, seeded in ${server.seedMs} ms); query handler over the local HTTP bridge in a child process; 500 req/s for ${seconds} s of GET /practices?region=…`);
    try {
      const cpuBefore = await server.cpuMicros();
      const load = await openLoopLoad({ port: server.port, rps: 500, seconds, path: regionPath });
      const r = { ...load, serverCpuMsPerRequest: cpuPerRequest(cpuBefore, await server.cpuMicros(), load.sent), loadAverage: loadavg()[0]!.toFixed(1) };
      log(`api: in-memory ${JSON.stringify(r)}`);
      results.push({ name: 'api: in-memory, 500 rps, p99 ≤ 25 ms, 0 errors', pass: r.p99Ms <= 25 && r.errors === 0, ...r });
    } finally {
      await server.stop();
    }
  }

  {
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-api-bench-'));
    const stack = await startLocalStack({ s3Dir: path.join(dir, 's3'), log });
    try {
      const seconds = options.dynamoSeconds ?? 60;
      const server = await startServerProcess('dynamo', {
        API_BENCH_RECORDS: String(records),
        DYNAMODB_ENDPOINT: stack.dynamoEndpoint,
        S3_ENDPOINT: stack.s3Endpoint,
        TABLE_NAME: 'api-bench',
        RAW_BUCKET: 'api-bench-raw',
        CURSOR_SECRET: CURSOR_SECRET,
        LOG_LEVEL: 'SILENT',
      });
      log(`api: ${stack.dynamoEngine} (${records} records, seeded in ${server.seedMs} ms); query handler over the local HTTP bridge in a child process; 100 req/s for ${seconds} s of GET /practices?region=…`);
      try {
        const cpuBefore = await server.cpuMicros();
        const load = await openLoopLoad({ port: server.port, rps: 100, seconds, path: regionPath });
        const r = { ...load, serverCpuMsPerRequest: cpuPerRequest(cpuBefore, await server.cpuMicros(), load.sent), loadAverage: loadavg()[0]!.toFixed(1) };
        log(`api: dynamo ${JSON.stringify(r)}`);
        results.push({ name: `api: ${stack.dynamoEngine} with ${records} records, 100 rps, p99 ≤ 150 ms, 0 errors`, pass: r.p99Ms <= 150 && r.errors === 0, ...r });
      } finally {
        await server.stop();
      }
    } finally {
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

if (process.env['API_BENCH_ROLE'] === 'server') {
  await runServer();
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seconds = (name: string) => {
    const value = process.env[name];
    return value ? Number(value) : undefined;
  };
  const results = await benchApi({ memorySeconds: seconds('API_BENCH_MEMORY_SECONDS'), dynamoSeconds: seconds('API_BENCH_DYNAMO_SECONDS') });
  for (const { name, pass, ...figures } of results) process.stdout.write(`${pass ? 'PASS' : 'FAIL'}  ${name}  ${JSON.stringify(figures)}\n`);
  process.exit(results.every((r) => r.pass) ? 0 : 1);
}
