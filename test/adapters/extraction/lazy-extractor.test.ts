import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { lazyExtractor, resolveExtractionModule } from '../../../functions/adapters/extraction/lazy-extractor.js';
import { extractPractice } from '../../../functions/core/extraction/extract-practice.js';
import { BUNDLE_SETTINGS } from '../../../infra/constructs/practice-function.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const article = {
  sourceId: 'gov74-ru',
  url: 'https://pravmin.gov74.ru/prav/news/1.htm',
  title: 'Челябинскую практику «Бизнес-навигатор» рекомендовали для тиражирования',
  publishedAt: '2024-03-01T12:00:00+05:00',
  author: null,
  lead: null,
  bodyText: 'Агентство стратегических инициатив рекомендовало практику Челябинской области другим регионам. Опыт изучают в Курганской области.',
  tags: [],
  images: [],
  language: 'ru' as const,
};

describe('lazyExtractor', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-extract-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('picks extract.mjs beside the running bundle when it is there, else the TypeScript source', () => {
    const besideBundle = pathToFileURL(path.join(dir, 'index.mjs'));
    expect(resolveExtractionModule(besideBundle).pathname).toMatch(/core\/extraction\/extract-practice\.ts$/);
    writeFileSync(path.join(dir, 'extract.mjs'), 'export const extractPractice = () => null;\n');
    expect(resolveExtractionModule(besideBundle).href).toBe(pathToFileURL(path.join(dir, 'extract.mjs')).href);
  });

  it('extracts with the bundled module exactly as extractPractice does, loading it once', async () => {
    await build({
      ...BUNDLE_SETTINGS,
      mainFields: [...BUNDLE_SETTINGS.mainFields],
      external: [...BUNDLE_SETTINGS.external],
      alias: { ...BUNDLE_SETTINGS.alias },
      banner: { js: BUNDLE_SETTINGS.banner },
      entryPoints: [path.join(root, 'functions/core/extraction/extract-practice.ts')],
      bundle: true,
      outfile: path.join(dir, 'extract.mjs'),
      logLevel: 'silent',
    });
    const extract = lazyExtractor(resolveExtractionModule(pathToFileURL(path.join(dir, 'index.mjs'))));
    const [first, second] = await Promise.all([extract(article), extract(article)]);
    expect(first).toEqual(extractPractice(article));
    expect(second).toEqual(first);
    expect(first.isPracticeAnnouncement).toBe(true);
  }, 60_000);
});
