import { describe, expect, it } from 'vitest';
import type { EntryPoint } from '../../../functions/core/source-definition.js';
import { discoverLinks, feedListing, finishListing } from '../../../functions/sources/shared/listing.js';
import { loadHtml } from '../../../functions/sources/shared/html.js';

const entryPoint: EntryPoint = { url: 'https://www.example.ru/news/rss', kind: 'rss', label: 'rss' };
const options = { sourceId: 'test', dates: { timeZone: 'Europe/Moscow' }, accept: (url: string) => new URL(url).hostname === 'www.example.ru' };
const rss = (items: string): string => `<rss version="2.0"><channel><title>t</title>${items}</channel></rss>`;

describe('feedListing', () => {
  it('resolves relative links, deduplicates, and keeps only the source\'s own hosts', async () => {
    const entries = await feedListing(
      rss(`<item><title>a</title><link>/news/1/</link></item><item><title>a again</title><link>https://www.example.ru/news/1/</link></item>
           <item><title>elsewhere</title><link>http://169.254.169.254/latest/</link></item><item><title>b</title><link>https://www.example.ru/news/2/</link></item>`),
      entryPoint,
      options,
    );
    expect(entries.map((entry) => [entry.url, entry.title])).toEqual([
      ['https://www.example.ru/news/1/', 'a'],
      ['https://www.example.ru/news/2/', 'b'],
    ]);
  });

  it('records an unreadable date against its item instead of inventing one or dropping the item', async () => {
    const [entry] = await feedListing(rss('<item><title>a</title><link>/n/1</link><pubDate>вчерашний день</pubDate></item>'), entryPoint, options);
    expect(entry).toMatchObject({ publishedAt: null, failure: { code: 'illformed' } });
    expect(entry!.failure!.message).toContain('вчерашний день');
  });

  it('refuses a feed whose items all lack usable links as layout_changed', async () => {
    await expect(feedListing(rss('<item><title>no link</title></item>'), entryPoint, options)).rejects.toMatchObject({ code: 'layout_changed' });
    await expect(feedListing(rss(''), entryPoint, options)).rejects.toMatchObject({ code: 'layout_changed', message: 'zero items where items were expected' });
  });
});

describe('finishListing', () => {
  it('throws layout_changed with the source and URL on zero entries', () => {
    expect(() => finishListing([], 'asi-ru', { url: 'https://asi.ru/news/', kind: 'html-list', label: 'news-list' })).toThrow(
      expect.objectContaining({ code: 'layout_changed', context: { sourceId: 'asi-ru', url: 'https://asi.ru/news/' } }),
    );
  });
});

describe('discoverLinks', () => {
  it('finds article links on the source\'s hosts with the nearest date, keeping the longest title per URL', () => {
    const $ = loadHtml(`<ul>
      <li><a href="/news/10/"><img src="x.jpg"></a><a href="/news/10/">Заголовок новости</a><span>16.03.2018</span></li>
      <li><a href="https://other.ru/news/11/">Чужая</a></li><li><a href="/about/">О нас</a></li>
      <li><div><a href="/news/12/">Вторая</a></div><time datetime="2018-03-15T10:00:00+03:00">вчера</time></li></ul>`);
    expect(discoverLinks($, 'https://asi.ru/news/', { path: /^\/news\/\d+\/$/, hosts: ['asi.ru'], dates: { timeZone: 'Europe/Moscow' } })).toEqual([
      { url: 'https://asi.ru/news/10/', title: 'Заголовок новости', publishedAt: '2018-03-16T00:00:00+03:00', lead: null },
      { url: 'https://asi.ru/news/12/', title: 'Вторая', publishedAt: '2018-03-15T10:00:00+03:00', lead: null },
    ]);
  });
});

describe('discoverLinks date attribution', () => {
  it('does not lend one item\'s date to a neighbour whose own block has none', () => {
    const $ = loadHtml(`<div class="list"><div><span>16.03.2018</span><a href="/news/1/">Первая</a></div><div><a href="/news/2/">Вторая без даты</a></div></div>`);
    const entries = discoverLinks($, 'https://asi.ru/', { path: /^\/news\/\d+\/$/, hosts: ['asi.ru'], dates: { timeZone: 'Europe/Moscow' } });
    expect(entries.map((entry) => entry.publishedAt)).toEqual(['2018-03-16T00:00:00+03:00', null]);
  });
});

describe('discoverLinks with two-digit years', () => {
  it('reads DD.MM.YY beside a link, and skips a number that only looks like a date', () => {
    const $ = loadHtml(`<div><div class="item"><a href="/news/1/">Первая</a><span>Версия 10.20.30</span> <span>16.03.18</span></div>
      <div class="item"><a href="/news/2/">Вторая</a><span>v1.16.03.18</span></div></div>`);
    const entries = discoverLinks($, 'https://asi.ru/', { path: /^\/news\/\d+\/$/, hosts: ['asi.ru'], dates: { timeZone: 'Europe/Moscow', now: new Date('2026-12-04T00:00:00Z') } });
    expect(entries.map((entry) => entry.publishedAt)).toEqual(['2018-03-16T00:00:00+03:00', null]);
  });
});
