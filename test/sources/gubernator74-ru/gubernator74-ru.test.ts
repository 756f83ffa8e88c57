import { gubernator74Ru } from '../../../functions/sources/gubernator74-ru/source.js';
import { describeSourceFixtures } from '../support/fixtures.js';

describeSourceFixtures(gubernator74Ru, [
  { file: 'garbled-page.html', url: gubernator74Ru.entryPoints[0]!.url, as: 'listing' },
  { file: 'garbled-page.html', url: 'https://gubernator74.ru/news/x', as: 'article' },
]);
