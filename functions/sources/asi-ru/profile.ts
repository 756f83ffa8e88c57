import { linkListProfile } from '../shared/link-list-profile.js';

/**
 * asi.ru, the Agency for Strategic Initiatives (АСИ), which selects practices for replication with
 * the Ministry of Economic Development. No RSS: the news list (links `/news/<numeric id>/`,
 * reported). The 2018 site declared windows-1251 (seen), hence the default charset; current
 * article markup is unknown, so articles go to the generic extractor.
 */
export const asiRuProfile = linkListProfile({
  id: 'asi-ru',
  name: 'Агентство стратегических инициатив (asi.ru)',
  homepage: 'https://asi.ru/',
  jurisdiction: 'RU',
  language: 'ru',
  entryPoints: [{ url: 'https://asi.ru/news/', kind: 'html-list', label: 'news-list', confirmed: false }],
  hosts: ['asi.ru', 'www.asi.ru'],
  articlePath: /^\/news\/\d+\/?$/,
  scheduleMinutes: 120,
  expectedCadenceHours: 48,
  charsetDefault: 'windows-1251',
  confidence: 'reported',
});
