import type { SourceDefinition } from '../../core/source-definition.js';
import { parseMosArticle, parseMosRssListing } from '../mos-ru-news/mos-ru-parsers.js';
import { mosRuDeprProfile } from './profile.js';

const ID = mosRuDeprProfile.id;

/** mos-ru-depr: its profile (see `profile.ts`) with the mos.ru feed, API and page parsers. */
export const mosRuDepr: SourceDefinition = {
  ...mosRuDeprProfile,
  parseListing: (text, entryPoint) => parseMosRssListing(text, entryPoint, ID),
  parseArticle: (text, url) => parseMosArticle(text, url, ID),
};
