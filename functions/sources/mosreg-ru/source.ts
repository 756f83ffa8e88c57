import { linkListSource } from '../shared/link-list-source.js';
import { mosregRuSpec } from './profile.js';

/** mosreg-ru: its profile (see `profile.ts`) with the link-list parsers. */
export const mosregRu = linkListSource(mosregRuSpec);
