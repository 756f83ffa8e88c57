import type { Language } from '../../core/model.js';
import type { EntryPoint, Politeness, SourceProfile } from '../../core/source-definition.js';
import type { ArticleRules } from './article.js';
import { DEFAULT_MIN_DELAY_MS, MOSCOW } from './defaults.js';

/** The description of a site known only by its URL patterns (SOURCES.md "reported"/"inferred"). */
export interface LinkListSourceSpec<Id extends string = string> {
  id: Id;
  name: string;
  homepage: string;
  jurisdiction: string;
  language: Language;
  entryPoints: EntryPoint[];
  hosts: string[];
  /** Path (and query) of article links on the list pages. */
  articlePath: RegExp;
  scheduleMinutes: number;
  expectedCadenceHours: number;
  /**
   * Charset when nothing declares one. Undeclared valid UTF-8 is recognised before it is used, so
   * this only decides for legacy bytes, which on .ru sites are windows-1251, not cheerio's windows-1252.
   */
  charsetDefault: string;
  /** IANA zone of the site's clock (default Europe/Moscow; the Urals sites print Yekaterinburg time). */
  timeZone?: string;
  confidence: 'seen' | 'reported' | 'inferred';
  politeness?: Partial<Politeness>;
  /** Article rules when some markup is known; the generic extractor otherwise. */
  articleRules?: ArticleRules;
}

/**
 * The profile of a link-list source. It carries, as data, what the default link-list parsers
 * (`link-list-parsers.ts`) need, so that such a source needs no parser code of its own.
 */
export interface LinkListProfile<Id extends string = string> extends SourceProfile<Id> {
  linkList: {
    /** Path (and query) of article links on the list pages. */
    articlePath: RegExp;
    /** Article rules when some markup is known; the generic extractor otherwise. */
    articleRules?: ArticleRules;
  };
}

/** The profile of a link-list source, with the defaults every such site shares; no parser is imported here. */
export function linkListProfile<Id extends string>(spec: LinkListSourceSpec<Id>): LinkListProfile<Id> {
  return {
    id: spec.id,
    name: spec.name,
    homepage: spec.homepage,
    jurisdiction: spec.jurisdiction,
    language: spec.language,
    entryPoints: spec.entryPoints,
    hosts: spec.hosts,
    scheduleMinutes: spec.scheduleMinutes,
    expectedCadenceHours: spec.expectedCadenceHours,
    timeZone: spec.timeZone ?? MOSCOW,
    charsetDefault: spec.charsetDefault,
    politeness: { minDelayMs: DEFAULT_MIN_DELAY_MS, respectRobots: true, ...spec.politeness },
    confidence: spec.confidence,
    linkList: { articlePath: spec.articlePath, ...(spec.articleRules ? { articleRules: spec.articleRules } : {}) },
  };
}

/** Whether a profile is read by the default link-list parsers. */
export function isLinkListProfile<P extends SourceProfile>(profile: P): profile is Extract<P, LinkListProfile> {
  return 'linkList' in profile;
}
