import { linkListProfile } from '../shared/link-list-profile.js';

/**
 * Smarteka (Смартека), ASI's library of regional best practices: the platform most replication
 * announcements cite. No feed or API is known; the domain is reported and the practice list URL and
 * link pattern are inferred, so both listing and articles are read generically until the markup is seen.
 */
export const smartekaProfile = linkListProfile({
  id: 'smarteka',
  name: 'Смартека — библиотека лучших практик (smarteka.com)',
  homepage: 'https://smarteka.com/',
  jurisdiction: 'RU',
  language: 'ru',
  entryPoints: [{ url: 'https://smarteka.com/practices', kind: 'html-list', label: 'practices', confirmed: false }],
  hosts: ['smarteka.com', 'www.smarteka.com'],
  articlePath: /^\/practices\/[^/?#]+\/?$/,
  scheduleMinutes: 720,
  expectedCadenceHours: 168,
  charsetDefault: 'utf-8',
  confidence: 'inferred',
  practiceLibrary: true,
});
