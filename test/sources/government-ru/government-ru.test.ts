import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getSource } from '../../../functions/sources/registry.js';
import { describeSourceFixtures, readFixture } from '../support/fixtures.js';
import { hasShared, sharedDir } from '../support/paths.js';

const governmentRu = getSource('government-ru');

const list = governmentRu.entryPoints.find((entryPoint) => entryPoint.kind === 'html-list')!;

describeSourceFixtures(governmentRu, [
  { file: 'garbled-list.html', url: list.url, as: 'listing' },
  { file: 'garbled-list.html', url: 'http://government.ru/news/50103/', as: 'article' },
]);

describe('government-ru', () => {
  it('reads "+04:00" datetime attributes as Moscow time and drops the reader query from URLs', async () => {
    const entries = await governmentRu.parseListing(readFixture('government-ru', 'news-list.html'), list);
    expect(entries[0]).toMatchObject({ url: 'http://government.ru/news/50101/', publishedAt: '2023-11-16T15:30:00+03:00' });
    const article = await governmentRu.parseArticle(readFixture('government-ru', 'article-50102.html'), 'http://government.ru/news/50102/?ajax=reader');
    expect(article.url).toBe('http://government.ru/news/50102/');
  });

  it('drops gallery captions from the body', async () => {
    const article = await governmentRu.parseArticle(readFixture('government-ru', 'article-50101.html'), 'http://government.ru/news/50101/');
    expect(article.bodyText).not.toContain('Фоторепортаж');
  });

  const capture = path.join(sharedDir, 'realdata', 'government', 'government.ru_homepage_2018-03-17_NEWSLIST_EXCERPT.html');
  it.skipIf(!hasShared('realdata', 'government', path.basename(capture)))('reads the real 2018 list capture: corrected dates, resolved URLs', async () => {
    const entries = await governmentRu.parseListing(readFileSync(capture, 'utf8'), { ...list, url: 'http://government.ru/' });
    expect(entries.length).toBeGreaterThanOrEqual(4);
    expect(entries[0]).toEqual({
      url: 'http://government.ru/news/31721/',
      title: 'Брифинг Игоря Шувалова по завершении совещания по экономическим вопросам',
      publishedAt: '2018-03-16T15:30:00+03:00',
      lead: null,
    });
    for (const entry of entries) {
      expect(entry.url).toMatch(/^http:\/\/government\.ru\/[a-z0-9/]+\/\d+\/$/);
      expect(entry.publishedAt).toMatch(/^2018-03-\d{2}T\d{2}:\d{2}:00\+03:00$/);
    }
  });
});
