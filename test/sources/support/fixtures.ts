import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PipelineError, type FailureCode } from '../../../functions/core/errors.js';
import type { SourceDefinition } from '../../../functions/core/source-definition.js';
import { decodeCorpusBytes } from './decode.js';
import { repoRoot } from './paths.js';

/** One line of a source's `fixtures/replay.json`: what the replay server answers for a URL. */
export interface ReplayEntry {
  url: string;
  file: string;
  contentType: string;
}

export function fixtureDir(sourceId: string): string {
  return path.join(repoRoot, 'test', 'sources', sourceId, 'fixtures');
}

export function readReplay(sourceId: string): ReplayEntry[] {
  return JSON.parse(readFileSync(path.join(fixtureDir(sourceId), 'replay.json'), 'utf8')) as ReplayEntry[];
}

/** Reads a fixture as the fetcher would hand it over: decoded with the charset it is served with. */
export function readFixture(sourceId: string, file: string, contentType?: string): string {
  const bytes = readFileSync(path.join(fixtureDir(sourceId), file));
  const charset = /charset=([\w-]+)/i.exec(contentType ?? '')?.[1];
  return charset && iconv.encodingExists(charset) ? iconv.decode(bytes, charset) : decodeCorpusBytes(bytes);
}

/**
 * Deep-compares `actual` with `<fixture stem>.expected.json`. With `UPDATE_GOLDEN=1` the file is
 * (re)written first; goldens are reviewed by hand before they are committed.
 */
export function expectGolden(actual: unknown, sourceId: string, fixtureFile: string): void {
  const goldenPath = path.join(fixtureDir(sourceId), `${fixtureFile.replace(/\.[^.]+$/, '')}.expected.json`);
  const plain = JSON.parse(JSON.stringify(actual)) as unknown;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, `${JSON.stringify(plain, null, 2)}\n`);
  expect(existsSync(goldenPath), `golden ${path.basename(goldenPath)} exists`).toBe(true);
  expect(plain).toEqual(JSON.parse(readFileSync(goldenPath, 'utf8')));
}

/** A fixture that must be refused, and how. */
export interface GarbledCase {
  file: string;
  /** URL it is parsed as (an article URL or an entry point URL). */
  url: string;
  as: 'listing' | 'article';
  code?: FailureCode;
}

async function failureCode(run: () => unknown): Promise<FailureCode | string> {
  try {
    await run();
  } catch (error) {
    return error instanceof PipelineError ? error.code : `unlabelled: ${String(error)}`;
  }
  return 'no error';
}

/**
 * The golden suite of one source: every replay fixture parsed (listings by their entry point,
 * articles by their URL) and compared with its golden; every listing item resolvable offline
 * (its fetch URL is in the replay manifest, or it carries its article); garbled fixtures refused.
 */
export function describeSourceFixtures(source: SourceDefinition, garbled: GarbledCase[]): void {
  const replay = readReplay(source.id);
  const entryPointOf = (url: string) => source.entryPoints.find((entryPoint) => entryPoint.url === url);

  describe(`${source.id} fixtures`, () => {
    it('has a replay fixture for every entry point', () => {
      for (const entryPoint of source.entryPoints) {
        expect(replay.map((entry) => entry.url), entryPoint.url).toContain(entryPoint.url);
      }
    });

    for (const entry of replay) {
      const entryPoint = entryPointOf(entry.url);
      if (entryPoint) {
        it(`parses the ${entryPoint.label} listing ${entry.file} into the golden entries, each resolvable offline`, async () => {
          const entries = await source.parseListing(readFixture(source.id, entry.file, entry.contentType), entryPoint);
          expectGolden(entries, source.id, entry.file);
          expect(entries.length).toBeGreaterThanOrEqual(2);
          for (const item of entries) {
            if (item.article) continue;
            const fetchUrl = source.articleFetchUrl?.(item) ?? item.url;
            expect(replay.map((line) => line.url), `fetch URL of ${item.url}`).toContain(fetchUrl);
            expect(source.hosts).toContain(new URL(fetchUrl).hostname);
          }
        });
      } else {
        it(`parses the article ${entry.file} into the golden article`, async () => {
          const article = await source.parseArticle(readFixture(source.id, entry.file, entry.contentType), entry.url);
          expectGolden(article, source.id, entry.file);
          expect(article.title.length).toBeGreaterThan(0);
          expect(article.bodyText.length).toBeGreaterThan(0);
        });
      }
    }

    for (const bad of garbled) {
      it(`refuses the garbled ${bad.as} ${bad.file} with ${bad.code ?? 'layout_changed'}`, async () => {
        const text = readFixture(source.id, bad.file);
        const entryPoint = entryPointOf(bad.url) ?? { url: bad.url, kind: 'html-list' as const, label: 'garbled' };
        const code = await failureCode(() => (bad.as === 'listing' ? source.parseListing(text, entryPoint) : source.parseArticle(text, bad.url)));
        expect(code).toBe(bad.code ?? 'layout_changed');
      });
    }
  });
}
