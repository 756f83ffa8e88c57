import { linkListSource } from '../shared/link-list-source.js';
import { gov74RuSpec } from './profile.js';

/** gov74-ru: its profile (see `profile.ts`) with the link-list parsers. */
export const gov74Ru = linkListSource(gov74RuSpec);
