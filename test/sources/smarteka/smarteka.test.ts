import { getSource } from '../../../functions/sources/registry.js';
import { describeSourceFixtures } from '../support/fixtures.js';

const smarteka = getSource('smarteka');

describeSourceFixtures(smarteka, [
  { file: 'garbled-page.html', url: smarteka.entryPoints[0]!.url, as: 'listing' },
  { file: 'garbled-page.html', url: 'https://smarteka.com/practices/unknown', as: 'article' },
]);
