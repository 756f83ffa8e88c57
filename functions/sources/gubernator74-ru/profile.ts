import { linkListProfile } from '../shared/link-list-profile.js';

/**
 * The Governor of the Chelyabinsk Region (gubernator74.ru). The site is reported; its news list URL
 * and link pattern are inferred (day pages `/calendar/day/YYYYMMDD` also exist), so the listing is
 * read by link discovery and articles by the generic extractor.
 */
export const gubernator74RuProfile = linkListProfile({
  id: 'gubernator74-ru',
  name: 'Губернатор Челябинской области (gubernator74.ru)',
  homepage: 'https://gubernator74.ru/',
  jurisdiction: 'RU-CHE',
  language: 'ru',
  entryPoints: [{ url: 'https://gubernator74.ru/news', kind: 'html-list', label: 'news-list', confirmed: false }],
  hosts: ['gubernator74.ru', 'www.gubernator74.ru'],
  articlePath: /^\/news\/[^/?#]+\/?$/,
  scheduleMinutes: 180,
  expectedCadenceHours: 72,
  // Chelyabinsk keeps UTC+5: its pages print local clock times.
  timeZone: 'Asia/Yekaterinburg',
  charsetDefault: 'utf-8',
  confidence: 'inferred',
});
