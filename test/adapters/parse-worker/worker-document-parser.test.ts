import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessDocumentParser, WorkerDocumentParser, resolveWorkerScript } from '../../../functions/adapters/parse-worker/worker-document-parser.js';
import { FAILURE_CODES, LayoutChangedError, PipelineError } from '../../../functions/core/errors.js';
import type { EntryPoint } from '../../../functions/core/source-definition.js';
import * as testRegistry from './test-registry.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const corpora = path.resolve(repoRoot, '..', 'shared', 'corpora');
const registryModule = path.join(import.meta.dirname, 'test-registry.ts');
const entryPoint: EntryPoint = { url: 'https://example.org/rss', kind: 'rss', label: 'rss' };

const article = (sourceId: string, text = '<p>текст</p>') => ({ kind: 'article' as const, sourceId, url: 'https://example.org/a/1', text });

async function outcome(promise: Promise<unknown>): Promise<{ value?: unknown; error?: PipelineError; ms: number }> {
  const start = performance.now();
  try {
    const value = await promise;
    return { value, ms: performance.now() - start };
  } catch (error) {
    expect(error).toBeInstanceOf(PipelineError);
    return { error: error as PipelineError, ms: performance.now() - start };
  }
}

describe('resolveWorkerScript', () => {
  it('prefers a bundled parse-worker.mjs beside the code, else the TypeScript source', () => {
    const fromSource = resolveWorkerScript(new URL('../../../functions/adapters/parse-worker/worker-document-parser.ts', import.meta.url));
    expect(fromSource.pathname.endsWith('/functions/adapters/parse-worker/parse-worker.ts')).toBe(true);
  });
});

describe('WorkerDocumentParser', () => {
  let parser: WorkerDocumentParser;

  beforeAll(() => {
    parser = new WorkerDocumentParser({ registryModule, timeoutMs: 1000, poolSize: 1, resourceLimits: { maxOldGenerationSizeMb: 64 } });
  });

  afterAll(async () => {
    await parser.close();
  });

  it('returns what the parser returns, as plain data', async () => {
    const result = await parser.parseArticle(article('ok', 'практика'));
    expect(result).toEqual({ url: 'https://example.org/a/1', title: 'Заголовок', publishedAt: null, author: null, lead: null, bodyText: 'ПРАКТИКА', tags: [], images: [] });
    const entries = await parser.parseListing({ kind: 'listing', sourceId: 'ok', entryPoint, text: JSON.stringify([{ url: 'https://example.org/1', title: 't', publishedAt: null, lead: null }]) });
    expect(entries).toEqual([{ url: 'https://example.org/1', title: 't', publishedAt: null, lead: null }]);
  });

  it('stops a parser stuck in a loop at the budget (±0.5 s) with parse_timeout and replaces the worker', async () => {
    const before = parser.workersStarted;
    const { error, ms } = await outcome(parser.parseArticle(article('hang')));
    console.info(`hung parser: parse_timeout after ${ms.toFixed(0)} ms (budget 1000)`);
    expect(error?.code).toBe('parse_timeout');
    expect(Math.abs(ms - 1000)).toBeLessThanOrEqual(500);
    const after = await parser.parseArticle(article('ok', 'снова'));
    expect(after.bodyText).toBe('СНОВА');
    expect(parser.workersStarted).toBe(before + 1);
  });

  it('stops a parser that never settles at the budget', async () => {
    const { error, ms } = await outcome(parser.parseArticle(article('hang-async')));
    expect(error?.code).toBe('parse_timeout');
    expect(Math.abs(ms - 1000)).toBeLessThanOrEqual(500);
  });

  it('turns a memory blow-up into too_large without harming the main process', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const generous = new WorkerDocumentParser({ registryModule, timeoutMs: 20_000, resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } });
    try {
      const { error, ms } = await outcome(generous.parseArticle(article('alloc')));
      console.info(`memory blow-up: ${error?.code} after ${ms.toFixed(0)} ms (limit 48 MiB)`);
      expect(error?.code).toBe('too_large');
      const after = await generous.parseArticle(article('ok', 'жив'));
      expect(after.bodyText).toBe('ЖИВ');
    } finally {
      await generous.close();
    }
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('keeps the code of a PipelineError the parser threw', async () => {
    const { error } = await outcome(parser.parseArticle(article('layout')));
    expect(error).toBeInstanceOf(LayoutChangedError);
    expect(error?.code).toBe('layout_changed');
    expect(error?.context).toMatchObject({ sourceId: 'layout', selector: 'div.e-news__content' });
  });

  it('reports any other exception (TypeError, stack overflow) as illformed, naming what was thrown', async () => {
    const typeError = await outcome(parser.parseArticle(article('type-error')));
    expect(typeError.error?.code).toBe('illformed');
    expect(typeError.error?.message).toMatch(/TypeError/);
    const overflow = await outcome(parser.parseArticle(article('recurse')));
    expect(overflow.error?.code).toBe('illformed');
    expect(overflow.error?.message).toMatch(/RangeError/);
  });

  it('reports results that are not plain data, the wrong shape, or an unknown source as internal', async () => {
    expect((await outcome(parser.parseArticle(article('not-json')))).error?.code).toBe('internal');
    expect((await outcome(parser.parseArticle(article('wrong-shape')))).error?.code).toBe('internal');
    expect((await outcome(parser.parseArticle(article('no-such-source')))).error?.code).toBe('internal');
  });

  it('reports an unloadable registry as internal', async () => {
    const broken = new WorkerDocumentParser({ registryModule: path.join(import.meta.dirname, 'missing-registry.ts'), timeoutMs: 1000 });
    try {
      const { error } = await outcome(broken.parseArticle(article('ok')));
      expect(error?.code).toBe('internal');
    } finally {
      await broken.close();
    }
  });

  it('runs jobs on a pool of two, and queued jobs do not spend their budget while waiting', async () => {
    const pool = new WorkerDocumentParser({ registryModule, timeoutMs: 1000, poolSize: 2 });
    try {
      const results = await Promise.allSettled([
        pool.parseArticle(article('hang')),
        pool.parseArticle(article('hang')),
        pool.parseArticle(article('ok', 'третий')),
      ]);
      expect(results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as PipelineError).code))).toEqual(['parse_timeout', 'parse_timeout', 'ok']);
      expect(pool.workersStarted).toBe(3);
    } finally {
      await pool.close();
    }
  });
});

/** The real registry answers an unknown source id with `internal`, naming the ids it has; closes the parser. */
async function expectUnknownSourceInternal(parser: WorkerDocumentParser): Promise<void> {
  try {
    const { error } = await outcome(parser.parseArticle(article('no-such-source')));
    expect(error?.code).toBe('internal');
    expect(error?.message).toMatch(/registered: .*mos-ru-news/);
  } finally {
    await parser.close();
  }
}

describe('WorkerDocumentParser with the real registry (functions/sources/registry.ts)', () => {
  it('loads the real registry by default and reports an unknown source id as internal', async () => {
    const parser = new WorkerDocumentParser({ timeoutMs: 2000 });
    await expectUnknownSourceInternal(parser);
  });
});

describe('WorkerDocumentParser from a bundled parse-worker.mjs (the Lambda layout)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-bundle-'));

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is picked beside the running bundle and runs the real registry bundled into it', async () => {
    await build({
      entryPoints: [path.join(repoRoot, 'functions', 'adapters', 'parse-worker', 'parse-worker.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      outfile: path.join(dir, 'parse-worker.mjs'),
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    const script = resolveWorkerScript(pathToFileURL(path.join(dir, 'handler.mjs')));
    expect(script.pathname.endsWith('/parse-worker.mjs')).toBe(true);
    const parser = new WorkerDocumentParser({ workerScript: script, timeoutMs: 2000 });
    await expectUnknownSourceInternal(parser);
  });
});

describe('WorkerDocumentParser: hostile HTML through cheerio (RELIABILITY.md)', () => {
  const generated = path.join(corpora, 'generated');
  const treeDir = path.join(corpora, 'html5lib-tests', 'tree-construction');
  let parser: WorkerDocumentParser;
  const budgetMs = 2000;

  beforeAll(async () => {
    parser = new WorkerDocumentParser({ registryModule, timeoutMs: budgetMs, poolSize: 2 });
    await parser.warm();
  });

  afterAll(async () => {
    await parser.close();
  });

  it('parses a document of 20,000 nested divs and 50,000 attributes written here, within budget or with a closed-set code', async () => {
    const nested = `<html><body>${'<div>'.repeat(20_000)}глубоко${'</div>'.repeat(20_000)}</body></html>`;
    const attributes = `<html><body><p ${Array.from({ length: 50_000 }, (_, i) => `a${i}="v"`).join(' ')}>много</p></body></html>`;
    for (const [name, text] of [['nested', nested], ['attributes', attributes]] as const) {
      // The budget excludes a worker's start-up (a timed-out worker is replaced): time the parse only.
      await parser.warm();
      const { error, ms } = await outcome(parser.parseArticle(article('cheerio', text)));
      console.info(`cheerio ${name}: ${error ? error.code : 'ok'} in ${ms.toFixed(0)} ms`);
      if (error) expect(FAILURE_CODES).toContain(error.code);
      expect(ms).toBeLessThan(budgetMs + 500);
    }
  });

  it.skipIf(!existsSync(generated))('runs generated/deep_nesting_20k_div.html and many_attributes.html within budget (../shared/corpora)', async () => {
    for (const name of ['deep_nesting_20k_div.html', 'many_attributes.html', 'deep_nesting_20k_xml.xml']) {
      const text = readFileSync(path.join(generated, name), 'utf8');
      await parser.warm();
      const { error, ms } = await outcome(parser.parseArticle(article('cheerio', text)));
      console.info(`${name}: ${error ? error.code : 'ok'} in ${ms.toFixed(0)} ms`);
      if (error) expect(FAILURE_CODES).toContain(error.code);
      expect(ms).toBeLessThan(budgetMs + 500);
    }
  });

  it.skipIf(!existsSync(treeDir))('runs every html5lib tree-construction input through the worker: 0 crashes, all within budget (../shared/corpora)', async () => {
    const inputs: string[] = [];
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir, { withFileTypes: true })) {
        if (name.isDirectory()) walk(path.join(dir, name.name));
        else if (name.name.endsWith('.dat')) files.push(path.join(dir, name.name));
      }
    };
    walk(treeDir);
    for (const file of files) {
      const raw = readFileSync(file, 'utf8');
      for (const block of raw.split(/^#data\n/m).slice(1)) inputs.push(block.split(/^#errors/m)[0] ?? '');
    }
    const codes = new Map<string, number>();
    let slowest = 0;
    const started = performance.now();
    const results = await Promise.all(
      inputs.map(async (text) => {
        const before = performance.now();
        const { error } = await outcome(parser.parseArticle(article('cheerio', text)));
        slowest = Math.max(slowest, performance.now() - before);
        const key = error ? error.code : 'ok';
        codes.set(key, (codes.get(key) ?? 0) + 1);
        return error;
      }),
    );
    console.info(`html5lib tree-construction: ${inputs.length} inputs in ${(performance.now() - started).toFixed(0)} ms, outcomes ${JSON.stringify(Object.fromEntries(codes))}`);
    expect(inputs.length).toBeGreaterThan(1500);
    for (const error of results) if (error) expect(FAILURE_CODES).toContain(error.code);
    expect(codes.get('parse_timeout') ?? 0).toBe(0);
  }, 120_000);
});

describe('InProcessDocumentParser', () => {
  const parser = new InProcessDocumentParser({ registry: testRegistry, timeoutMs: 500 });

  it('returns results and maps failures like the worker does', async () => {
    expect((await parser.parseArticle(article('ok', 'да'))).bodyText).toBe('ДА');
    expect((await outcome(parser.parseArticle(article('layout')))).error?.code).toBe('layout_changed');
    expect((await outcome(parser.parseArticle(article('type-error')))).error?.code).toBe('illformed');
    expect((await outcome(parser.parseArticle(article('not-json')))).error?.code).toBe('internal');
  });

  it('reports an asynchronous hang as parse_timeout at the budget', async () => {
    const { error, ms } = await outcome(parser.parseArticle(article('hang-async')));
    expect(error?.code).toBe('parse_timeout');
    expect(Math.abs(ms - 500)).toBeLessThanOrEqual(300);
  });
});
