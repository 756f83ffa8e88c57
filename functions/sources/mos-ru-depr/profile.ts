import { defineProfile } from '../../core/source-definition.js';
import { DEFAULT_MIN_DELAY_MS, MOSCOW } from '../shared/defaults.js';
import { mosArticleFetchUrl } from '../shared/mos-urls.js';

/**
 * The Moscow Department of Economic Policy and Development (ДЭПР) on mos.ru: the department's
 * RSS feed. Department feeds `/<dept>/news/rss` are reported for other departments; the `/depr/`
 * path is inferred. Articles are mos.ru news items, read through the same API and page parsers.
 */
export const mosRuDeprProfile = defineProfile({
  id: 'mos-ru-depr',
  name: 'Департамент экономической политики и развития города Москвы (mos.ru/depr)',
  homepage: 'https://www.mos.ru/depr/',
  jurisdiction: 'RU-MOW',
  language: 'ru',
  entryPoints: [{ url: 'https://www.mos.ru/depr/news/rss', kind: 'rss', label: 'depr-rss', confirmed: false }],
  hosts: ['www.mos.ru', 'mos.ru'],
  scheduleMinutes: 180,
  expectedCadenceHours: 72,
  timeZone: MOSCOW,
  charsetDefault: 'utf-8',
  politeness: { minDelayMs: DEFAULT_MIN_DELAY_MS, respectRobots: true },
  confidence: 'inferred',
  articleFetchUrl: mosArticleFetchUrl,
});
