import type * as z from 'zod';
import type { HistoryEntry } from '../core/ports.js';
import type {
  editorActionBodySchema,
  editorPracticeListSchema,
  editorPracticeSchema,
  historyListSchema,
  problemSchema,
  reviewQuerySchema,
  sourceActivitySchema,
  sourceListSchema,
} from '../handlers/api/schemas.js';
import type { editorStoryListSchema, editorStorySchema, storyActionBodySchema, storyHistoryListSchema, timelineSchema } from '../handlers/api/story-schemas.js';
import type { StoryHistoryEntry } from '../core/stories/story-types.js';

// The types of the editors' console (checked by `tsc -p functions/console`, its JavaScript by
// JSDoc): what the API answers comes from the very schemas the API validates and documents with,
// and the enumerations the console labels from those schemas or from core. Types only: nothing
// here reaches the browser.

/** How the console signs editors in: a pasted local token, or Cognito's hosted UI with PKCE. */
export type ConsoleAuthConfig =
  | { mode: 'local' }
  | {
      mode: 'cognito';
      /** Hosted UI base, e.g. `https://practice-watch.auth.eu-central-1.amazoncognito.com`. */
      domain: string;
      clientId: string;
      scopes: string[];
      /** Where the hosted UI sends the browser back to: the console's own URL. */
      redirectUri: string;
    };

/** The console's `config.json`: where the API is ('' for the same origin) and how to sign in. */
export interface ConsoleConfig {
  apiBaseUrl: string;
  auth: ConsoleAuthConfig;
}

/** The console's `catalogues.json`: the catalogues' ids and names, offered as filter suggestions. */
export interface ConsoleCatalogues {
  regions: Array<[code: string, name: string]>;
  organisations: Array<[id: string, name: string]>;
  /** Topic ids and names (the public page's topic filter); absent in files published before it. */
  topics?: Array<[id: string, name: string]>;
}

/** A practice as `GET /review` and `PATCH /practices/{id}` answer it. */
export type EditorPractice = z.output<typeof editorPracticeSchema>;
export type EditorPracticeList = z.output<typeof editorPracticeListSchema>;
export type HistoryList = z.output<typeof historyListSchema>;
export type HistoryRow = HistoryList['items'][number];
export type SourceList = z.output<typeof sourceListSchema>;
/** `GET /sources/activity`: approved items per Moscow day per source. */
export type SourceActivity = z.output<typeof sourceActivitySchema>;
export type SourceView = SourceList['items'][number];
/** An RFC 9457 problem as the API sends it. */
export type Problem = z.output<typeof problemSchema>;
/** The body of `PATCH /practices/{id}`. */
export type EditorActionBody = z.input<typeof editorActionBodySchema>;
/** The filters of `GET /review`, as the console keeps them (every value a string, as in a URL). */
export type ReviewFilters = { [K in keyof z.input<typeof reviewQuerySchema>]?: string };

export type ReviewStatus = EditorPractice['status'];
export type ClassifiedFilter = z.output<typeof reviewQuerySchema>['classified'];
export type RegionRole = EditorPractice['regions'][number]['role'];
export type Language = EditorPractice['language'];
export type HealthStatus = SourceView['health']['status'];
/** What a history row says happened (the API's schema leaves it a string; core names them). */
export type HistoryAction = HistoryEntry['action'];
/** A field of a practice, as history changes and overrides name them. */
export type PracticeField = keyof EditorPractice;

/** A story as `GET /review/stories/{id}` and `PATCH /stories/{id}` answer it (every article, version, links). */
export type EditorStory = z.output<typeof editorStorySchema>;
export type EditorStoryList = z.output<typeof editorStoryListSchema>;
export type StoryHistoryList = z.output<typeof storyHistoryListSchema>;
/** The body of `PATCH /stories/{id}`. */
export type StoryActionBody = z.input<typeof storyActionBodySchema>;
/** A practice's timeline (origin, recognitions, adopters, events). */
export type Timeline = z.output<typeof timelineSchema>;
export type TimelineEventKind = Timeline['events'][number]['kind'];
/** What a story history row says happened (the API's schema leaves it a string; core names them). */
export type StoryHistoryAction = StoryHistoryEntry['action'];

/** One federal subject with an outline on the map; `centre` is where flows start and end (viewBox units). */
export interface MapRegion {
  code: string;
  name: string;
  /** SVG path data, already projected and fitted to the viewBox. */
  d: string;
  centre: [number, number];
}

/** `russia-map.json`, built by `functions/console/russia-map.ts` from the geodata package. */
export interface RussiaMap {
  viewBox: string;
  regions: MapRegion[];
  /** Catalogue subjects the package has no outline for, in catalogue order: drawn as tiles. */
  unmapped: Array<{ code: string; name: string }>;
  /** The geodata's attribution link and its licence file (relative to the map file). */
  attribution: { text: string; url: string; licence: string };
}
