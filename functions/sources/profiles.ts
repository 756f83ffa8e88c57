import type { SourceProfile } from '../core/source-definition.js';
import { asiRuProfile } from './asi-ru/profile.js';
import { bashkortostanRuProfile } from './bashkortostan-ru/profile.js';
import { economyGovRuProfile } from './economy-gov-ru/profile.js';
import { gov74RuProfile } from './gov74-ru/profile.js';
import { governmentRuProfile } from './government-ru/profile.js';
import { gubernator74RuProfile } from './gubernator74-ru/profile.js';
import { kremlinRuProfile } from './kremlin-ru/profile.js';
import { madeinrussiaRuProfile } from './madeinrussia-ru/profile.js';
import { mosRuDeprProfile } from './mos-ru-depr/profile.js';
import { mosRuNewsProfile } from './mos-ru-news/profile.js';
import { mosregRuProfile } from './mosreg-ru/profile.js';
import { smartekaProfile } from './smarteka/profile.js';

/**
 * The registry: every watched source, one line each, in a stable order, as its profile (no
 * parsers). The scheduler, the fetcher, the API and the CDK app use these, so that only the parse
 * worker carries cheerio and rss-parser; `registry.ts` gives each profile its parsers, and the
 * compiler checks that every profile that is not a link list has its own.
 */
export const sourceProfiles = Object.freeze([
  mosRuNewsProfile,
  mosRuDeprProfile,
  economyGovRuProfile,
  asiRuProfile,
  smartekaProfile,
  governmentRuProfile,
  kremlinRuProfile,
  mosregRuProfile,
  gov74RuProfile,
  gubernator74RuProfile,
  bashkortostanRuProfile,
  madeinrussiaRuProfile,
] as const);

/** The id of a registered source. */
export type SourceId = (typeof sourceProfiles)[number]['id'];

const byId = new Map<string, SourceProfile>(sourceProfiles.map((profile) => [profile.id, profile]));

/** The profile registered under `id`; throws for an unknown id (ids are stable, a miss is a bug). */
export function getSourceProfile(id: string): SourceProfile {
  const profile = byId.get(id);
  if (!profile) throw new Error(`unknown source id "${id}"; registered: ${[...byId.keys()].join(', ')}`);
  return profile;
}
