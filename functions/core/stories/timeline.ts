import { normaliseForMatching } from '../extraction/normalise.js';
import type { ExtractionRecord } from '../model.js';

/**
 * A practice's path across regions and time: its stories in date order, each an event (selected
 * or recommended, awarded, added to a library, adopted by another region), and the summary users
 * ask for: where it came from, who selected or recommended it and when, who adopted it and when.
 */

export type EventKind = 'selected' | 'awarded' | 'library' | 'adopted';

/**
 * What kind of event a story's articles report, with what decided it. The headline names the news
 * ('… стал победителем конкурса', 'Курганская область внедрит челябинскую систему', 'Tomsk Region
 * adopts …'), so a cue there wins; the body is background and only decides when the headline does
 * not: an award story that recalls an earlier adopter is still an award. Without a headline cue, an
 * adoption shows in the roles (a region taking up another's practice); body talk of regions that
 * 'will adopt' the practice is the usual coda of a selection and does not count.
 */
export function eventKindOf(records: readonly ExtractionRecord[]): { kind: EventKind; reason: string } {
  const titles = normaliseForMatching(records.map((r) => r.title).join('\n'));
  const text = normaliseForMatching(records.map((r) => `${r.title}\n${r.lead ?? ''}\n${r.bodyText}`).join('\n'));
  const adopting = ADOPTION.exec(titles);
  if (adopting) return { kind: 'adopted', reason: `headline: «${adopting[0]}»` };
  const awardTitle = AWARD.exec(titles);
  if (awardTitle) return { kind: 'awarded', reason: `headline: «${awardTitle[0]}»` };
  const libraryTitle = LIBRARY_TITLE.exec(titles);
  if (libraryTitle) return { kind: 'library', reason: `headline: «${libraryTitle[0]}»` };
  const origins = new Set(records.flatMap((r) => r.regions.filter((region) => region.role === 'origin').map((region) => region.code)));
  const adopters = [...new Set(records.flatMap((r) => r.regions.filter((region) => region.role === 'adopter' && !origins.has(region.code)).map((region) => region.code)))];
  if (adopters.length) return { kind: 'adopted', reason: `adopter region ${adopters.join(', ')}` };
  const award = AWARD.exec(text);
  if (award) return { kind: 'awarded', reason: `«${award[0]}»` };
  const library = LIBRARY_BODY.exec(text);
  if (library) return { kind: 'library', reason: `«${library[0]}»` };
  return { kind: 'selected', reason: 'selected or recommended for replication' };
}

// Word beginnings on folded text (lower case, ё → е); a handful per kind, in both languages.
const ADOPTION = /(?<![\p{L}])(?:перенима(?:ет|ют)|переня(?:л|ла|ли|ло)|перейм(?:ет|ут)|внедрит|внедрят|внедряет|внедрила|запустит|заработает|по (?:образцу|модели|примеру) \p{L}+|по \p{L}+ (?:образцу|модели)|adopts?|adopted|adopting|modell?ed on|on the \p{L}+ model)(?![\p{L}])/u;
const AWARD = /(?<![\p{L}])(?:победител\p{L}*|лауреат\p{L}*|призер\p{L}*|первое место|победил\p{L}*|winners?|won|wins|first place|prize\p{L}*)(?![\p{L}])/u;
const LIBRARY_TITLE = /(?:смартек\p{L}*|smartek\p{L}*|smartec\p{L}*)/u;
const LIBRARY_BODY = /(?:(?:вошл|включ|добавл|размещ)\p{L}* в (?:библиотек\p{L}*|«?смартек\p{L}*)|(?:added|included) (?:to|in) (?:the |its )?(?:smartek|smartec)\p{L}*)/u;

/** One story of a timeline, as the timeline shows it. */
export interface TimelineEvent {
  storyId: string;
  /** Earliest publication among the story's articles (ISO), or null. */
  date: string | null;
  kind: EventKind;
  title: string;
  origins: string[];
  adopters: string[];
  /** Organisations named: who selected, recommended or awarded. */
  organisations: string[];
  sources: string[];
}

export interface TimelineView {
  id: string;
  /** Regions the practice comes from: the origin named most often across the events. */
  origins: string[];
  /** Who selected, recommended, awarded or listed it, and when (one entry per event). */
  recognitions: Array<{ storyId: string; date: string | null; kind: Exclude<EventKind, 'adopted'>; organisations: string[] }>;
  /** Regions that adopted it, with the first date each did. */
  adopters: Array<{ region: string; date: string | null; storyId: string }>;
  events: TimelineEvent[];
}

function earliest(dates: Array<string | null>): string | null {
  const known = dates.filter((d): d is string => d !== null && !Number.isNaN(Date.parse(d)));
  if (known.length === 0) return null;
  return known.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}

function byDate(a: { date: string | null; storyId: string }, b: { date: string | null; storyId: string }): number {
  const x = a.date ? Date.parse(a.date) : Number.POSITIVE_INFINITY;
  const y = b.date ? Date.parse(b.date) : Number.POSITIVE_INFINITY;
  return x - y || (a.storyId < b.storyId ? -1 : a.storyId > b.storyId ? 1 : 0);
}

/** Builds a timeline from its stories (each with its articles' effective records). */
export function buildTimeline(id: string, stories: ReadonlyArray<{ storyId: string; records: readonly ExtractionRecord[] }>): TimelineView {
  const events: TimelineEvent[] = stories
    .filter((story) => story.records.length > 0)
    .map(({ storyId, records }) => {
      const origins = new Set(records.flatMap((r) => r.regions.filter((x) => x.role === 'origin').map((x) => x.code)));
      const adopters = new Set(records.flatMap((r) => r.regions.filter((x) => x.role === 'adopter' && !origins.has(x.code)).map((x) => x.code)));
      return {
        storyId,
        date: earliest(records.map((r) => r.publishedAt)),
        kind: eventKindOf(records).kind,
        title: records[0]!.title,
        origins: [...origins].sort(),
        adopters: [...adopters].sort(),
        organisations: [...new Set(records.flatMap((r) => r.organisations.map((o) => o.id)))].sort(),
        sources: [...new Set(records.map((r) => r.sourceId))].sort(),
      };
    })
    .sort(byDate);
  const originVotes = new Map<string, number>();
  for (const event of events) for (const code of event.origins) originVotes.set(code, (originVotes.get(code) ?? 0) + 1);
  const top = Math.max(0, ...originVotes.values());
  const origins = [...originVotes].filter(([, votes]) => votes === top && top > 0).map(([code]) => code).sort();
  const adopters: TimelineView['adopters'] = [];
  for (const event of events) {
    if (event.kind !== 'adopted') continue;
    // An adoption story's own subject is the adopter when roles say so; else the regions that are not the practice's origin.
    const taken = event.adopters.length ? event.adopters : event.origins.filter((code) => !origins.includes(code));
    for (const region of taken) if (!adopters.some((a) => a.region === region)) adopters.push({ region, date: event.date, storyId: event.storyId });
  }
  const recognitions = events
    .filter((event): event is TimelineEvent & { kind: Exclude<EventKind, 'adopted'> } => event.kind !== 'adopted')
    .map((event) => ({ storyId: event.storyId, date: event.date, kind: event.kind, organisations: event.organisations }));
  return { id, origins, recognitions, adopters, events };
}
