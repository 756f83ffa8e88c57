import { linkListSource } from '../shared/link-list-source.js';
import { asiRuSpec } from './profile.js';

/** asi-ru: its profile (see `profile.ts`) with the link-list parsers. */
export const asiRu = linkListSource(asiRuSpec);
