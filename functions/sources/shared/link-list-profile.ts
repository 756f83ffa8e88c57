import type { Politeness, SourceProfile } from '../../core/source-definition.js';
import type { ArticleRules } from './article.js';
import type { ListMarkup } from './listing.js';
import { DEFAULT_MIN_DELAY_MS, MOSCOW } from './defaults.js';

/**
 * The description of a site known only by its URL patterns (SOURCES.md "reported"/"inferred"):
 * its profile's own fields, with the zone and politeness defaulted, and where its articles are.
 */
export type LinkListSourceSpec<Id extends string = string> = Pick<
  SourceProfile<Id>,
  'id' | 'name' | 'homepage' | 'jurisdiction' | 'language' | 'entryPoints' | 'hosts' | 'scheduleMinutes' | 'expectedCadenceHours' | 'charsetDefault' | 'confidence' | 'practiceLibrary'
> & {
  /** IANA zone of the site's clock (default Europe/Moscow; the Urals sites print Yekaterinburg time). */
  timeZone?: string;
  /** Politeness beyond the defaults (2 s between requests to a host, robots.txt respected). */
  politeness?: Partial<Politeness>;
} & LinkListProfile<Id>['linkList'];

/**
 * The profile of a link-list source. It carries, as data, what the default link-list parsers
 * (`link-list-parsers.ts`) need, so that such a source needs no parser code of its own.
 */
export interface LinkListProfile<Id extends string = string> extends SourceProfile<Id> {
  linkList: {
    /** Path (and query) of article links on the list pages. */
    articlePath: RegExp;
    /**
     * Known generations of the list markup (seen or reported), read first; when none matches a
     * page, every article link on it is discovered instead (`discoverLinks`).
     */
    listMarkup?: readonly ListMarkup[];
    /** Article rules when some markup is known; the generic extractor otherwise. */
    articleRules?: ArticleRules;
  };
}

/** The profile of a link-list source, with the defaults every such site shares; no parser is imported here. */
export function linkListProfile<Id extends string>(spec: LinkListSourceSpec<Id>): LinkListProfile<Id> {
  const { articlePath, articleRules, listMarkup, timeZone, politeness, ...profile } = spec;
  return {
    ...profile,
    timeZone: timeZone ?? MOSCOW,
    politeness: { minDelayMs: DEFAULT_MIN_DELAY_MS, respectRobots: true, ...politeness },
    linkList: { articlePath, ...(listMarkup ? { listMarkup } : {}), ...(articleRules ? { articleRules } : {}) },
  };
}

/** Whether a profile is read by the default link-list parsers. */
export function isLinkListProfile<P extends SourceProfile>(profile: P): profile is Extract<P, LinkListProfile> {
  return 'linkList' in profile;
}
