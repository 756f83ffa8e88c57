import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../../functions/sources/shared/dates.js';
import { getSource } from '../../../functions/sources/registry.js';
import { describeSourceFixtures } from '../support/fixtures.js';
import { hasShared, sharedDir } from '../support/paths.js';

const mosRuNews = getSource('mos-ru-news');

describeSourceFixtures(mosRuNews, [
  { file: 'garbled-page.html', url: 'https://www.mos.ru/mayor/themes/12299/120009050/', as: 'article' },
  { file: 'garbled-page.html', url: mosRuNews.entryPoints[1]!.url, as: 'listing', code: 'illformed' },
]);

describe('mos-ru-news', () => {
  it('fetches /news/item/ entries through the API item URL and other pages directly', () => {
    const api = mosRuNews.articleFetchUrl!({ url: 'https://www.mos.ru/news/item/120001073/', title: null, publishedAt: null, lead: null });
    expect(api).toMatch(/^https:\/\/www\.mos\.ru\/api\/newsfeed\/v4\/frontend\/json\/ru\/articles\/120001073\?fields=/);
    expect(api).toContain('full_text');
    const page = 'https://www.mos.ru/mayor/themes/12299/120003050/';
    expect(mosRuNews.articleFetchUrl!({ url: page, title: null, publishedAt: null, lead: null })).toBe(page);
  });

  it('refuses an API listing without items as layout_changed', async () => {
    await expect(Promise.resolve().then(() => mosRuNews.parseListing('{"items":[]}', mosRuNews.entryPoints[1]!))).rejects.toMatchObject({ code: 'layout_changed' });
    await expect(Promise.resolve().then(() => mosRuNews.parseListing('{"data":{}}', mosRuNews.entryPoints[1]!))).rejects.toMatchObject({ code: 'layout_changed' });
  });

  it.each<[string, unknown, string | null]>([
    ['Unix seconds', 1696925100, '2023-10-10T11:05:00+03:00'],
    ['Unix milliseconds', 1696925100000, '2023-10-10T11:05:00+03:00'],
    ['seconds as a string', '1696925100', '2023-10-10T11:05:00+03:00'],
    ['milliseconds as a string', '1696925100000', '2023-10-10T11:05:00+03:00'],
    ['fractional seconds', 1696925100.4, '2023-10-10T11:05:00+03:00'],
    ['zero', 0, null],
    ['a counter, not a date', 12345, null],
    ['far future milliseconds', 9e15, null],
  ])('reads date_timestamp given as %s by its magnitude', async (_label, stamp, expected) => {
    const listing = JSON.stringify({ items: [{ id: 120009073, title: 'Новость', date_timestamp: stamp }] });
    const [entry] = await mosRuNews.parseListing(listing, mosRuNews.entryPoints[1]!);
    expect(entry!.publishedAt).toBe(expected);
    if (expected === null) expect(entry!.failure).toMatchObject({ code: 'illformed', message: expect.stringContaining(String(stamp)) });
    else expect(entry!.failure).toBeUndefined();
  });

  it('prefers published_at to date_timestamp, and dates an API item by date_timestamp alone', async () => {
    const listing = JSON.stringify({ items: [{ id: 1, title: 'a', published_at: '2023-10-10 14:30:00', date_timestamp: 1 }] });
    expect((await mosRuNews.parseListing(listing, mosRuNews.entryPoints[1]!))[0]!.publishedAt).toBe('2023-10-10T14:30:00+03:00');
    const item = JSON.stringify({ id: 120009073, title: 'Новость', full_text: '<p>Текст новости.</p>', date_timestamp: 1696925100 });
    expect((await mosRuNews.parseArticle(item, 'https://www.mos.ru/news/item/120009073/')).publishedAt).toBe('2023-10-10T11:05:00+03:00');
  });

  const capture = path.join(sharedDir, 'realdata', 'mos', 'rss_mos_ru_2022-07-27_from_vue-rss-news_mock.xml');
  it.skipIf(!hasShared('realdata', 'mos', path.basename(capture)))('reads the real 2022 RSS capture: 10 items, /news/item/ links, +03:00 dates', async () => {
    const entries = await mosRuNews.parseListing(readFileSync(capture, 'utf8'), mosRuNews.entryPoints[0]!);
    expect(entries).toHaveLength(10);
    for (const entry of entries) {
      expect(entry.url).toMatch(/^https:\/\/www\.mos\.ru\/(news\/item|mayor\/themes\/\d+)\/\d+\/$/);
      expect(entry.publishedAt).toMatch(/^2022-07-2\dT\d{2}:\d{2}:\d{2}\+03:00$/);
      expect(entry.title).not.toMatch(/[\u00AD\u2060\u200B\uFEFF\u00A0]/);
    }
    expect(entries.filter((entry) => entry.url.includes('/news/item/')).length).toBeGreaterThan(0);
    expect(entries[0]).toMatchObject({ url: 'https://www.mos.ru/news/item/110547073/', publishedAt: '2022-07-27T11:01:01+03:00' });
  });

  const documents = path.join(sharedDir, 'realdata', 'mos', 'api_documents_v2_344770220_EXCERPT.json');
  it.skipIf(!hasShared('realdata', 'mos', path.basename(documents)))('reads the zone-less dates of the real documents API capture as Moscow time', () => {
    const data = JSON.parse(readFileSync(documents, 'utf8')) as Record<string, unknown>;
    const stamps = Object.values(data).filter((value): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value));
    expect(stamps.length).toBeGreaterThan(0);
    for (const stamp of stamps) {
      expect(parseDate(stamp, { timeZone: mosRuNews.timeZone })).toBe(`${stamp.replace(' ', 'T')}+03:00`);
    }
  });
});
