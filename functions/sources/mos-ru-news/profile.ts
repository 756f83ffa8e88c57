import { defineProfile } from '../../core/source-definition.js';
import { DEFAULT_MIN_DELAY_MS, MOSCOW } from '../shared/defaults.js';
import { mosArticleFetchUrl } from '../shared/mos-urls.js';

/**
 * mos.ru, the portal of the Mayor and Government of Moscow. The RSS feed (seen in a 2022 capture)
 * gives title, lead and date; the site's own JSON API (reported) gives the listing too and, per item,
 * the full text (`full_text`, HTML). List pages are rendered by JavaScript and are not used.
 */
export const mosRuNewsProfile = defineProfile({
  id: 'mos-ru-news',
  name: 'Мэр и Правительство Москвы (mos.ru)',
  homepage: 'https://www.mos.ru/',
  jurisdiction: 'RU-MOW',
  language: 'ru',
  entryPoints: [
    { url: 'https://www.mos.ru/rss', kind: 'rss', label: 'rss', confirmed: true },
    {
      url: 'https://www.mos.ru/api/newsfeed/v4/frontend/json/ru/articles?fields=id,title,date,published_at,preview_text&sort=-date&page=1&per-page=50',
      kind: 'json-api',
      label: 'api',
      confirmed: false,
    },
  ],
  hosts: ['www.mos.ru', 'mos.ru'],
  scheduleMinutes: 60,
  expectedCadenceHours: 6,
  timeZone: MOSCOW,
  charsetDefault: 'utf-8',
  politeness: { minDelayMs: DEFAULT_MIN_DELAY_MS, respectRobots: true },
  confidence: 'seen',
  articleFetchUrl: mosArticleFetchUrl,
});
