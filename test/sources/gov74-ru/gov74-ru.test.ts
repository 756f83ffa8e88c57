import { describe, expect, it } from 'vitest';
import { getSource } from '../../../functions/sources/registry.js';
import { describeSourceFixtures } from '../support/fixtures.js';

const gov74Ru = getSource('gov74-ru');

describeSourceFixtures(gov74Ru, [
  { file: 'garbled-rss.xml', url: gov74Ru.entryPoints[0]!.url, as: 'listing' },
  { file: 'garbled-rss.xml', url: 'https://pravmin.gov74.ru/prav/news/2023/11/20/x.htm', as: 'article' },
]);

describe('gov74-ru', () => {
  const feed = (fullText: string): string => `<?xml version="1.0" encoding="utf-8"?>
    <rss version="2.0" xmlns:yandex="http://news.yandex.ru"><channel><title>Новости</title>
    <item><title>Практика области рекомендована регионам</title><link>https://pravmin.gov74.ru/prav/news/1.htm</link>
    <pubDate>Wed, 22 Nov 2023 09:15:00 +0500</pubDate><yandex:full-text>${fullText}</yandex:full-text></item></channel></rss>`;

  it('takes the article from yandex:full-text when the feed carries the whole text', async () => {
    const body = 'Минэкономразвития России и АСИ рекомендовали к тиражированию практику Челябинской области. '.repeat(4).trim();
    const [entry] = await gov74Ru.parseListing(feed(body), gov74Ru.entryPoints[0]!);
    expect(entry?.article).toMatchObject({ url: 'https://pravmin.gov74.ru/prav/news/1.htm', bodyText: body, publishedAt: '2023-11-22T09:15:00+05:00', extractedBy: 'source' });
  });

  it('fetches the page when the feed carries only a teaser', async () => {
    const [entry] = await gov74Ru.parseListing(feed('Коротко о главном.'), gov74Ru.entryPoints[0]!);
    expect(entry?.article).toBeUndefined();
  });
});

describe('gov74-ru full text that cannot be read', () => {
  it('records the item failure and keeps the entry, so its page is fetched instead', async () => {
    const nested = `${'<div>'.repeat(1500)}текст${'</div>'.repeat(1500)}`.replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const feed = `<rss version="2.0" xmlns:yandex="http://news.yandex.ru"><channel><title>t</title>
      <item><title>Новость</title><link>https://pravmin.gov74.ru/prav/news/2.htm</link><yandex:full-text>${nested}</yandex:full-text></item></channel></rss>`;
    const [entry] = await gov74Ru.parseListing(feed, gov74Ru.entryPoints[0]!);
    expect(entry).toMatchObject({ url: 'https://pravmin.gov74.ru/prav/news/2.htm', failure: { code: 'illformed' } });
    expect(entry?.article).toBeUndefined();
  });
});
