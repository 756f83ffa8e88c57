import { linkListProfile } from '../shared/link-list-profile.js';

/**
 * asi.ru, the Agency for Strategic Initiatives (АСИ), which selects practices for replication with
 * the Ministry of Economic Development. No RSS: the news list (links `/news/<numeric id>/`,
 * reported). The 2018 homepage (seen, `../shared/realdata/asi/`) is 1C-Bitrix and shows two kinds
 * of card, both dated with two-digit years ("16.03.18"): `div.news-smi` (news, press and greetings
 * tabs) and `div.anons` (the announcement column, whose date is the announced event's). Its declared
 * windows-1251 is the only charset evidence of any watched site, hence this source's default.
 * Current article markup is unknown, so articles go to the generic extractor.
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
  listMarkup: [
    { name: 'news-smi (2018 homepage, seen)', item: 'div.news-smi', link: 'div.title a', date: 'div.date' },
    { name: 'anons (2018 homepage, seen)', item: 'div.anons', link: 'div.name a', date: 'div.date' },
  ],
  scheduleMinutes: 120,
  expectedCadenceHours: 48,
  charsetDefault: 'windows-1251',
  confidence: 'reported',
});
