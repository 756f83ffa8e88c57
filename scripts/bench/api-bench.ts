/**
 * API load benchmark (`npm run bench -- api`, or `npx tsx scripts/bench/api-bench.ts` alone).
 * Open-loop load: requests leave at a fixed arrival rate whatever the latency, and each latency
 * is measured from the request's scheduled start, so a stall is counted against every request it
 * delays. The server runs in a child process (this file, in server mode) so that the load
 * generator does not steal its event loop; they talk over loopback through the local HTTP bridge
 * (node:http → API Gateway v2 event → the middy handler), exactly as `npm start` serves the API.
 *
 * Baseline, same run: a bare `node:http` server in its own child process answering the very same
 * bytes from memory, loaded at the same rate. The two alternate in short rounds, so that a change
 * in the machine's load falls on both; the bars are ratios of their percentiles, and errors 0.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
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
import type { BenchRow } from './report.js';
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
  /** Every measured latency (ms), sorted: rounds are merged from these. */
  latencies: number[];
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
      // From the scheduled time (a late sender's delay counts against the server, as in any
      // open-loop test), but never before the request left: the sleep may wake a little early.
      const from = Math.min(scheduledAt, performance.now());
      const done = (ok: boolean) => {
        inFlight -= 1;
        if (counted) {
          latencies.push(performance.now() - from);
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
    latencies,
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

/** A response captured from the real API, to be answered from memory by the bare server. */
interface CapturedResponse {
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Bare mode (child process): answers the captured responses from memory with `node:http`, nothing else. */
async function runBareServer(): Promise<void> {
  const responses = await new Promise<CapturedResponse[]>((resolve) => process.once('message', (message) => resolve(message as CapturedResponse[])));
  const table = new Map(responses.map((r) => [r.path, { ...r, bytes: Buffer.from(r.body, 'base64') }]));
  const server = createServer((req, res) => {
    const found = table.get(req.url ?? '');
    if (!found) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(found.status, { ...found.headers, 'content-length': found.bytes.length }).end(found.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', (message) => {
    if (message === 'cpu') process.send!({ cpu: process.cpuUsage() });
  });
  process.send!({ port: (server.address() as AddressInfo).port, seedMs: 0 });
  process.on('disconnect', () => process.exit(0));
}

/** GETs `path` once and keeps status, the headers a client sees and the body. */
function capture(port: number, path: string): Promise<CapturedResponse> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined && !['content-length', 'connection', 'keep-alive', 'date', 'transfer-encoding'].includes(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ path, status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('base64') });
      });
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** Starts the server child for `backend` and waits for its port. */
async function startServerProcess(
  backend: 'memory' | 'dynamo' | 'bare',
  env: Record<string, string>,
  bareResponses?: CapturedResponse[],
): Promise<{ port: number; seedMs: number; cpuMicros(): Promise<number>; stop(): Promise<void> }> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, ...env, API_BENCH_ROLE: backend === 'bare' ? 'bare' : 'server', API_BENCH_BACKEND: backend },
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
      if (bareResponses) child.send(bareResponses);
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


const regionPath = (i: number) => `/practices?region=${SEED_REGIONS[i % SEED_REGIONS.length]!.code}`;
const CURSOR_SECRET = 'bench-cursor-secret-0123456789';

/** Percentile of an ascending array. */
const pct = (sorted: number[], p: number) => round(percentile(sorted, p));

/** One backend's figures: the API and the bare server under the same load, in alternating rounds. */
export interface ApiComparison {
  backend: string;
  records: number;
  rps: number;
  seconds: number;
  api: { p50Ms: number; p99Ms: number; errors: number; requests: number; achievedRps: number; serverCpuMsPerRequest: number };
  bare: { p50Ms: number; p99Ms: number; errors: number; requests: number; achievedRps: number; serverCpuMsPerRequest: number };
  p50Ratio: number;
  p99Ratio: number;
  loadAverage: string;
}

/**
 * Loads the API server and a bare server answering the same bytes at `rps`, in `rounds` alternating
 * slices of `seconds / rounds` each (API first in odd rounds, bare first in even ones).
 */
async function compare(
  backend: string,
  api: Awaited<ReturnType<typeof startServerProcess>>,
  rps: number,
  seconds: number,
  records: number,
  rounds = 4,
): Promise<ApiComparison> {
  const captured = await Promise.all(SEED_REGIONS.map((_, i) => capture(api.port, regionPath(i))));
  if (captured.some((c) => c.status !== 200)) throw new Error(`the API answered ${captured.map((c) => c.status).join(', ')} while capturing`);
  const bare = await startServerProcess('bare', {}, captured);
  try {
    const slice = Math.max(2, Math.round(seconds / rounds));
    const merged = { api: [] as LoadResult[], bare: [] as LoadResult[] };
    const cpu = { api: 0, bare: 0 };
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? (['api', 'bare'] as const) : (['bare', 'api'] as const);
      for (const which of order) {
        const server = which === 'api' ? api : bare;
        const before = await server.cpuMicros();
        merged[which].push(await openLoopLoad({ port: server.port, rps, seconds: slice, warmupSeconds: round === 0 ? 2 : 1, path: regionPath }));
        cpu[which] += (await server.cpuMicros()) - before;
      }
    }
    const summary = (results: LoadResult[], cpuMicros: number) => {
      const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
      const sent = results.reduce((n, r) => n + r.sent, 0);
      return {
        p50Ms: pct(latencies, 50),
        p99Ms: pct(latencies, 99),
        errors: results.reduce((n, r) => n + r.errors, 0),
        requests: results.reduce((n, r) => n + r.requests, 0),
        achievedRps: round(results.reduce((n, r) => n + r.achievedRps, 0) / results.length),
        serverCpuMsPerRequest: Math.round(cpuMicros / Math.max(1, sent)) / 1000,
      };
    };
    const a = summary(merged.api, cpu.api);
    const b = summary(merged.bare, cpu.bare);
    return { backend, records, rps, seconds: slice * rounds, api: a, bare: b, p50Ratio: round(a.p50Ms / b.p50Ms), p99Ratio: round(a.p99Ms / b.p99Ms), loadAverage: loadavg()[0]!.toFixed(1) };
  } finally {
    await bare.stop();
  }
}

/** Bars, as ratios to the bare server's percentiles at the same rate on the same machine. */
export const API_BARS = {
  memory: { rps: 500, p99Ratio: 8 },
  dynamo: { rps: 100, p99Ratio: 40 },
} as const;

function row(c: ApiComparison, bar: { p99Ratio: number }): BenchRow {
  return {
    suite: 'api',
    name: `GET /practices?region=… over ${c.backend} (${c.records} records), ${c.rps} req/s: p99 ÷ bare p99`,
    value: c.p99Ratio,
    unit: '×',
    baseline: `bare node:http p50 ${c.bare.p50Ms} ms, p99 ${c.bare.p99Ms} ms; API p50 ${c.api.p50Ms} ms (${c.p50Ratio}×), p99 ${c.api.p99Ms} ms; ${c.api.requests} requests, ${c.api.errors} errors; load ${c.loadAverage}`,
    bar: `p99 ≤ ${bar.p99Ratio}× bare, 0 errors`,
    pass: c.p99Ratio <= bar.p99Ratio && c.api.errors === 0 && c.bare.errors === 0,
    figures: { ...c },
  };
}

/**
 * The read-API suite: the in-memory repository at 500 req/s and DynamoDB Local with 5,000 records
 * at 100 req/s, each beside the bare server at the same rate.
 */
export async function benchApi(options: { memorySeconds?: number; dynamoSeconds?: number; records?: number } = {}): Promise<BenchRow[]> {
  const records = options.records ?? 5000;
  const rows: BenchRow[] = [];

  {
    const seconds = options.memorySeconds ?? 20;
    const server = await startServerProcess('memory', { API_BENCH_RECORDS: String(records) });
    log(`api: in-memory repository (${records} records, seeded in ${server.seedMs} ms); query handler over the local HTTP bridge in a child process, beside a bare node:http server; ${API_BARS.memory.rps} req/s for ${seconds} s each`);
    try {
      const c = await compare('the in-memory repository', server, API_BARS.memory.rps, seconds, records);
      log(`api: in-memory ${JSON.stringify(c)}`);
      rows.push(row(c, API_BARS.memory));
    } finally {
      await server.stop();
    }
  }

  {
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-api-bench-'));
    const stack = await startLocalStack({ s3Dir: path.join(dir, 's3'), log });
    try {
      const seconds = options.dynamoSeconds ?? 40;
      const server = await startServerProcess('dynamo', {
        API_BENCH_RECORDS: String(records),
        DYNAMODB_ENDPOINT: stack.dynamoEndpoint,
        S3_ENDPOINT: stack.s3Endpoint,
        TABLE_NAME: 'api-bench',
        RAW_BUCKET: 'api-bench-raw',
        CURSOR_SECRET: CURSOR_SECRET,
        LOG_LEVEL: 'SILENT',
      });
      log(`api: ${stack.dynamoEngine} (${records} records, seeded in ${server.seedMs} ms); ${API_BARS.dynamo.rps} req/s for ${seconds} s each`);
      try {
        const c = await compare(stack.dynamoEngine, server, API_BARS.dynamo.rps, seconds, records);
        log(`api: dynamo ${JSON.stringify(c)}`);
        rows.push(row(c, API_BARS.dynamo));
      } finally {
        await server.stop();
      }
    } finally {
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

if (process.env['API_BENCH_ROLE'] === 'server') {
  await runServer();
} else if (process.env['API_BENCH_ROLE'] === 'bare') {
  await runBareServer();
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seconds = (name: string) => {
    const value = process.env[name];
    return value ? Number(value) : undefined;
  };
  const results = await benchApi({ memorySeconds: seconds('API_BENCH_MEMORY_SECONDS'), dynamoSeconds: seconds('API_BENCH_DYNAMO_SECONDS') });
  for (const { name, pass, value, unit, baseline } of results) process.stdout.write(`${pass ? 'PASS' : 'FAIL'}  ${name}  ${value} ${unit}  (${baseline})\n`);
  process.exit(results.every((r) => r.pass) ? 0 : 1);
}
