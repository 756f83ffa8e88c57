import { linkListProfile } from '../shared/link-list-profile.js';

/**
 * The Republic of Bashkortostan (bashkortostan.ru). Agencies publish `/presscenter/news/` and its
 * `rss/` (reported); the main site is assumed the same (inferred). The RSS is reported to come back
 * as an HTML page at times (→ `not_a_feed`), so the HTML list is a second entry point. Markup as
 * public scrapers of the agency subdomains read it (reported, never seen here, hence unconfirmed
 * entry points): lists `.list__title a`, earlier `div.news__item a.news__title-link` with
 * `div.news__preview`; articles `.detail__title` and `.detail__text`. Where the dates sit is not
 * reported: they are looked for in each card's text, and in the article's `time` or meta.
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
  listMarkup: [
    // The card is whatever directly holds the title: its wrapper's class is not reported.
    { name: 'list__title (reported)', item: ':has(> .list__title)', link: '.list__title a' },
    { name: 'news__item (older, reported)', item: 'div.news__item', link: 'a.news__title-link', lead: 'div.news__preview' },
  ],
  articleRules: {
    title: ['.detail__title', 'h1'],
    body: ['.detail__text'],
    date: ['.detail__date time[datetime]', '.detail time[datetime]', '[itemprop=datePublished]', '.detail__date'],
    remove: ['script', 'style', '.detail__share'],
  },
  scheduleMinutes: 180,
  expectedCadenceHours: 72,
  // Ufa keeps UTC+5: its pages print local clock times.
  timeZone: 'Asia/Yekaterinburg',
  charsetDefault: 'utf-8',
  confidence: 'reported',
});
