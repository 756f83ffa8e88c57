import { linkListSource } from '../shared/link-list-source.js';
import { bashkortostanRuSpec } from './profile.js';

/** bashkortostan-ru: its profile (see `profile.ts`) with the link-list parsers. */
export const bashkortostanRu = linkListSource(bashkortostanRuSpec);
