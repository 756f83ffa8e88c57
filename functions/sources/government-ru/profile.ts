import { defineProfile } from '../../core/source-definition.js';
import { DEFAULT_MIN_DELAY_MS, MOSCOW, STALE_MOSCOW_OFFSET } from '../shared/defaults.js';

/** `/news/31721/?ajax=reader` and `/news/31721/` are the same article: the page URL is canonical. */
export function canonicalNewsUrl(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString();
}

/**
 * government.ru, the Government of the Russian Federation: the news RSS (reported) and the news
 * list page (markup seen in a 2018 capture); articles are read from their light reader version
 * (`?ajax=reader`, reported). Plain HTTP: HTTPS is reported to time out.
 */
export const governmentRuProfile = defineProfile({
  id: 'government-ru',
  name: 'Правительство России (government.ru)',
  homepage: 'http://government.ru/',
  jurisdiction: 'RU',
  language: 'ru',
  entryPoints: [
    { url: 'http://government.ru/news/rss/', kind: 'rss', label: 'news-rss', confirmed: false },
    { url: 'http://government.ru/news/', kind: 'html-list', label: 'news-list', confirmed: true },
  ],
  hosts: ['government.ru', 'www.government.ru'],
  scheduleMinutes: 60,
  expectedCadenceHours: 24,
  timeZone: MOSCOW,
  mislabelledOffsets: [STALE_MOSCOW_OFFSET],
  charsetDefault: 'utf-8',
  politeness: { minDelayMs: DEFAULT_MIN_DELAY_MS, scheme: 'http', respectRobots: true },
  confidence: 'seen',
  // The light "reader" version carries the same article markup in a fraction of the bytes.
  articleFetchUrl: (entry) => `${canonicalNewsUrl(entry.url)}?ajax=reader`,
});
