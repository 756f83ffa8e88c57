import { describe, expect, it } from 'vitest';
import type { ExtractionInput } from '../../functions/core/model.js';
import { barOf, BUNDLE_LIMIT_BYTES, buildBundle, LAMBDA_BUNDLES } from '../../scripts/bench/bundle-bench.js';

describe('function bundles (the esbuild settings of the house construct)', () => {
  it('keeps the extraction code out of the ingest function\'s own bundle (it loads extract.mjs on a run\'s first new article)', async () => {
    const { metafile } = await buildBundle('functions/lambda/ingest.ts');
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((file) => /core\/extraction\/(extract-practice|classifier|regions|people|organisations)\.ts$|core\/catalogues\//.test(file))).toEqual([]);
  }, 60_000);

  it('keeps the search glossary out of the public API bundle (shipped beside it, read on the first query)', async () => {
    const { metafile } = await buildBundle('functions/lambda/query-api.ts');
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((file) => file.endsWith('core/search/translate.ts'))).toBe(true);
    expect(inputs.filter((file) => file.endsWith('glossary.json'))).toEqual([]);
  }, 60_000);

  it.each(['functions/lambda/query-api.ts', 'functions/lambda/review-api.ts'])('keeps zod\'s classic API and its other locales out of %s (the schemas are zod/mini)', async (entry) => {
    const { inputs } = await buildBundle(entry);
    // What the output holds: the metafile also lists modules read and then shaken out.
    const zod = inputs.filter((input) => input.bytes > 0 && input.file.includes('node_modules/zod/')).map((input) => input.file);
    expect(zod.length).toBeGreaterThan(0);
    expect(zod.filter((file) => /\/v4\/classic\/|\/v4\/locales\/(?!en\.js$)/.test(file))).toEqual([]);
  }, 60_000);

  it.each(LAMBDA_BUNDLES.map((b) => [b.name, b.entry, b.kind, barOf(b.kind)] as const))('%s (%s, %s) is within its bar', async (_name, entry, _kind, bar) => {
    const { bytes, packages } = await buildBundle(entry);
    const heaviest = packages.slice(0, 5).map((p) => `${p.name} ${Math.round(p.bytes / 1024)} KB`);
    console.info(`${entry}: ${Math.round(bytes / 1024)} KB minified (bar ${bar.words}); heaviest: ${heaviest.join(', ')}`);
    expect(bytes, heaviest.join('\n')).toBeLessThanOrEqual(bar.bytes);
  }, 60_000);

  it('lists every function the app deploys, under the 400 KB bar unless it is a batch job', async () => {
    const entries = new Set<string>(LAMBDA_BUNDLES.map((b) => b.entry));
    const { readdirSync } = await import('node:fs');
    const deployed = readdirSync(new URL('../../functions/lambda/', import.meta.url)).filter((file) => file.endsWith('.ts') && file !== 'tracing.ts');
    for (const file of deployed) expect(entries, file).toContain(`functions/lambda/${file}`);
    expect(LAMBDA_BUNDLES.filter((b) => b.kind === 'batch').map((b) => b.entry.split('/').pop())).toEqual(['retrain.ts', 'reextract.ts', 'parse-worker.ts']);
    expect(BUNDLE_LIMIT_BYTES).toBe(400 * 1024);
  });

  it('writes Cyrillic as UTF-8, not as \\u escapes', async () => {
    // The catalogues and lexicons: the extraction bundle the ingest function loads on first use.
    const { code } = await buildBundle('functions/core/extraction/extract-practice.ts');
    const text = new TextDecoder().decode(code);
    const letters = text.match(/[а-яё]/gi)?.length ?? 0;
    // Escapes the sources write themselves (character-class bounds) stay: a handful, not thousands.
    const escaped = text.match(/\\u04[0-4][0-9a-f]/gi)?.length ?? 0;
    console.info(`extraction bundle: ${letters} Cyrillic letters as UTF-8, ${escaped} as \\u escapes`);
    expect(letters).toBeGreaterThan(10_000);
    expect(escaped).toBeLessThan(letters / 100);
  }, 60_000);

  it('replaces semver by the stand-in, which only the X-Ray SDK v2 patcher imports', async () => {
    const { metafile } = await buildBundle('functions/lambda/ingest.ts');
    const importers = Object.entries(metafile.inputs)
      .filter(([, input]) => input.imports.some((i) => /semver/.test(i.path)))
      .map(([file, input]) => ({ file, targets: input.imports.filter((i) => /semver/.test(i.path)).map((i) => i.path) }));
    expect(importers.map((i) => i.file)).toEqual([expect.stringMatching(/aws-xray-sdk-core\/dist\/lib\/patchers\/aws_p\.js$/)]);
    expect(importers[0]!.targets).toEqual([expect.stringMatching(/infra\/constructs\/bundling\/semver-gte\.cjs$/)]);
    expect(Object.keys(metafile.inputs).some((file) => /node_modules\/semver\//.test(file))).toBe(false);
  }, 60_000);
});

describe('the semver stand-in', () => {
  it('compares versions as semver.gte does and refuses anything else', async () => {
    const { createRequire } = await import('node:module');
    const semver = createRequire(import.meta.url)('../../infra/constructs/bundling/semver-gte.cjs') as { gte(a: string, b: string): boolean; satisfies?: unknown };
    expect(semver.gte('2.7.15', '2.7.15')).toBe(true);
    expect(semver.gte('2.10.0', '2.7.15')).toBe(true);
    expect(semver.gte('2.7.9', '2.7.15')).toBe(false);
    expect(semver.gte('3.0.0', '2.7.15')).toBe(true);
    expect(semver.gte('1.99.99', '2.7.15')).toBe(false);
    expect(() => semver.gte('x', '2.7.15')).toThrow(/Invalid Version/);
    expect(() => semver.satisfies).toThrow(/not available/);
  });
});

describe('the @nlpjs/core stand-in', () => {
  it('gives the bundled stemmers what they take from the package: a bundle stems and extracts as the sources do', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { pathToFileURL } = await import('node:url');
    const { code, metafile } = await buildBundle('functions/core/extraction/extract-practice.ts');
    // Only the stemmers' modules of the package, not its index (nlp.js's pipeline machinery).
    expect(Object.keys(metafile.inputs).some((file) => /node_modules\/@nlpjs\/core\/src\/index\.js$/.test(file))).toBe(false);
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-bundle-'));
    try {
      const file = path.join(dir, 'extract.mjs');
      writeFileSync(file, code);
      const bundled = (await import(pathToFileURL(file).href)) as typeof import('../../functions/core/extraction/extract-practice.js');
      const { extractPractice } = await import('../../functions/core/extraction/extract-practice.js');
      const input: ExtractionInput = {
        sourceId: 'mos-ru-news',
        publisherRegion: 'RU-MOW',
        url: 'https://www.mos.ru/news/item/1/',
        title: 'Опыт Татарстана по созданию центров поддержки рекомендован регионам',
        publishedAt: '2026-12-01T09:00:00+03:00',
        author: null,
        lead: null,
        bodyText: 'Министерство экономического развития рекомендовало практику Республики Татарстан для тиражирования. The practices were presented by Governor Alexey Texler in Chelyabinsk.',
        tags: [],
        images: [],
        language: 'ru',
      };
      expect(bundled.extractPractice(input)).toEqual(extractPractice(input));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
