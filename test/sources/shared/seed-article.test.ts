/**
 * The seed article (../shared/seed, a saved page of madeinrussia.ru) read by the generic extractor,
 * the path every page no source rule matches takes, then extracted: the record must meet every
 * expectation EXTRACTION.md lists for it, and no furniture of the page (the trailing "Read more …
 * Telegram channel" call, the author line, the site's signature and hashtag) may reach `bodyText`.
 * The seed's text stays in ../shared: the page is built around it at test time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTRACTOR_VERSION, extractPractice } from '../../../functions/core/extraction/extract-practice.js';
import type { Article } from '../../../functions/core/model.js';
import { extractGenericArticle } from '../../../functions/sources/shared/generic-extractor.js';
import { hasShared, sharedDir } from '../support/paths.js';

const SEED = path.join(sharedDir, 'seed', 'madeinrussia-en-news-14040.txt');
const URL_OF_SEED = 'https://example.org/en/news/14040';
/** Lines of the seed that are the site's, not the article's. */
const FURNITURE = /All regions|Top stories|Read more|Telegram|Author:|Made in Russia|#made/;

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A plain news template around the seed: menus, breadcrumbs, the headline, then every line after it
 * as a paragraph of the same text container (the trailer included, as a naive template puts it),
 * a share block and related news. Nothing marks the trailer as furniture but its wording.
 */
function seedPage(seed: string): { html: string; title: string } {
  const lines = seed.split('\n').map((line) => line.trim()).filter(Boolean);
  const chrome = new Set(['Made in Russia', 'All regions', 'Top stories']);
  const title = lines.find((line) => !chrome.has(line))!;
  const rest = lines.slice(lines.indexOf(title) + 1);
  const menu = ['News', 'Regions', 'Export', 'Brands', 'About'].map((item) => `<li><a href="/en/${item.toLowerCase()}">${item}</a></li>`).join('');
  const related = ['Kazan opens a new technopark', 'Tula brand goes to Asian markets', 'Regions share tourism routes'].map((item, i) => `<li><a href="/en/news/${14000 + i}">${item}</a><span class="date">0${i + 1}.03.2023</span></li>`).join('');
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} | Made in Russia</title></head><body>
<header class="site-header"><a class="logo" href="/en">Made in Russia</a><nav><ul class="menu">${menu}</ul></nav></header>
<div class="breadcrumbs"><a href="/en">All regions</a> / <a href="/en/news">Top stories</a></div>
<main><article class="news-item"><h1 class="news-item__title">${escape(title)}</h1>
<div class="news-item__text">
${rest.map((line) => `<p>${escape(line)}</p>`).join('\n')}
</div>
<div class="share">Share: <a href="https://vk.com/share.php">VK</a> <a href="https://t.me/share">Telegram</a></div>
</article>
<aside class="related"><h3>Read also</h3><ul>${related}</ul></aside></main>
<footer class="site-footer"><p>© Made in Russia, 2023</p><ul class="menu">${menu}</ul></footer></body></html>`;
  return { html, title };
}

describe.skipIf(!hasShared('seed', path.basename(SEED)))('the seed article through the generic extractor (skipped: ../shared/seed is absent)', () => {
  const { html, title } = hasShared('seed', path.basename(SEED)) ? seedPage(readFileSync(SEED, 'utf8')) : { html: '', title: '' };
  const article = (): Article => {
    const found = extractGenericArticle(html, { url: URL_OF_SEED, dates: { timeZone: 'Europe/Moscow' } });
    expect(found).not.toBeNull();
    return found!;
  };

  it('keeps the headline and the five paragraphs of text, and none of the page furniture', () => {
    const { title: found, bodyText, author } = article();
    expect(found).toBe(title);
    const paragraphs = bodyText.split('\n\n');
    expect(paragraphs).toHaveLength(5);
    expect(paragraphs[0]).toMatch(/^The best developments in Moscow can be an example for replication/);
    expect(paragraphs[4]).toMatch(/35 of them are already being actively implemented in other regions of Russia\.$/);
    expect(bodyText).not.toMatch(FURNITURE);
    expect(bodyText).not.toMatch(/Share:|Read also|Kazan opens/);
    // The author line is furniture of the body but the author's name is a field of the record.
    expect(author).toBe('Natalia Alyoshina');
  });

  it('gives the record EXTRACTION.md expects of the seed', () => {
    const record = extractPractice({ sourceId: 'generic', ...article() });
    expect(record.bodyText).not.toMatch(FURNITURE);
    expect(record.isPracticeAnnouncement).toBe(true);
    expect(record.language).toBe('en');
    expect(record.author).toBe('Natalia Alyoshina');
    expect(record.practices.map((p) => p.name)).toContainEqual(expect.stringMatching(/^multifunctional migration cent/i));
    expect(record.regions.map((r) => r.code).sort()).toEqual(['RU-BA', 'RU-CHE', 'RU-MOS', 'RU-MOW']);
    expect(record.regions.find((r) => r.code === 'RU-MOW')?.role).toBe('origin');
    expect(record.organisations.map((o) => o.id).sort()).toEqual(['asi', 'gossovet', 'minek', 'moscow-depr', 'moscow-government']);
    expect(record.people).toEqual([{ name: 'Maria Bagreeva', role: expect.stringMatching(/^Minister of the Government of Moscow, head of the City Department of Economic Policy and Development$/) }]);
    expect(record.platforms.map((p) => p.id)).toEqual(['smarteka']);
    expect(record.figures.map((f) => f.value).sort((a, b) => a - b)).toEqual([8, 35, 121, 1000]);
    expect(record.figures.find((f) => f.value === 1000)?.text).toMatch(/more than 1,000 practices presented in the database/);
    expect(record.topics).toContain('regional-and-municipal-management');
    expect(record.extractorVersion).toBe(EXTRACTOR_VERSION);
  });
});
