import type { SourceDefinition } from '../../core/source-definition.js';
import { canonicalOf, parseArticlePage, type ArticleRules } from '../shared/article.js';
import { MOSCOW } from '../shared/defaults.js';
import { linkListSource } from '../shared/link-list-source.js';
import { normaliseText } from '../shared/text.js';

const ID = 'madeinrussia-ru';

/** Page chrome that sits inside the content block: region switcher, section name, the Telegram plug. */
const CHROME = [
  /^All regions$/i,
  /^Top stories$/i,
  /^Read more interesting news in our Telegram channel/i,
  /^Author:/i,
  /^Made in Russia(?: \/\/ Made in Russia)?$/i,
  /^#made by Russia$/i,
];

/** CSS-module class names carry a build hash (`styles_news__content_3xQ9a`): match by prefix. */
const ARTICLE_RULES: ArticleRules = {
  title: ['[class^="styles_news__title"]', '[class*=" styles_news__title"]', 'article h1', 'h1'],
  body: ['div[class^="styles_news__content_"]', 'div[class*=" styles_news__content_"]'],
  date: ['time[datetime]', '[class^="styles_news__date"]'],
  lead: ['[class^="styles_news__lead"]'],
  tags: ['a[class^="styles_news__tag"]'],
  remove: ['h1', '[class^="styles_news__title"]', '[class^="styles_news__date"]', '[class^="styles_news__lead"]', 'script', 'style'],
  dropParagraphs: CHROME,
};

/** "Author: Natalia Alyoshina" anywhere in the page text (it trails the body, not the byline). */
function authorLine(html: string): string | null {
  const match = /Author:\s*(?:<[^>]+>\s*)*([^<\n]{2,80})/i.exec(html);
  return match ? normaliseText(match[1]!) || null : null;
}

const base = linkListSource({
  id: ID,
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
});

/**
 * madeinrussia.ru in English: a secondary source that retells official Russian news (the seed
 * article is `/en/news/14040`). Body in `div[class^=styles_news__content_]` (reported); the author
 * comes from the "Author: …" line, which, with the page chrome, is removed from the body.
 */
export const madeinrussiaRu: SourceDefinition = {
  ...base,
  parseArticle: (text, url) => {
    const article = parseArticlePage(text, ARTICLE_RULES, {
      sourceId: ID,
      url,
      canonicalUrl: canonicalOf(text, url),
      dates: { timeZone: MOSCOW },
      language: 'en',
    });
    return { ...article, author: article.author ?? authorLine(text) };
  },
};
