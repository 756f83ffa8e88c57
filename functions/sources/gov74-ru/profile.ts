import { linkListProfile } from '../shared/link-list-profile.js';

/**
 * The Government of the Chelyabinsk Region (pravmin.gov74.ru): its news RSS is reported; article
 * markup is unknown, so articles go to the generic extractor. A slow regional site: polled every 3 hours.
 */
export const gov74RuProfile = linkListProfile({
  id: 'gov74-ru',
  name: 'Правительство Челябинской области (pravmin.gov74.ru)',
  homepage: 'https://pravmin.gov74.ru/',
  jurisdiction: 'RU-CHE',
  language: 'ru',
  entryPoints: [{ url: 'https://pravmin.gov74.ru/prav/rss/news.htm', kind: 'rss', label: 'news-rss', confirmed: false }],
  hosts: ['pravmin.gov74.ru', 'gov74.ru', 'www.gov74.ru'],
  articlePath: /^\/prav\/news\/.+/,
  scheduleMinutes: 180,
  expectedCadenceHours: 72,
  // Chelyabinsk keeps UTC+5: its pages print local clock times.
  timeZone: 'Asia/Yekaterinburg',
  charsetDefault: 'utf-8',
  confidence: 'reported',
});
