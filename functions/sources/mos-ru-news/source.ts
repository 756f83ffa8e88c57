import type { SourceDefinition } from '../../core/source-definition.js';
import { parseMosApiListing, parseMosArticle, parseMosRssListing } from './mos-ru-parsers.js';
import { mosRuNewsProfile } from './profile.js';

const ID = mosRuNewsProfile.id;

/** mos-ru-news: its profile (see `profile.ts`) with the mos.ru feed, API and page parsers. */
export const mosRuNews: SourceDefinition = {
  ...mosRuNewsProfile,
  parseListing: (text, entryPoint) =>
    entryPoint.kind === 'json-api' ? parseMosApiListing(text, entryPoint, ID) : parseMosRssListing(text, entryPoint, ID),
  parseArticle: (text, url) => parseMosArticle(text, url, ID),
};
