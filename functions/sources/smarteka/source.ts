import { linkListSource } from '../shared/link-list-source.js';
import { smartekaSpec } from './profile.js';

/** smarteka: its profile (see `profile.ts`) with the link-list parsers. */
export const smarteka = linkListSource(smartekaSpec);
