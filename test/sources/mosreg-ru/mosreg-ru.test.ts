import { mosregRu } from '../../../functions/sources/mosreg-ru/source.js';
import { describeSourceFixtures } from '../support/fixtures.js';

describeSourceFixtures(mosregRu, [
  { file: 'garbled-page.html', url: mosregRu.entryPoints[1]!.url, as: 'listing' },
  { file: 'garbled-page.html', url: 'https://mosreg.ru/sobytiya/novosti/news-submoscow/x', as: 'article' },
]);
