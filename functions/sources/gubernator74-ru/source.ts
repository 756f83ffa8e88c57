import { linkListSource } from '../shared/link-list-source.js';
import { gubernator74RuSpec } from './profile.js';

/** gubernator74-ru: its profile (see `profile.ts`) with the link-list parsers. */
export const gubernator74Ru = linkListSource(gubernator74RuSpec);
