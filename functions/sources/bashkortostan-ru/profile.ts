import { linkListProfile } from '../shared/link-list-profile.js';

/**
 * The Republic of Bashkortostan (bashkortostan.ru). Agencies publish `/presscenter/news/` and its
 * `rss/` (reported); the main site is assumed the same (inferred). The RSS is reported to come back
 * as an HTML page at times (→ `not_a_feed`), so the HTML list is a second entry point.
 */
export const bashkortostanRuProfile = linkListProfile({
  id: 'bashkortostan-ru',
  name: 'Республика Башкортостан (bashkortostan.ru)',
  homepage: 'https://bashkortostan.ru/',
  jurisdiction: 'RU-BA',
  language: 'ru',
  entryPoints: [
    { url: 'https://bashkortostan.ru/presscenter/news/rss/', kind: 'rss', label: 'news-rss', confirmed: false },
    { url: 'https://bashkortostan.ru/presscenter/news/', kind: 'html-list', label: 'news-list', confirmed: false },
  ],
  hosts: ['bashkortostan.ru', 'www.bashkortostan.ru'],
  articlePath: /^\/presscenter\/news\/\d+\/?$/,
  scheduleMinutes: 180,
  expectedCadenceHours: 72,
  // Ufa keeps UTC+5: its pages print local clock times.
  timeZone: 'Asia/Yekaterinburg',
  charsetDefault: 'windows-1251',
  confidence: 'inferred',
});
