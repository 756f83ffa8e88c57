import type { SourceDefinition, SourceParsers, SourceProfile } from '../core/source-definition.js';
import { economyGovRuParsers } from './economy-gov-ru/parsers.js';
import { governmentRuParsers } from './government-ru/parsers.js';
import { kremlinRuParsers } from './kremlin-ru/parsers.js';
import { sourceProfiles } from './profiles.js';
export { discoverFeedLinks as discoverFeeds } from './shared/feed-discovery.js';
import { linkListParsers } from './shared/link-list-parsers.js';
import { isLinkListProfile, type LinkListProfile } from './shared/link-list-profile.js';
import { mosRuParsers } from './shared/mos-ru.js';

type RegisteredProfile = (typeof sourceProfiles)[number];

/** Ids of the registered sources that are not link lists: each needs its own parsers. */
type OwnParsersId = Exclude<RegisteredProfile, LinkListProfile>['id'];

/**
 * The parsers of every source that has its own, built from its profile. The compiler demands one
 * entry per registered profile that is not a link list, and no other; link-list profiles get the
 * default parsers (`shared/link-list-parsers.ts`).
 */
const OWN_PARSERS = {
  'mos-ru-news': mosRuParsers,
  'mos-ru-depr': mosRuParsers,
  'economy-gov-ru': economyGovRuParsers,
  'government-ru': governmentRuParsers,
  'kremlin-ru': kremlinRuParsers,
} satisfies Record<OwnParsersId, (profile: SourceProfile) => SourceParsers>;

function definitionOf(profile: RegisteredProfile): SourceDefinition {
  const parsers = isLinkListProfile(profile) ? linkListParsers(profile) : OWN_PARSERS[profile.id](profile);
  return { ...profile, ...parsers };
}

/**
 * Every watched source with its parsers, in the registry's order (`profiles.ts`). Import-safe:
 * building this list does no I/O. Only the parse worker, the CLI and tests import it.
 */
export const sources: readonly SourceDefinition[] = Object.freeze(sourceProfiles.map(definitionOf));

const byId = new Map(sources.map((source) => [source.id, source]));

/** The source registered under `id`; throws for an unknown id (ids are stable, a miss is a bug). */
export function getSource(id: string): SourceDefinition {
  const source = byId.get(id);
  if (!source) throw new Error(`unknown source id "${id}"; registered: ${[...byId.keys()].join(', ')}`);
  return source;
}
