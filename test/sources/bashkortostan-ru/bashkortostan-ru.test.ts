import { describe, expect, it } from 'vitest';
import { getSource } from '../../../functions/sources/registry.js';
import { describeSourceFixtures, expectGolden, readFixture } from '../support/fixtures.js';

const bashkortostanRu = getSource('bashkortostan-ru');

const [rss, list] = bashkortostanRu.entryPoints;

describeSourceFixtures(bashkortostanRu, [
  // The site is reported to serve an HTML page where its RSS should be.
  { file: 'html-instead-of-rss.html', url: rss!.url, as: 'listing', code: 'not_a_feed' },
  { file: 'html-instead-of-rss.html', url: list!.url, as: 'listing' },
  { file: 'html-instead-of-rss.html', url: 'https://bashkortostan.ru/presscenter/news/603000/', as: 'article' },
]);

describe('bashkortostan-ru', () => {
  it('stays unconfirmed until its markup is seen live', () => {
    expect(bashkortostanRu.entryPoints.every((entryPoint) => entryPoint.confirmed === false)).toBe(true);
    expect(bashkortostanRu.confidence).not.toBe('seen');
  });

  it('reads the reported list cards (.list__title a) and nothing outside them', async () => {
    const page = `<div class="list"><div class="list__item"><div class="list__title"><a href="/presscenter/news/603200/">Новость из списка</a></div>
      <span>21.11.2023, 09:30</span></div></div><aside><a href="/presscenter/news/600000/">Старая новость из подборки</a></aside>`;
    expect(await bashkortostanRu.parseListing(page, list!)).toEqual([
      { url: 'https://bashkortostan.ru/presscenter/news/603200/', title: 'Новость из списка', publishedAt: '2023-11-21T09:30:00+05:00', lead: null },
    ]);
  });

  it('reads the older list layout (div.news__item, a.news__title-link, div.news__preview) with leads', async () => {
    const entries = await bashkortostanRu.parseListing(readFixture('bashkortostan-ru', 'news-list-older.html'), list!);
    expectGolden(entries, 'bashkortostan-ru', 'news-list-older.html');
    expect(entries.map((entry) => entry.lead)).toEqual([expect.stringContaining('муниципалитеты'), expect.stringContaining('декабря')]);
    for (const entry of entries) expect(entry.publishedAt).toMatch(/^2023-11-1\dT00:00:00\+05:00$/);
  });

  it('reads articles by the reported .detail__title / .detail__text, not by the generic extractor', async () => {
    const article = await bashkortostanRu.parseArticle(readFixture('bashkortostan-ru', 'article-603090.html'), 'https://bashkortostan.ru/presscenter/news/603090/');
    expect(article).toMatchObject({ extractedBy: 'source', title: 'В Уфе завершили ремонт моста через Белую', publishedAt: '2023-11-20T12:10:00+05:00' });
  });

  it('falls back to the generic extractor on another layout', async () => {
    const page = `<html><head><title>Новость</title></head><body><div class="b-news-detail"><h1>Заголовок другой вёрстки</h1>
      <div class="b-news-detail__text"><p>Первый абзац новости достаточно длинный, чтобы считаться текстом статьи, а не подписью или меню сайта.</p>
      <p>Второй абзац продолжает рассказ о событии и приводит подробности для читателей.</p></div></div></body></html>`;
    const article = await bashkortostanRu.parseArticle(page, 'https://bashkortostan.ru/presscenter/news/603300/');
    expect(article).toMatchObject({ extractedBy: 'generic', title: 'Заголовок другой вёрстки' });
  });
});
