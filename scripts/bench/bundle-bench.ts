/**
 * Lambda bundles: each deployed entry built with the house construct's own esbuild settings
 * (`BUNDLE_SETTINGS`), its minified size, its heaviest inputs (esbuild's metafile) and its cold
 * import time: a fresh `node` process importing the bundle, beside the same process importing an
 * empty module (the baseline, measured in the same run). Runnable alone:
 * `npx tsx scripts/bench/bundle-bench.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_SETTINGS } from '../../infra/constructs/practice-function.js';
import type { BenchRow } from './report.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The bar of the functions whose cold start someone waits for: at most 400 KB (KB = 1,024 bytes). */
export const BUNDLE_LIMIT_BYTES = 400 * 1024;
/**
 * The bar of the batch jobs (the weekly retrain, the re-extraction job after a promotion, about
 * once a month): nobody waits for their cold start (a second or so in a run of minutes), so the
 * 400 KB bar is not theirs; this one only catches a runaway bundle (a dependency pulled in whole).
 */
export const BATCH_BUNDLE_LIMIT_BYTES = 1024 * 1024;

/**
 * Every deployed bundle: the five functions on the request or run path (the ingest function with its
 * parse worker and lazily loaded extraction, the projector, the two APIs) under the 400 KB bar, and
 * the two batch functions (retrain, re-extraction) under {@link BATCH_BUNDLE_LIMIT_BYTES}, sizes
 * printed alike. (The console's deployment handler is CDK's own, not built here.)
 */
export const LAMBDA_BUNDLES = [
  { name: 'ingest index.mjs', entry: 'functions/lambda/ingest.ts', kind: 'request' },
  { name: 'ingest parse-worker.mjs', entry: 'functions/adapters/parse-worker/parse-worker.ts', kind: 'request' },
  { name: 'ingest extract.mjs', entry: 'functions/core/extraction/extract-practice.ts', kind: 'request' },
  { name: 'projector index.mjs', entry: 'functions/lambda/projector.ts', kind: 'request' },
  { name: 'query-api index.mjs', entry: 'functions/lambda/query-api.ts', kind: 'request' },
  { name: 'review-api index.mjs', entry: 'functions/lambda/review-api.ts', kind: 'request' },
  { name: 'retrain index.mjs', entry: 'functions/lambda/retrain.ts', kind: 'batch' },
  { name: 'reextract index.mjs', entry: 'functions/lambda/reextract.ts', kind: 'batch' },
  { name: 'reextract parse-worker.mjs', entry: 'functions/adapters/parse-worker/parse-worker.ts', kind: 'batch' },
] as const satisfies ReadonlyArray<{ name: string; entry: string; kind: 'request' | 'batch' }>;

/** The size bar of a bundle, in bytes and in words. */
export function barOf(kind: 'request' | 'batch'): { bytes: number; words: string } {
  return kind === 'request'
    ? { bytes: BUNDLE_LIMIT_BYTES, words: '≤ 400 KB' }
    : { bytes: BATCH_BUNDLE_LIMIT_BYTES, words: '≤ 1,024 KB (batch job: cold start irrelevant, 400 KB bar not applied)' };
}

export interface BuiltBundle {
  entry: string;
  bytes: number;
  code: Uint8Array;
  /** Input files with their share of the output, largest first. */
  inputs: Array<{ file: string; bytes: number }>;
  /** Inputs grouped by npm package (or by project folder), largest first. */
  packages: Array<{ name: string; bytes: number }>;
  metafile: Metafile;
}

/** Builds `entry` exactly as the construct does (minified ESM, banner, SDK external, charset, aliases). */
export async function buildBundle(entry: string): Promise<BuiltBundle> {
  const result = await build({
    ...BUNDLE_SETTINGS,
    mainFields: [...BUNDLE_SETTINGS.mainFields],
    external: [...BUNDLE_SETTINGS.external],
    alias: { ...BUNDLE_SETTINGS.alias },
    banner: { js: BUNDLE_SETTINGS.banner },
    entryPoints: [path.join(root, entry)],
    bundle: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs)
    .map(([file, info]) => ({ file, bytes: info.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  const groups = new Map<string, number>();
  for (const { file, bytes } of inputs) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
    const name = pkg ?? file.split('/').slice(0, file.startsWith('functions/') ? 3 : 2).join('/');
    groups.set(name, (groups.get(name) ?? 0) + bytes);
  }
  return {
    entry,
    bytes: output.bytes,
    code: result.outputFiles[0]!.contents,
    inputs,
    packages: [...groups].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes),
    metafile: result.metafile,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Milliseconds a fresh Node process takes to import `file` (median of `runs`), measured inside
 * the process from just before the `import()` to its settling, so process start-up is excluded.
 * The import must succeed (the module exports `handler`), or the figure would time a failure.
 */
function coldImport(file: string, env: Record<string, string>, runs: number): { ms: number; cpuMs: number } {
  const script = `const t=performance.now();const c=process.cpuUsage();const m=await import(${JSON.stringify(pathToFileURL(file).href)});const u=process.cpuUsage(c);process.stdout.write(JSON.stringify([performance.now()-t,(u.user+u.system)/1000]));process.exit(0)`;
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
    let figures: [number, number] | null = null;
    try {
      figures = JSON.parse(result.stdout) as [number, number];
    } catch {
      figures = null;
    }
    if (result.status !== 0 || !figures) throw new Error(`cold import of ${file} failed: ${result.stderr.slice(0, 500)}`);
    times.push(figures[0]);
    cpu.push(figures[1]);
  }
  return { ms: median(times), cpuMs: median(cpu) };
}

/** The environment a function's module needs at import (what the construct sets on AWS). */
/** The runtime-provided SDK packages the functions import (external to the bundles). */
const SDK_CLIENTS = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-s3'];

const IMPORT_ENV: Record<string, string> = {
  TABLE_NAME: 'bench',
  RAW_BUCKET: 'bench-raw',
  AWS_REGION: 'eu-central-1',
  AUTH_ISSUER: 'https://issuer.example.org',
  AUTH_AUDIENCE: 'bench',
  AUTH_JWKS_URL: 'https://issuer.example.org/.well-known/jwks.json',
  // The retrain function starts the re-extraction job's executions (checked at import).
  REEXTRACT_STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:000000000000:stateMachine:bench',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_DEV: 'false',
  LOG_LEVEL: 'ERROR',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

export interface BundleFigures {
  name: string;
  entry: string;
  kind: 'request' | 'batch';
  kb: number;
  coldImportMs: number;
  /** CPU time of that import (less sensitive to a loaded machine than the wall time): `npm run cost` uses it. */
  coldImportCpuMs: number;
  sdkImportCpuMs: number;
  /** Import of the AWS SDK clients alone (the runtime provides them; every function loads them): the baseline. */
  sdkImportMs: number;
  /** Import of an empty module: the floor. */
  emptyImportMs: number;
  heaviest: string[];
}

/**
 * Builds every bundle, writes each into a temporary directory whose `node_modules` links to the
 * project's (the AWS SDK is external, as the runtime provides it), and times its cold import.
 */
export async function measureBundles(options: { runs?: number } = {}): Promise<BundleFigures[]> {
  const runs = options.runs ?? 5;
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-bundles-'));
  try {
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const empty = path.join(dir, 'empty.mjs');
    writeFileSync(empty, 'export {};\n');
    const emptyImportMs = coldImport(empty, IMPORT_ENV, runs).ms;
    // Every function builds both storage clients at import: the runtime's SDK modules load either way.
    const sdkOnly = path.join(dir, 'sdk-only.mjs');
    writeFileSync(sdkOnly, SDK_CLIENTS.map((name) => `import ${JSON.stringify(name)};`).join('\n'));
    const sdkImport = coldImport(sdkOnly, IMPORT_ENV, runs);
    const figures: BundleFigures[] = [];
    for (const bundle of LAMBDA_BUNDLES) {
      const built = await buildBundle(bundle.entry);
      const sub = path.join(dir, bundle.name.replace(/[^a-z0-9.-]+/gi, '_'));
      mkdirSync(sub);
      const file = path.join(sub, 'index.mjs');
      writeFileSync(file, built.code);
      // The parse worker runs in a thread: importing it in a main thread throws at once, which
      // would time nothing; it is timed by the size only.
      const cold = bundle.entry.includes('parse-worker') ? { ms: Number.NaN, cpuMs: Number.NaN } : coldImport(file, IMPORT_ENV, runs);
      figures.push({
        name: bundle.name,
        entry: bundle.entry,
        kind: bundle.kind,
        kb: Math.round((built.bytes / 1024) * 10) / 10,
        coldImportMs: Math.round(cold.ms * 10) / 10,
        coldImportCpuMs: Math.round(cold.cpuMs * 10) / 10,
        sdkImportMs: Math.round(sdkImport.ms * 10) / 10,
        sdkImportCpuMs: Math.round(sdkImport.cpuMs * 10) / 10,
        emptyImportMs: Math.round(emptyImportMs * 10) / 10,
        heaviest: built.packages.slice(0, 5).map((p) => `${p.name} ${Math.round(p.bytes / 1024)} KB`),
      });
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bench rows: one per bundle (size bar ≤ 400 KB; cold import as a ratio to the empty-module baseline, reported). */
export async function benchBundles(): Promise<BenchRow[]> {
  const figures = await measureBundles();
  for (const f of figures) {
    process.stderr.write(`bundle ${f.name}: ${f.kb} KB, cold import ${f.coldImportMs} ms, ${f.coldImportCpuMs} ms CPU (AWS SDK clients alone ${f.sdkImportMs} ms, ${f.sdkImportCpuMs} ms CPU; empty module ${f.emptyImportMs} ms); heaviest ${f.heaviest.join(', ')}\n`);
  }
  return figures.map((f) => ({
    suite: 'bundles',
    name: `${f.name} minified size`,
    value: f.kb,
    unit: 'KB',
    baseline: Number.isNaN(f.coldImportMs)
      ? 'a worker thread: size only (its import runs off the request path)'
      : !f.entry.startsWith('functions/lambda/')
        ? `loaded on a run's first new article: import ${f.coldImportMs} ms (${f.coldImportCpuMs} ms CPU, the catalogues built)`
        : `cold import ${f.coldImportMs} ms (${f.coldImportCpuMs} ms CPU) = ${(f.coldImportCpuMs / f.sdkImportCpuMs).toFixed(2)}× the CPU of the AWS SDK clients alone (${f.sdkImportCpuMs} ms)`,
    bar: barOf(f.kind).words,
    pass: f.kb * 1024 <= barOf(f.kind).bytes,
    figures: { ...f },
  }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchBundles();
  for (const row of rows) process.stdout.write(`${row.pass ? 'PASS' : 'FAIL'}  ${row.name}  ${row.value} ${row.unit}  [bar ${row.bar}]  (${row.baseline})\n`);
  process.exit(rows.every((r) => r.pass) ? 0 : 1);
}
