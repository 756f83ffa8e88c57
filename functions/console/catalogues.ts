import organisationCatalogue from '../core/catalogues/organisations.json' with { type: 'json' };
import regionCatalogue from '../core/catalogues/regions.json' with { type: 'json' };
import topicCatalogue from '../core/catalogues/topics.json' with { type: 'json' };
import type { ConsoleCatalogues } from './console-types.js';

/**
 * The console's `catalogues.json`, from the catalogues extraction reads (ids and Russian names
 * only): served beside `config.json` by the local runtime and published with the console on AWS.
 */
export function consoleCatalogues(): ConsoleCatalogues {
  return {
    regions: regionCatalogue.regions.map((region) => [region.code, region.name]),
    organisations: organisationCatalogue.organisations.map((organisation) => [organisation.id, organisation.name]),
    topics: topicCatalogue.topics.map((topic) => [topic.id, topic.name]),
  };
}
