import { linkListProfile } from '../shared/link-list-profile.js';

/**
 * The Government of the Moscow Region (mosreg.ru). Ministry subsites publish `?format=rss` (reported);
 * the main news RSS is inferred from that. The news list page is read by link discovery (cards
 * `div.event__content a[href]` with "16 марта 2023 г., 14:30" dates are reported); articles generically.
 */
export const mosregRuProfile = linkListProfile({
  id: 'mosreg-ru',
  name: 'Правительство Московской области (mosreg.ru)',
  homepage: 'https://mosreg.ru/',
  jurisdiction: 'RU-MOS',
  language: 'ru',
  entryPoints: [
    { url: 'https://mosreg.ru/sobytiya/novosti?format=rss', kind: 'rss', label: 'news-rss', confirmed: false },
    { url: 'https://mosreg.ru/sobytiya/novosti/news-submoscow', kind: 'html-list', label: 'news-list', confirmed: false },
  ],
  hosts: ['mosreg.ru', 'www.mosreg.ru'],
  articlePath: /^\/sobytiya\/novosti\/[^/?#]+\/[^/?#]+\/?$/,
  scheduleMinutes: 120,
  expectedCadenceHours: 24,
  charsetDefault: 'utf-8',
  confidence: 'reported',
});
