import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getSource } from '../../../functions/sources/registry.js';
import { describeSourceFixtures } from '../support/fixtures.js';
import { hasShared, sharedDir } from '../support/paths.js';

const madeinrussiaRu = getSource('madeinrussia-ru');

describeSourceFixtures(madeinrussiaRu, [
  { file: 'garbled-page.html', url: madeinrussiaRu.entryPoints[0]!.url, as: 'listing' },
  { file: 'garbled-page.html', url: 'https://madeinrussia.ru/en/news/15000', as: 'article' },
]);

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Wraps the seed's plain text in the site's markup at test time (the seed text stays in ../shared). */
function seedPage(seed: string): { html: string; title: string } {
  const lines = seed.split('\n').map((line) => line.trim()).filter(Boolean);
  const chrome = new Set(['Made in Russia', 'All regions', 'Top stories']);
  const title = lines.find((line) => !chrome.has(line))!;
  const rest = lines.slice(lines.indexOf(title) + 1);
  const footerAt = rest.findIndex((line) => line.startsWith('Made in Russia //'));
  const content = footerAt >= 0 ? rest.slice(0, footerAt) : rest;
  const footer = footerAt >= 0 ? rest.slice(footerAt) : [];
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><div id="__next">
<header class="styles_header__wrapper__Qm3xT"><a href="/en">Made in Russia</a></header>
<main class="styles_news__wrapper__a1B2c"><div class="styles_news__content__3xQ9a">
<p>All regions</p><p>Top stories</p><h1 class="styles_news__title__Zx91a">${escape(title)}</h1>
${content.map((line) => `<p>${escape(line)}</p>`).join('\n')}
</div></main><footer class="styles_footer__wrapper__Lk2pQ">${footer.map((line) => `<p>${escape(line)}</p>`).join('')}</footer></div></body></html>`;
  return { html, title };
}

describe('madeinrussia-ru', () => {
  it('takes the author from the "Author:" line and strips the page chrome from the body', async () => {
    const html = readFileSync(path.join(import.meta.dirname, 'fixtures', 'article-15201.html'), 'utf8');
    const article = await madeinrussiaRu.parseArticle(html, 'https://madeinrussia.ru/en/news/15201');
    expect(article.author).toBe('Peter Sokolov');
    expect(article.bodyText).not.toMatch(/All regions|Top stories|Telegram channel|Author:/);
    expect(article.language).toBe('en');
  });

  const seedFile = path.join(sharedDir, 'seed', 'madeinrussia-en-news-14040.txt');
  it.skipIf(!hasShared('seed', path.basename(seedFile)))('reads the seed article wrapped in the site markup: title, author, no boilerplate', async () => {
    const { html, title } = seedPage(readFileSync(seedFile, 'utf8'));
    const article = await madeinrussiaRu.parseArticle(html, 'https://madeinrussia.ru/en/news/14040');
    expect(article.url).toBe('https://madeinrussia.ru/en/news/14040');
    expect(article.title).toBe(title);
    expect(article.title).toMatch(/offered for replication/);
    expect(article.author).toBe('Natalia Alyoshina');
    expect(article.extractedBy).toBe('source');
    expect(article.bodyText).toMatch(/Smarteca platform/);
    expect(article.bodyText).not.toMatch(/All regions|Top stories|Read more interesting news|Author:|Made in Russia \/\/|#made by Russia/);
  });
});
