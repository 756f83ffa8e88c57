import { getSource } from '../../../functions/sources/registry.js';
import { describeSourceFixtures } from '../support/fixtures.js';

const mosregRu = getSource('mosreg-ru');

describeSourceFixtures(mosregRu, [
  { file: 'garbled-page.html', url: mosregRu.entryPoints[1]!.url, as: 'listing' },
  { file: 'garbled-page.html', url: 'https://mosreg.ru/sobytiya/novosti/news-submoscow/x', as: 'article' },
]);
