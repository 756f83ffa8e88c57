import { linkListSource } from '../shared/link-list-source.js';
import { madeinrussiaRuSpec } from './profile.js';

/** madeinrussia-ru: its profile (see `profile.ts`) with the link-list parsers. */
export const madeinrussiaRu = linkListSource(madeinrussiaRuSpec);
