import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { CriticalError, deserializeError, NonRetryableError, type PipelineError } from '../../core/errors.js';
import type { Article, ListingEntry } from '../../core/model.js';
import type { DiscoveredFeed, DocumentParser, ParseJob } from '../../core/ports.js';
import { parseTimeoutError, runParseJob, type ParseReply, type SourceRegistryModule } from './parse-job.js';

/**
 * The default time budget of one parse: every hostile document ends within 2 s, fetch included
 * (test/limits), while a large real page parses in a tenth of it even on a 512 MB function.
 */
const DEFAULT_TIMEOUT_MS = 1500;

export interface WorkerDocumentParserOptions {
  /** Time budget of one parse, from the moment the job reaches a ready worker. Default 1.5 s. */
  timeoutMs?: number;
  /** Worker threads kept (1 or 2). Default 1. */
  poolSize?: 1 | 2;
  /** Memory limits of each worker; defaults: 256 MiB old generation, 32 MiB young, 8 MiB stack. */
  resourceLimits?: ResourceLimits;
  /**
   * The worker script. Default: `parse-worker.mjs` beside this module when it exists (the
   * Lambda bundle ships it there), else `parse-worker.ts`, which is started through a small
   * bootstrap that registers the tsx loader in the thread (Node 20 ignores `--import` in a
   * worker's `execArgv`).
   */
  workerScript?: URL;
  /** URL or path of the registry module the worker loads; default the real `functions/sources/registry`. */
  registryModule?: string | URL;
  /** How long a new worker may take to load its modules. Default 30 s. */
  startupTimeoutMs?: number;
}

/** Picks the worker script: the bundled `.mjs` beside the running code, else the TypeScript source. */
export function resolveWorkerScript(base: string | URL = import.meta.url): URL {
  const bundled = new URL('./parse-worker.mjs', base);
  if (existsSync(fileURLToPath(bundled))) return bundled;
  return new URL('./parse-worker.ts', base);
}

/** How to start a worker on `script`: directly for JavaScript, through a tsx bootstrap for TypeScript. */
function workerEntry(script: URL): [string | URL, { eval?: boolean }] {
  if (!script.pathname.endsWith('.ts')) return [script, {}];
  // The ESM build of tsx's API, found through its package.json (its CommonJS build cannot register).
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  const exportsMap = (JSON.parse(readFileSync(packageJson, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  const tsxApi = new URL(exportsMap['./esm/api']!.import.default, pathToFileURL(packageJson)).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
  return [bootstrap, { eval: true }];
}

interface Pending {
  id: number;
  job: ParseJob;
  resolve: (value: ListingEntry[] | Article | DiscoveredFeed[]) => void;
  reject: (error: PipelineError) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  current: Pending | null;
  timer: NodeJS.Timeout | null;
  dead: boolean;
}

/**
 * The {@link DocumentParser} port on worker threads: each document is parsed in a worker with a
 * time budget and V8 memory limits (`resourceLimits`), so a hostile document (cheerio is
 * super-linear on deep nesting and huge attribute lists) costs at most the budget and never
 * the main process. A worker that overruns is terminated and replaced.
 *
 * Outcomes: the parser's result as plain JSON; a `PipelineError` the parser threw keeps its
 * code; any other exception is `illformed`; an overrun is `parse_timeout`; a worker that runs
 * out of memory is `too_large`; a broken worker (crash, unloadable registry) is `internal`.
 */
export class WorkerDocumentParser implements DocumentParser {
  /** Number of workers started so far (replacements included). */
  workersStarted = 0;
  private readonly slots: Slot[] = [];
  private readonly waiting: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly poolSize: number;
  private readonly script: URL;
  private readonly registryModule: string | undefined;
  private readonly resourceLimits: ResourceLimits;
  private readonly startupTimeoutMs: number;

  constructor(options: WorkerDocumentParserOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.poolSize = options.poolSize ?? 1;
    this.script = options.workerScript ?? resolveWorkerScript();
    const registry = options.registryModule;
    this.registryModule = registry === undefined ? undefined : registry instanceof URL ? registry.href : /^[a-z]+:/i.test(registry) ? registry : pathToFileURL(registry).href;
    this.resourceLimits = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 8, ...options.resourceLimits };
    this.startupTimeoutMs = options.startupTimeoutMs ?? 30_000;
  }

  parseListing(job: Extract<ParseJob, { kind: 'listing' }>): Promise<ListingEntry[]> {
    return this.submit(job) as Promise<ListingEntry[]>;
  }

  parseArticle(job: Extract<ParseJob, { kind: 'article' }>): Promise<Article> {
    return this.submit(job) as Promise<Article>;
  }

  discoverFeeds(job: Extract<ParseJob, { kind: 'feeds' }>): Promise<DiscoveredFeed[]> {
    return this.submit(job) as Promise<DiscoveredFeed[]>;
  }

  /**
   * Starts the pool's workers and waits until they are ready, so that the first parses do not
   * wait for a worker to load (e.g. during a Lambda's init phase, or after a worker was replaced).
   */
  async warm(): Promise<void> {
    while (!this.closed && this.slots.length < this.poolSize) this.spawn();
    await Promise.all(this.slots.map((slot) => slot.ready.catch(() => undefined)));
  }

  /** Terminates every worker; pending jobs fail with `internal`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.waiting.splice(0)) pending.reject(new CriticalError('parser closed', { sourceId: pending.job.sourceId }));
    await Promise.all(this.slots.splice(0).map((slot) => this.kill(slot, new CriticalError('parser closed'))));
  }

  private submit(job: ParseJob): Promise<ListingEntry[] | Article | DiscoveredFeed[]> {
    if (this.closed) return Promise.reject(new CriticalError('parser closed', { sourceId: job.sourceId }));
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, job, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      let slot = this.slots.find((s) => !s.current && !s.dead);
      if (!slot && this.slots.length < this.poolSize) slot = this.spawn();
      if (!slot) return;
      this.assign(slot, this.waiting.shift()!);
    }
  }

  private spawn(): Slot {
    this.workersStarted++;
    const [entry, entryOptions] = workerEntry(this.script);
    const worker = new Worker(entry, {
      ...entryOptions,
      workerData: { registryModule: this.registryModule },
      resourceLimits: this.resourceLimits,
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, ready: Promise.resolve(), current: null, timer: null, dead: false };
    slot.ready = new Promise<void>((resolve, reject) => {
      const startup = setTimeout(() => reject(new CriticalError(`parse worker did not start within ${this.startupTimeoutMs} ms`)), this.startupTimeoutMs);
      worker.once('message', (message: { ready?: boolean; message?: string }) => {
        clearTimeout(startup);
        if (message.ready) resolve();
        else reject(new CriticalError(`parse worker could not load the registry: ${message.message ?? 'unknown'}`));
      });
      worker.once('error', (error) => {
        clearTimeout(startup);
        reject(new CriticalError(`parse worker failed to start: ${error.message}`, {}, { cause: error }));
      });
    });
    slot.ready.catch(() => undefined);
    worker.on('message', (message: { id?: number; reply?: ParseReply }) => {
      if (message.id === undefined || !slot.current || slot.current.id !== message.id || !message.reply) return;
      const pending = slot.current;
      this.release(slot);
      if (message.reply.ok) pending.resolve(message.reply.result);
      else pending.reject(deserializeError(message.reply.failure));
      this.dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const failure = outOfMemory
        ? new NonRetryableError('too_large', 'document needs more memory than a parse may use', { limitMb: this.resourceLimits.maxOldGenerationSizeMb }, { cause: error })
        : new CriticalError(`parse worker crashed: ${error.message}`, {}, { cause: error });
      void this.kill(slot, failure);
    });
    worker.on('exit', (code) => {
      void this.kill(slot, new CriticalError(`parse worker exited with code ${code}`));
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private assign(slot: Slot, pending: Pending): void {
    slot.current = pending;
    slot.worker.ref();
    slot.ready.then(
      () => {
        if (slot.current !== pending || slot.dead) return;
        slot.timer = setTimeout(() => {
          void this.kill(slot, parseTimeoutError(pending.job, this.timeoutMs));
        }, this.timeoutMs);
        slot.worker.postMessage({ id: pending.id, job: pending.job });
      },
      (error: PipelineError) => void this.kill(slot, error),
    );
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.current = null;
    slot.worker.unref();
  }

  /** Fails the slot's job (if any) with `error`, terminates the worker and drops the slot. */
  private async kill(slot: Slot, error: PipelineError): Promise<void> {
    if (slot.dead) return;
    slot.dead = true;
    const pending = slot.current;
    this.release(slot);
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    pending?.reject(error);
    await slot.worker.terminate().catch(() => undefined);
    if (!this.closed) this.dispatch();
  }
}

/** Options of {@link InProcessDocumentParser}. */
export interface InProcessDocumentParserOptions {
  /** Time budget of one parse. Default 1.5 s. */
  timeoutMs?: number;
  /** The registry; default the real `functions/sources/registry`, loaded on first use. */
  registry?: SourceRegistryModule;
}

/**
 * The {@link DocumentParser} port on the calling thread, for places where a worker cannot run.
 * Same outcomes and codes as {@link WorkerDocumentParser}, but weaker: the budget is a race, so
 * a parser that blocks the event loop (a synchronous super-linear parse, an endless loop) is
 * only reported late or never, and there is no memory isolation (a blow-up takes the process
 * down). Prefer the worker wherever threads are available.
 */
export class InProcessDocumentParser implements DocumentParser {
  private readonly timeoutMs: number;
  private registry: SourceRegistryModule | undefined;

  constructor(options: InProcessDocumentParserOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.registry = options.registry;
  }

  parseListing(job: Extract<ParseJob, { kind: 'listing' }>): Promise<ListingEntry[]> {
    return this.run(job) as Promise<ListingEntry[]>;
  }

  parseArticle(job: Extract<ParseJob, { kind: 'article' }>): Promise<Article> {
    return this.run(job) as Promise<Article>;
  }

  discoverFeeds(job: Extract<ParseJob, { kind: 'feeds' }>): Promise<DiscoveredFeed[]> {
    return this.run(job) as Promise<DiscoveredFeed[]>;
  }

  private async run(job: ParseJob): Promise<ListingEntry[] | Article | DiscoveredFeed[]> {
    this.registry ??= (await import('../../sources/registry.js')) as SourceRegistryModule;
    const registry = this.registry;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(parseTimeoutError(job, this.timeoutMs)), this.timeoutMs);
    });
    try {
      const reply = await Promise.race([runParseJob(registry, job), timeout]);
      if (reply.ok) return reply.result;
      throw deserializeError(reply.failure);
    } finally {
      clearTimeout(timer);
    }
  }
}
