import { defineProfile } from '../../core/source-definition.js';
import { DEFAULT_MIN_DELAY_MS, MOSCOW } from '../shared/defaults.js';

/**
 * economy.gov.ru, the Ministry of Economic Development (Минэкономразвития), co-author of most
 * replication announcements. A public bot reads its news RSS at `/material/news.rss` (reported, not
 * confirmed): the first entry point; the news list page (two reported card generations, then link
 * discovery) is its fallback. Article markup is unknown, so articles go to the generic extractor.
 */
export const economyGovRuProfile = defineProfile({
  id: 'economy-gov-ru',
  name: 'Минэкономразвития России (economy.gov.ru)',
  homepage: 'https://www.economy.gov.ru/',
  jurisdiction: 'RU',
  language: 'ru',
  entryPoints: [
    { url: 'https://economy.gov.ru/material/news.rss', kind: 'rss', label: 'news-rss', confirmed: false },
    { url: 'https://www.economy.gov.ru/material/news/', kind: 'html-list', label: 'news-list', confirmed: false },
  ],
  hosts: ['www.economy.gov.ru', 'economy.gov.ru'],
  scheduleMinutes: 120,
  expectedCadenceHours: 48,
  timeZone: MOSCOW,
  charsetDefault: 'utf-8',
  politeness: { minDelayMs: DEFAULT_MIN_DELAY_MS, respectRobots: true },
  confidence: 'reported',
});
