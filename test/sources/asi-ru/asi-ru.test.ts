import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getSource } from '../../../functions/sources/registry.js';
import { describeSourceFixtures, fixtureDir, readFixture } from '../support/fixtures.js';
import { hasShared, sharedDir } from '../support/paths.js';

const asiRu = getSource('asi-ru');

describeSourceFixtures(asiRu, [
  { file: 'garbled-page.html', url: asiRu.entryPoints[0]!.url, as: 'listing' },
  { file: 'garbled-page.html', url: 'https://asi.ru/news/201500/', as: 'article' },
]);

describe('asi-ru', () => {
  it('keeps its fixtures in windows-1251, as the site declares, and defaults to that charset', () => {
    const bytes = readFileSync(path.join(fixtureDir('asi-ru'), 'news-list.html'));
    expect(bytes.includes(Buffer.from('Новости', 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from([0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8]))).toBe(true);
    expect(asiRu.charsetDefault).toBe('windows-1251');
  });

  it('reads its known cards first: news and announcements, dated with two-digit years', async () => {
    const entries = await asiRu.parseListing(readFixture('asi-ru', 'news-list.html', 'text/html; charset=windows-1251'), asiRu.entryPoints[0]!);
    expect(entries.map((entry) => [entry.url, entry.publishedAt])).toEqual([
      ['https://asi.ru/news/201547/', '2023-11-22T00:00:00+03:00'],
      ['https://asi.ru/news/201540/', '2023-11-21T00:00:00+03:00'],
    ]);
  });

  it('falls back to link discovery, still reading DD.MM.YY, when no known card is on the page', async () => {
    const page = `<html><body><ul class="news-list"><li><span>05.12.23</span> <a href="/news/201600/">Новая разметка списка</a></li>
      <li><a href="/news/201601/">Вторая новость</a> <i>04.12.23</i></li><li><a href="/projects/">Проекты</a></li></ul></body></html>`;
    const entries = await asiRu.parseListing(page, asiRu.entryPoints[0]!);
    expect(entries.map((entry) => [entry.url, entry.title, entry.publishedAt])).toEqual([
      ['https://asi.ru/news/201600/', 'Новая разметка списка', '2023-12-05T00:00:00+03:00'],
      ['https://asi.ru/news/201601/', 'Вторая новость', '2023-12-04T00:00:00+03:00'],
    ]);
  });

  it('keeps a card whose printed date cannot be read, with the date as its failure', async () => {
    const page = `<div class="news-smi"><div class="title"><a href="/news/201700/">Новость</a></div><div class="date">вчера вечером</div></div>`;
    const [entry] = await asiRu.parseListing(page, asiRu.entryPoints[0]!);
    expect(entry).toMatchObject({ url: 'https://asi.ru/news/201700/', publishedAt: null, failure: { code: 'illformed' } });
  });

  const newsBlock = path.join(sharedDir, 'realdata', 'asi', 'asi.ru_homepage_2018-03-17_NEWSBLOCK_EXCERPT.html');
  it.skipIf(!hasShared('realdata', 'asi', path.basename(newsBlock)))('reads the real 2018 news block: both kinds of card, every date with its century', async () => {
    const entries = await asiRu.parseListing(readFileSync(newsBlock, 'utf8'), { ...asiRu.entryPoints[0]!, url: 'https://asi.ru/' });
    // Hand-checked in the capture: three news-smi cards (one per tab), then four announcements.
    expect(entries.map((entry) => [entry.url.replace('https://asi.ru', ''), entry.publishedAt?.slice(0, 10)])).toEqual([
      ['/news/90174/', '2018-03-16'],
      ['/news/90093/', '2018-03-14'],
      ['/news/88152/', '2018-02-09'],
      ['/news/89914/', '2018-03-17'],
      ['/news/87065/', '2018-03-19'],
      ['/news/89913/', '2018-03-20'],
      ['/news/89917/', '2018-03-22'],
    ]);
    for (const entry of entries) expect(entry.title?.length).toBeGreaterThan(10);
  });

  const capture = path.join(sharedDir, 'realdata', 'asi', 'asi.ru_homepage_2018-03-17_HEAD_EXCERPT.html');
  it.skipIf(!hasShared('realdata', 'asi', path.basename(capture)))('matches the charset the real 2018 capture declares', () => {
    const declared = /<meta[^>]+charset="?([\w-]+)/i.exec(readFileSync(capture, 'utf8'))?.[1];
    expect(declared?.toLowerCase()).toBe(asiRu.charsetDefault);
  });
});
