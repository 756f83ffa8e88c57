import background from './background-terms.json' with { type: 'json' };
import { normaliseForMatching, wordsOf } from '../extraction/normalise.js';
import type { ExtractionRecord, Language, RegionRole } from '../model.js';
import { isDistinctiveFigure } from './figures.js';
import { cognateKey, surnameKey } from './transliterate.js';

/**
 * What story linking compares of one article, computed once from its extraction record: the
 * entities as comparable keys (region codes with roles, organisation and platform ids, surname
 * keys that agree across scripts, figure values) and two term vectors by cognate key (title; title
 * and body), which serve within a language as a crude stem and across Russian and English as the
 * place where names, acronyms and cognates meet.
 */
export interface ArticleProfile {
  /** Record id (or any caller's id of the article). */
  id: string;
  sourceId: string;
  url: string;
  language: Language;
  /** The classifier's (or the editor's) verdict: only announcements join practice timelines. */
  announcement: boolean;
  /** Publication instant (ms since the epoch), or null when unknown. */
  publishedAt: number | null;
  regions: Map<string, RegionRole>;
  origins: Set<string>;
  organisations: Set<string>;
  /** Surname keys ({@link surnameKey}), with the names as written for reasons. */
  people: Array<{ key: string; name: string }>;
  /** Figure values that identify a story (not small counts, not years). */
  figures: Set<number>;
  platforms: Set<string>;
  topics: Set<string>;
  /** Cognate keys of each practice name. */
  practices: Array<Set<string>>;
  /** Unit vectors by cognate key: the title, and the title with lead and body. */
  titleVector: Map<string, number>;
  cognateVector: Map<string, number>;
}

/** Document frequencies of common terms in a background corpus; rarer terms weigh more. */
export interface BackgroundTerms {
  documents: number;
  cognates: Record<string, number>;
}

const DEFAULT_BACKGROUND: BackgroundTerms = background as BackgroundTerms;

/** Words read from an article: enough to judge similarity, bounded so that a huge page stays cheap. */
const MAX_WORDS = 1500;

/** Lines that are site furniture, not the article ('Read more … Telegram', 'Author: …'). */
const FURNITURE = /^(read more|подробнее|читайте|author|автор|фото|photo|source|источник)\b/i;

function articleText(record: Pick<ExtractionRecord, 'title' | 'lead' | 'bodyText'>): string {
  const body = record.bodyText
    .split('\n')
    .filter((line) => !FURNITURE.test(line.trim()))
    .join('\n');
  return [record.title, record.lead ?? '', body].join('\n');
}

function idf(df: number | undefined, documents: number): number {
  return Math.log((documents + 1) / ((df ?? 1) + 1)) + 1;
}

/** Unit-length TF·IDF vector (log-scaled counts) of the given terms. */
function vectorOf(terms: string[], table: Record<string, number>, documents: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  const vector = new Map<string, number>();
  let norm = 0;
  for (const [term, count] of counts) {
    const weight = (1 + Math.log(count)) * idf(table[term], documents);
    vector.set(term, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [term, weight] of vector) vector.set(term, weight / norm);
  return vector;
}

/** Cosine of two unit vectors. */
export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, weight] of small) dot += weight * (large.get(term) ?? 0);
  return Math.min(1, Math.max(0, dot));
}

/** Cognate keys of a text's words, the first {@link MAX_WORDS} only. */
export function termsOf(text: string): string[] {
  const cognates: string[] = [];
  for (const word of wordsOf(normaliseForMatching(text)).slice(0, MAX_WORDS)) {
    const cognate = cognateKey(word);
    if (cognate) cognates.push(cognate);
  }
  return cognates;
}

/** The profile of one extraction record (with the editors' overrides already applied, if any). */
export function profileOf(
  id: string,
  record: ExtractionRecord,
  terms: BackgroundTerms = DEFAULT_BACKGROUND,
): ArticleProfile {
  const regions = new Map<string, RegionRole>();
  for (const region of record.regions) regions.set(region.code, region.role);
  // Names have features of their own (people, regions): left in the text they would make two
  // different news items of one governor on one day look alike, in any language.
  const names = new Set(termsOf([...record.people.map((p) => p.name), ...record.regions.map((r) => r.name)].join(' ')));
  const text = termsOf(articleText(record)).filter((key) => !names.has(key));
  const title = termsOf(record.title).filter((key) => !names.has(key));
  const published = record.publishedAt ? Date.parse(record.publishedAt) : Number.NaN;
  const people = new Map<string, string>();
  for (const person of record.people) {
    const key = surnameKey(person.name);
    if (key.length >= 3 && !people.has(key)) people.set(key, person.name);
  }
  return {
    id,
    sourceId: record.sourceId,
    url: record.url,
    language: record.language,
    announcement: record.isPracticeAnnouncement,
    publishedAt: Number.isNaN(published) ? null : published,
    regions,
    origins: new Set(record.regions.filter((r) => r.role === 'origin').map((r) => r.code)),
    organisations: new Set(record.organisations.map((o) => o.id)),
    people: [...people].map(([key, name]) => ({ key, name })),
    figures: new Set(record.figures.map((f) => f.value).filter(isDistinctiveFigure)),
    platforms: new Set(record.platforms.map((p) => p.id)),
    topics: new Set(record.topics),
    practices: record.practices.map((p) => new Set(termsOf(p.name))).filter((keys) => keys.size > 0),
    titleVector: vectorOf(title, terms.cognates, terms.documents),
    cognateVector: vectorOf(text, terms.cognates, terms.documents),
  };
}
