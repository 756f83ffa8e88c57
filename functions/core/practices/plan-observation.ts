import { NEAR_DUPLICATE_MAX_DISTANCE, hammingDistance } from '../dedupe/simhash.js';
import { NotFoundError } from '../errors.js';
import { normaliseForMatching, wordsOf } from '../extraction/normalise.js';
import type { ExtractionRecord, SourceReference } from '../model.js';
import type { ArticleObservation, HistoryEntry, PracticeItem } from '../ports.js';
import { practiceIdForUrl } from './practice-identity.js';
import { diff, historyEntry } from './record-history.js';
import { capExtraction, capSource, MAX_PREVIOUS_BODY_BYTES, MAX_SHORT_TEXT_BYTES, MAX_SOURCES, truncateUtf8 } from './record-limits.js';

/** What the repository remembers about one URL: its record and what was last stored from it. */
export interface UrlRow {
  url: string;
  id: string;
  contentHash: string;
  extractorVersion: string;
}

/** What recording one observed article does; every repository carries it out the same way. */
export type ObservationPlan =
  | { kind: 'unchanged'; id: string }
  | {
      kind: 'created' | 'updated' | 'changed' | 'merged';
      id: string;
      item: PracticeItem;
      /** The record before this write (null on create): its index rows are the ones to replace. */
      previous: PracticeItem | null;
      history: HistoryEntry;
      urlRow: UrlRow;
      /** True when the URL row is new (conditional create), false when it is overwritten. */
      newUrl: boolean;
    };

const TRACKED_FIELDS = [
  'title',
  'lead',
  'publishedAt',
  'isPracticeAnnouncement',
  'practices',
  'regions',
  'organisations',
  'topics',
] as const satisfies ReadonlyArray<keyof ExtractionRecord>;

function normalisedTitle(title: string): string {
  return wordsOf(normaliseForMatching(title)).join(' ');
}

/**
 * Decides what recording one observed article does. `existing` is the record already holding the
 * URL (with the URL's row), `mergeTarget` the record a near-duplicate joins when the URL is new.
 * Machine writes never touch overrides or decisions, except that a material change of the primary
 * article sends the record back to `pending` with the previous title and text kept in `change`.
 */
export function planObservation(input: {
  observation: ArticleObservation;
  existing: { item: PracticeItem; urlRow: UrlRow } | null;
  mergeInto?: string | undefined;
  mergeTarget?: PracticeItem | null;
}): ObservationPlan {
  const { observation: obs, existing } = input;
  const url = obs.source.url;
  const urlRow: UrlRow = { url, id: '', contentHash: obs.contentHash, extractorVersion: obs.extraction.extractorVersion };
  if (existing) {
    const { item: old } = existing;
    urlRow.id = old.id;
    if (existing.urlRow.contentHash === obs.contentHash && existing.urlRow.extractorVersion === obs.extraction.extractorVersion) {
      return { kind: 'unchanged', id: old.id };
    }
    const version = old.editorial.version + 1;
    const sources = old.sources.map((s) => (s.url === url ? capSource(obs.source) : s));
    if (old.extraction.url !== url && old.extraction.url !== obs.extraction.url) {
      const item: PracticeItem = { ...old, sources, updatedAt: obs.observedAt, editorial: { ...old.editorial, version } };
      const history = historyEntry(item, obs.observedAt, 'system', 'machine-update', { [`source:${url}`]: { from: existing.urlRow.contentHash, to: obs.contentHash } });
      return { kind: 'updated', id: old.id, item, previous: old, history, urlRow, newUrl: false };
    }
    const material =
      old.contentHash !== obs.contentHash &&
      (normalisedTitle(old.extraction.title) !== normalisedTitle(obs.extraction.title) ||
        hammingDistance(old.simhash, obs.simhash) > NEAR_DUPLICATE_MAX_DISTANCE);
    const item: PracticeItem = {
      ...old,
      extraction: capExtraction(obs.extraction),
      sources,
      simhash: obs.simhash,
      contentHash: obs.contentHash,
      updatedAt: obs.observedAt,
      editorial: material ? { ...old.editorial, status: 'pending', rejectReason: null, version } : { ...old.editorial, version },
      change: material
        ? {
            detectedAt: obs.observedAt,
            previousTitle: truncateUtf8(old.extraction.title, MAX_SHORT_TEXT_BYTES),
            previousBodyText: truncateUtf8(old.extraction.bodyText, MAX_PREVIOUS_BODY_BYTES),
          }
        : (old.change ?? null),
    };
    const changes = diff(old.extraction as unknown as Record<string, unknown>, item.extraction as unknown as Record<string, unknown>, [...TRACKED_FIELDS, 'extractorVersion']);
    if (old.contentHash !== obs.contentHash) changes.contentHash = { from: old.contentHash, to: obs.contentHash };
    if (material && old.editorial.status !== 'pending') changes.status = { from: old.editorial.status, to: 'pending' };
    const history = historyEntry(item, obs.observedAt, 'system', material ? 'changed' : 'machine-update', changes);
    return { kind: material ? 'changed' : 'updated', id: old.id, item, previous: old, history, urlRow, newUrl: false };
  }
  if (input.mergeInto !== undefined) {
    const target = input.mergeTarget;
    if (!target) throw new NotFoundError(`record ${input.mergeInto} to merge into does not exist`, { id: input.mergeInto });
    urlRow.id = target.id;
    if (target.sources.some((s) => s.url === url)) return { kind: 'unchanged', id: target.id };
    const sources: SourceReference[] = target.sources.length < MAX_SOURCES ? [...target.sources, capSource(obs.source)] : target.sources;
    const item: PracticeItem = {
      ...target,
      sources,
      updatedAt: obs.observedAt,
      editorial: { ...target.editorial, version: target.editorial.version + 1 },
    };
    const history = historyEntry(item, obs.observedAt, 'system', 'merged', { sources: { from: null, to: url } });
    return { kind: 'merged', id: target.id, item, previous: target, history, urlRow, newUrl: true };
  }
  const id = practiceIdForUrl(url);
  urlRow.id = id;
  const item: PracticeItem = {
    id,
    extraction: capExtraction(obs.extraction),
    sources: [capSource(obs.source)],
    editorial: { status: 'pending', reviewer: null, reviewedAt: null, rejectReason: null, overrides: {}, version: 1 },
    simhash: obs.simhash,
    contentHash: obs.contentHash,
    createdAt: obs.observedAt,
    updatedAt: obs.observedAt,
    change: null,
    ...(obs.storyId ? { storyId: obs.storyId } : {}),
  };
  const history = historyEntry(item, obs.observedAt, 'system', 'created', {});
  return { kind: 'created', id, item, previous: null, history, urlRow, newUrl: true };
}
