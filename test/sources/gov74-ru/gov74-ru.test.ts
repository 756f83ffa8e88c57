import { gov74Ru } from '../../../functions/sources/gov74-ru/source.js';
import { describeSourceFixtures } from '../support/fixtures.js';

describeSourceFixtures(gov74Ru, [
  { file: 'garbled-rss.xml', url: gov74Ru.entryPoints[0]!.url, as: 'listing' },
  { file: 'garbled-rss.xml', url: 'https://pravmin.gov74.ru/prav/news/2023/11/20/x.htm', as: 'article' },
]);
