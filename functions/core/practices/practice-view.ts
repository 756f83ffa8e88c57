import type { EditorialState, ExtractionRecord, Overrides, ReviewStatus } from '../model.js';
import type { PracticeItem } from '../ports.js';
import { effectiveRecord } from './practice-identity.js';
import { storyOf } from '../stories/story-record.js';

/** Who a view is for: the public sees effective values only, editors also the editorial state. */
export type Audience = 'public' | 'editor';

/** One article that reported a practice, as the API shows it. */
export interface PracticeSourceView {
  sourceId: string;
  url: string;
  title: string;
  publishedAt: string | null;
  fetchedAt: string;
  rawKey: string | null;
}

/** The JSON shape of a practice record in the API: machine fields merged with editors' overrides. */
export interface PracticeView
  extends Pick<
    ExtractionRecord,
    | 'title'
    | 'lead'
    | 'url'
    | 'sourceId'
    | 'publishedAt'
    | 'language'
    | 'isPracticeAnnouncement'
    | 'confidence'
    | 'reasons'
    | 'practices'
    | 'regions'
    | 'organisations'
    | 'people'
    | 'platforms'
    | 'figures'
    | 'topics'
    | 'author'
  > {
  id: string;
  /** The story (the same news told by other sources or in another language) the record belongs to. */
  storyId: string;
  sources: PracticeSourceView[];
  /** Editor audience only from here on. */
  bodyText?: string;
  status?: ReviewStatus;
  reviewer?: string | null;
  reviewedAt?: string | null;
  rejectReason?: string | null;
  overrides?: Overrides;
  /** The machine fields before overrides. */
  machine?: Omit<ExtractionRecord, 'bodyText'>;
  version?: EditorialState['version'];
  change?: PracticeItem['change'] | null;
  createdAt?: string;
  updatedAt?: string;
}

/**
 * Turns a stored record into the plain JSON object the API returns to `audience`. Mentions are
 * copied one level deep (they are flat objects): cheap enough for every row of every page.
 */
export function toPracticeView(item: PracticeItem, options: { audience: Audience }): PracticeView {
  const eff = effectiveRecord(item);
  const view: PracticeView = {
    id: item.id,
    storyId: storyOf(item),
    title: eff.title,
    lead: eff.lead,
    url: eff.url,
    sourceId: eff.sourceId,
    publishedAt: eff.publishedAt,
    language: eff.language,
    isPracticeAnnouncement: eff.isPracticeAnnouncement,
    confidence: eff.confidence,
    reasons: [...eff.reasons],
    practices: eff.practices.map((p) => ({ ...p })),
    regions: eff.regions.map((r) => ({ ...r })),
    organisations: eff.organisations.map((o) => ({ ...o })),
    people: eff.people.map((p) => ({ ...p })),
    platforms: eff.platforms.map((p) => ({ ...p })),
    figures: eff.figures.map((f) => ({ ...f })),
    topics: [...eff.topics],
    sources: item.sources.map((s) => ({
      sourceId: s.sourceId,
      url: s.url,
      title: s.title,
      publishedAt: s.publishedAt,
      fetchedAt: s.fetchedAt,
      rawKey: s.rawKey,
    })),
    author: eff.author,
  };
  if (options.audience === 'public') return view;
  const { bodyText: _body, ...machine } = item.extraction;
  return {
    ...view,
    bodyText: item.extraction.bodyText,
    status: item.editorial.status,
    reviewer: item.editorial.reviewer,
    reviewedAt: item.editorial.reviewedAt,
    rejectReason: item.editorial.rejectReason,
    overrides: structuredClone(item.editorial.overrides),
    machine: structuredClone(machine),
    version: item.editorial.version,
    change: item.change ? { ...item.change } : null,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}
