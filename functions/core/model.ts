import type { FailureCode } from './errors.js';

// The enumerations are lists, so that the API's schemas (and through them the console) take
// their values from here instead of restating them.

/** Languages of an article's text. */
export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Kinds of entry point a source can offer; feeds and APIs are preferred to HTML lists. */
export const ENTRY_KINDS = ['rss', 'atom', 'json-api', 'html-list'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/**
 * An article as a source parser produces it: text only (never HTML), dates ISO 8601 with an
 * offset or null. Produced by `functions/sources/<id>` parsers, consumed by extraction.
 */
export interface Article {
  /** Canonical absolute URL: the identity of the article. */
  url: string;
  title: string;
  /** ISO 8601 with offset, or null when the page gives no date. Never invented. */
  publishedAt: string | null;
  author: string | null;
  lead: string | null;
  bodyText: string;
  tags: string[];
  images: string[];
  /** Language when the source knows it; extraction detects it otherwise. */
  language?: Language;
  /** Set when the source's own rules did not match and the generic extractor produced this. */
  extractedBy?: 'source' | 'generic';
  /**
   * Where the page files the item, as it shows it: its metadata's article section, or the rubric and
   * breadcrumb lines over a copied page's headline ('Мнение', 'Opinion', 'Главная · Новости'). Absent
   * when the page says nothing.
   */
  section?: string | null;
}

/** One entry of a listing (feed item, API item, list-page link). */
export interface ListingEntry {
  url: string;
  title: string | null;
  publishedAt: string | null;
  lead: string | null;
  /** Present when the listing itself carries the full text (kremlin.ru Atom, full-text RSS). */
  article?: Article;
  /** Per-item parse problem, recorded against the item, never silently dropped. */
  failure?: { code: FailureCode; message: string };
}

/** What a region is to a practice: where it comes from, who takes it up, or only named. */
export const REGION_ROLES = ['origin', 'adopter', 'mentioned'] as const;
export type RegionRole = (typeof REGION_ROLES)[number];

export interface RegionMention {
  /** ISO 3166-2:RU code, or a documented project code for subjects ISO does not list. */
  code: string;
  name: string;
  role: RegionRole;
}

export interface OrganisationMention {
  /** Catalogue id (kebab-case), e.g. `minek`, `asi`. */
  id: string;
  name: string;
}

export interface PersonMention {
  name: string;
  role: string | null;
}

export interface PlatformMention {
  id: string;
  name: string;
}

export interface Figure {
  value: number;
  text: string;
}

export interface PracticeName {
  name: string;
}

/**
 * The record of `EXTRACTION.md`: field names are a contract shared by the CLI, the API and tests.
 */
export interface ExtractionRecord {
  sourceId: string;
  url: string;
  title: string;
  publishedAt: string | null;
  language: Language;
  author: string | null;
  lead: string | null;
  bodyText: string;
  isPracticeAnnouncement: boolean;
  confidence: number;
  reasons: string[];
  practices: PracticeName[];
  regions: RegionMention[];
  organisations: OrganisationMention[];
  people: PersonMention[];
  platforms: PlatformMention[];
  figures: Figure[];
  topics: string[];
  extractorVersion: string;
}

/** Input of extraction: an article and the source it came from. */
export interface ExtractionInput extends Article {
  sourceId: string;
  /**
   * The publisher's own federal subject (ISO 3166-2:RU), the origin when a text speaks of 'our
   * practice': a regional source's jurisdiction (see `extractionInputOf`); null or absent otherwise.
   */
  publisherRegion?: string | null;
  /** The page is a practice of a best-practice library (a source with `practiceLibrary`, see `extractionInputOf`). */
  libraryPractice?: boolean;
}

/** Fields an editor may override; the stored machine fields stay untouched beside them. */
export type OverridableField =
  | 'title'
  | 'lead'
  | 'isPracticeAnnouncement'
  | 'practices'
  | 'regions'
  | 'organisations'
  | 'people'
  | 'platforms'
  | 'figures'
  | 'topics'
  | 'publishedAt';

export type Overrides = Partial<Pick<ExtractionRecord, OverridableField>>;

/** Editorial states of a record. */
export const REVIEW_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** Where a practice record was reported: one entry per article (near-duplicates merge here). */
export interface SourceReference {
  sourceId: string;
  url: string;
  title: string;
  publishedAt: string | null;
  /** Key of the raw snapshot in the raw-page store. */
  rawKey: string | null;
  fetchedAt: string;
}

/** Editorial state, kept apart from what extraction produced. */
export interface EditorialState {
  status: ReviewStatus;
  reviewer: string | null;
  reviewedAt: string | null;
  rejectReason: string | null;
  overrides: Overrides;
  /** Optimistic-locking version, incremented by every write. */
  version: number;
}

/** A snapshot of one source's state: conditional-GET validators and health. */
export interface SourceHealth {
  sourceId: string;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastNewItemAt: string | null;
  consecutiveFailures: number;
  lastErrorCode: FailureCode | null;
  lastErrorMessage: string | null;
  /** Items seen by the last run (all entry points), and how many of them were new. */
  lastItemCount: number | null;
  lastNewItemCount: number | null;
  /** Hours between runs the source is expected to have new material within. */
  expectedCadenceHours: number;
  /** Until when the scheduler leaves the source alone after failures (exponential, ≤ 24 h). */
  backoffUntil: string | null;
  /** Derived: ok | degraded | failing | stale | never-run. */
  status: HealthStatus;
  /**
   * The entry points that gave the last reached run its listings, one per group; `fallback` when it
   * is not the group's first (absent on states written before entry-point fallback existed).
   */
  workingEntryPoints?: WorkingEntryPoint[];
  /** Why the source is `degraded` (a fallback entry point, the generic extractor); empty when it is not. */
  degradedReasons?: string[];
}

/** An entry point that worked in a source's last reached run. */
export interface WorkingEntryPoint {
  url: string;
  label: string;
  kind: EntryKind;
  /** True when an earlier entry point of its group failed, or it was autodiscovered. */
  fallback: boolean;
  /** True when it was found in an HTML list's `<link rel="alternate">`, not listed in the profile. */
  discovered?: boolean;
}

/**
 * A source's derived health. `degraded`: it works, but on a fallback entry point or the generic
 * extractor, so the operator should look before it breaks for good.
 */
export const HEALTH_STATUSES = ['ok', 'degraded', 'failing', 'stale', 'never-run'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** Conditional-GET validators, per entry-point URL. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}
