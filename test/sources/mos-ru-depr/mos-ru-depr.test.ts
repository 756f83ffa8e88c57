import { mosRuDepr } from '../../../functions/sources/mos-ru-depr/source.js';
import { describeSourceFixtures } from '../support/fixtures.js';

describeSourceFixtures(mosRuDepr, [
  { file: 'garbled-rss.xml', url: 'https://www.mos.ru/depr/news/rss', as: 'listing' },
  { file: 'garbled-rss.xml', url: 'https://www.mos.ru/news/item/120009073/', as: 'article' },
]);
