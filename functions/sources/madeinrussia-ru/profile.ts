import type { ArticleRules } from '../shared/article.js';
import { linkListProfile } from '../shared/link-list-profile.js';

/** Page chrome that sits inside the content block: region switcher, section name, the Telegram plug. */
const CHROME = [
  /^All regions$/i,
  /^Top stories$/i,
  /^Read more interesting news in our Telegram channel/i,
  /^Made in Russia(?: \/\/ Made in Russia)?$/i,
  /^#made by Russia$/i,
];

/** CSS-module class names carry a build hash (`styles_news__content__3xQ9a`): match by prefix. */
const ARTICLE_RULES: ArticleRules = {
  title: ['[class^="styles_news__title"]', '[class*=" styles_news__title"]', 'article h1', 'h1'],
  body: ['div[class^="styles_news__content_"]', 'div[class*=" styles_news__content_"]'],
  date: ['time[datetime]', '[class^="styles_news__date"]'],
  lead: ['[class^="styles_news__lead"]'],
  tags: ['a[class^="styles_news__tag"]'],
  remove: ['h1', '[class^="styles_news__title"]', '[class^="styles_news__date"]', '[class^="styles_news__lead"]', 'script', 'style'],
  dropParagraphs: CHROME,
  // The author is not a byline but a trailing "Author: Natalia Alyoshina" line inside the body.
  authorLine: /^Author:\s*(.{2,80})$/i,
};

/**
 * madeinrussia.ru in English: a secondary source that retells official Russian news (the seed
 * article is `/en/news/14040`). Body in `div[class^=styles_news__content_]` (reported); the author
 * comes from the "Author: …" line, which, with the page chrome, is removed from the body. The list
 * page URL and its link pattern are inferred from the article URLs.
 */
export const madeinrussiaRuProfile = linkListProfile({
  id: 'madeinrussia-ru',
  name: 'Made in Russia (madeinrussia.ru, English)',
  homepage: 'https://madeinrussia.ru/en',
  jurisdiction: 'RU',
  language: 'en',
  entryPoints: [{ url: 'https://madeinrussia.ru/en/news', kind: 'html-list', label: 'en-news', confirmed: false }],
  hosts: ['madeinrussia.ru', 'www.madeinrussia.ru'],
  articlePath: /^\/en\/news\/\d+\/?$/,
  scheduleMinutes: 360,
  expectedCadenceHours: 48,
  charsetDefault: 'utf-8',
  confidence: 'reported',
  articleRules: ARTICLE_RULES,
});
