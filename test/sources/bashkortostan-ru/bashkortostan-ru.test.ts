import { getSource } from '../../../functions/sources/registry.js';
import { describeSourceFixtures } from '../support/fixtures.js';

const bashkortostanRu = getSource('bashkortostan-ru');

const [rss, list] = bashkortostanRu.entryPoints;

describeSourceFixtures(bashkortostanRu, [
  // The site is reported to serve an HTML page where its RSS should be.
  { file: 'html-instead-of-rss.html', url: rss!.url, as: 'listing', code: 'not_a_feed' },
  { file: 'html-instead-of-rss.html', url: list!.url, as: 'listing' },
  { file: 'html-instead-of-rss.html', url: 'https://bashkortostan.ru/presscenter/news/603000/', as: 'article' },
]);
