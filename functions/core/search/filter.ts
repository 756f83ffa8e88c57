import { effectiveRecord, isPublic } from '../practices/practice-identity.js';
import type { PracticeFilter, PracticeItem, ReviewFilter } from '../ports.js';
import { filterBound } from '../validation.js';

/**
 * Whether a record passes a listing's filters (all but `q`), read from the record itself: search
 * ranks by relevance, so the date-ordered listings cannot serve its filters. The same rules as the
 * listings' (`adapters/dynamo/practice-index.ts`): effective regions, organisations and topics,
 * any of the record's sources, and the publication instant (creation when unknown) within bounds.
 */
export function matchesFilter(item: PracticeItem, filter: Omit<PracticeFilter, 'q'>): boolean {
  const eff = effectiveRecord(item);
  if (filter.region && !eff.regions.some((r) => r.code === filter.region)) return false;
  if (filter.organisation && !eff.organisations.some((o) => o.id === filter.organisation)) return false;
  if (filter.topic && !eff.topics.includes(filter.topic)) return false;
  if (filter.source && eff.sourceId !== filter.source && !item.sources.some((s) => s.sourceId === filter.source)) return false;
  if (filter.from || filter.to) {
    const published = Date.parse(eff.publishedAt ?? '');
    const instant = new Date(Number.isNaN(published) ? Date.parse(item.createdAt) : published).toISOString();
    const from = filter.from ? filterBound(filter.from, 'from') : null;
    const to = filter.to ? filterBound(filter.to, 'to') : null;
    if (from && instant < from) return false;
    if (to && instant > to) return false;
  }
  return true;
}

/**
 * What an audience's search may return: the public only approved announcements (`isPublic`),
 * editors the review queue's status (default `pending`) and classifier verdict (default
 * `positive`), as the listings they replace; both with the other filters.
 */
export function searchAccept(filter: ReviewFilter, audience: 'public' | 'editor'): (item: PracticeItem) => boolean {
  if (audience === 'public') return (item) => isPublic(item) && matchesFilter(item, filter);
  const status = filter.status ?? 'pending';
  const classified = filter.classified ?? 'positive';
  return (item) =>
    item.editorial.status === status &&
    (classified === 'all' || item.extraction.isPracticeAnnouncement === (classified === 'positive')) &&
    matchesFilter(item, filter);
}
