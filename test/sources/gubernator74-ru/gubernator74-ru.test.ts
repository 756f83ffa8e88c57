import { getSource } from '../../../functions/sources/registry.js';
import { describeSourceFixtures } from '../support/fixtures.js';

const gubernator74Ru = getSource('gubernator74-ru');

describeSourceFixtures(gubernator74Ru, [
  { file: 'garbled-page.html', url: gubernator74Ru.entryPoints[0]!.url, as: 'listing' },
  { file: 'garbled-page.html', url: 'https://gubernator74.ru/news/x', as: 'article' },
]);
