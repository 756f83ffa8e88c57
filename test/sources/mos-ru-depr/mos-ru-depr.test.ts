import { getSource } from '../../../functions/sources/registry.js';
import { describeSourceFixtures } from '../support/fixtures.js';

const mosRuDepr = getSource('mos-ru-depr');

describeSourceFixtures(mosRuDepr, [
  { file: 'garbled-rss.xml', url: 'https://www.mos.ru/depr/news/rss', as: 'listing' },
  { file: 'garbled-rss.xml', url: 'https://www.mos.ru/news/item/120009073/', as: 'article' },
]);
