import { smarteka } from '../../../functions/sources/smarteka/source.js';
import { describeSourceFixtures } from '../support/fixtures.js';

describeSourceFixtures(smarteka, [
  { file: 'garbled-page.html', url: smarteka.entryPoints[0]!.url, as: 'listing' },
  { file: 'garbled-page.html', url: 'https://smarteka.com/practices/unknown', as: 'article' },
]);
