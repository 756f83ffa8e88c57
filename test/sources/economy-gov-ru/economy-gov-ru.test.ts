import { describe, expect, it } from 'vitest';
import { getSource } from '../../../functions/sources/registry.js';
import { describeSourceFixtures } from '../support/fixtures.js';

const economyGovRu = getSource('economy-gov-ru');

const list = economyGovRu.entryPoints.find((entryPoint) => entryPoint.kind === 'html-list')!;

describeSourceFixtures(economyGovRu, [
  { file: 'garbled-list.html', url: list.url, as: 'listing' },
  { file: 'garbled-list.html', url: 'https://www.economy.gov.ru/material/news/tehnicheskie_raboty.html', as: 'article' },
]);

describe('economy-gov-ru', () => {
  it('reads the older card generation (article.e-news__item, header.e-title, div.e-date)', async () => {
    const html = `<div class="e-news">
      <article class="e-news__item"><header class="e-title"><a href="/material/news/a.html">Первая новость</a></header><div class="e-date">5 марта 2021 10:15</div></article>
      <article class="e-news__item"><header class="e-title"><a href="/material/news/b.html">Вторая новость</a></header><div class="e-date">4 марта 2021</div></article></div>`;
    expect(await economyGovRu.parseListing(html, list)).toEqual([
      { url: 'https://www.economy.gov.ru/material/news/a.html', title: 'Первая новость', publishedAt: '2021-03-05T10:15:00+03:00', lead: null },
      { url: 'https://www.economy.gov.ru/material/news/b.html', title: 'Вторая новость', publishedAt: '2021-03-04T00:00:00+03:00', lead: null },
    ]);
  });

  it('falls back to article links when neither card generation matches', async () => {
    const html = `<ul><li><a href="/material/news/c.html">Третья новость</a> <span>12.04.2024</span></li><li><a href="/about/">О министерстве</a></li></ul>`;
    expect(await economyGovRu.parseListing(html, list)).toEqual([
      { url: 'https://www.economy.gov.ru/material/news/c.html', title: 'Третья новость', publishedAt: '2024-04-12T00:00:00+03:00', lead: null },
    ]);
  });
});
