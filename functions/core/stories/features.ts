import { figureWeight } from './figures.js';
import type { ArticleProfile } from './profile.js';
import { cosine } from './profile.js';
import { sameSurname } from './transliterate.js';

/**
 * The similarity features of a pair of articles, each in [0, 1], named so that a model's weights
 * and an editor's explanation can refer to them. Entities are compared as language-independent
 * keys (so a Russian article and its English retelling share them); conflicts (both name regions,
 * people or figures, and none agree) are features of their own so that a learned model can let
 * them outweigh everything two templated texts about different regions have in common.
 */
export const FEATURE_NAMES = [
  'regions',
  'sameOrigin',
  'regionConflict',
  'originConflict',
  'organisations',
  'people',
  'peopleConflict',
  'figures',
  'figureConflict',
  'platforms',
  'topics',
  'topicConflict',
  'practiceName',
  'practiceConflict',
  'nothingButNames',
  'text',
  'crossLanguage',
  'title',
  'dateClose',
  'dateFar',
  'closeButUnspecific',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export type FeatureVector = Record<FeatureName, number>;

/** A feature's value with what it matched, for the reasons shown to editors. */
export interface PairComparison {
  features: FeatureVector;
  /** What each non-zero feature rests on ('RU-MOW', 'Bagreeva', '121', '2 days apart'). */
  evidence: Partial<Record<FeatureName, string>>;
}

const DAY = 24 * 3600 * 1000;
/**
 * Days within which two articles can tell the same news (republications, retellings, translations);
 * articles further apart are different events, however alike (a story's follow-up is linked through
 * the practice's timeline instead).
 */
export const STORY_WINDOW_DAYS = 14;
/** Days beyond which two articles are different events even when they tell of the same practice. */
const FAR_DAYS = 30;

function overlap<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): { value: number; shared: T[] } {
  if (a.size === 0 || b.size === 0) return { value: 0, shared: [] };
  const shared = [...a].filter((x) => b.has(x));
  return { value: shared.length / Math.min(a.size, b.size), shared };
}

function bestPracticeMatch(a: ArticleProfile, b: ArticleProfile): number {
  let best = 0;
  for (const x of a.practices) {
    for (const y of b.practices) {
      const { value } = overlap(x, y);
      // Overlap of one word out of a long name says little: require two shared keys for full credit.
      const shared = [...x].filter((k) => y.has(k)).length;
      best = Math.max(best, shared >= 2 ? value : value / 2);
    }
  }
  return best;
}

/** Days between two articles' publication, or null when a date is unknown. */
export function daysApart(a: ArticleProfile, b: ArticleProfile): number | null {
  return a.publishedAt === null || b.publishedAt === null ? null : Math.abs(a.publishedAt - b.publishedAt) / DAY;
}

/** Compares two article profiles. Symmetric: `comparePair(a, b)` and `comparePair(b, a)` agree. */
export function comparePair(a: ArticleProfile, b: ArticleProfile): PairComparison {
  const evidence: PairComparison['evidence'] = {};
  const codesA = new Set(a.regions.keys());
  const codesB = new Set(b.regions.keys());
  const regions = overlap(codesA, codesB);
  if (regions.shared.length) evidence.regions = regions.shared.join(', ');
  const sameOrigin = overlap(a.origins, b.origins);
  if (sameOrigin.shared.length) evidence.sameOrigin = sameOrigin.shared.join(', ');
  const regionConflict = codesA.size > 0 && codesB.size > 0 && regions.shared.length === 0 ? 1 : 0;
  if (regionConflict) evidence.regionConflict = `${[...codesA].join(', ')} vs ${[...codesB].join(', ')}`;
  const originConflict = a.origins.size > 0 && b.origins.size > 0 && sameOrigin.shared.length === 0 ? 1 : 0;
  if (originConflict) evidence.originConflict = `${[...a.origins].join(', ')} vs ${[...b.origins].join(', ')}`;

  const organisations = overlap(a.organisations, b.organisations);
  if (organisations.shared.length) evidence.organisations = organisations.shared.join(', ');

  const matchedPeople = a.people.filter((x) => b.people.some((y) => sameSurname(x.key, y.key)));
  const people = a.people.length && b.people.length ? Math.min(1, matchedPeople.length / Math.min(a.people.length, b.people.length)) : 0;
  if (matchedPeople.length) evidence.people = matchedPeople.map((p) => p.name).join(', ');
  const peopleConflict = a.people.length > 0 && b.people.length > 0 && matchedPeople.length === 0 ? 1 : 0;
  if (peopleConflict) evidence.peopleConflict = `${a.people.map((p) => p.name).join(', ')} vs ${b.people.map((p) => p.name).join(', ')}`;

  const sharedFigures = [...a.figures].filter((value) => b.figures.has(value));
  // Two or three telling numbers make a fingerprint; one small number ('24', '11') is a coincidence.
  const figures = Math.min(1, sharedFigures.reduce((sum, value) => sum + figureWeight(value), 0) / 2);
  if (sharedFigures.length) evidence.figures = sharedFigures.join(', ');
  const figureConflict = a.figures.size >= 2 && b.figures.size >= 2 && sharedFigures.length === 0 ? 1 : 0;
  if (figureConflict) evidence.figureConflict = `${[...a.figures].slice(0, 4).join(', ')} vs ${[...b.figures].slice(0, 4).join(', ')}`;

  const platforms = overlap(a.platforms, b.platforms);
  if (platforms.shared.length) evidence.platforms = platforms.shared.join(', ');
  const topics = overlap(a.topics, b.topics);
  if (topics.shared.length) evidence.topics = topics.shared.join(', ');
  const topicConflict = a.topics.size > 0 && b.topics.size > 0 && topics.shared.length === 0 ? 1 : 0;
  if (topicConflict) evidence.topicConflict = `${[...a.topics].join(', ')} vs ${[...b.topics].join(', ')}`;
  const practiceName = bestPracticeMatch(a, b);
  const practiceConflict = a.practices.length > 0 && b.practices.length > 0 && practiceName === 0 ? 1 : 0;

  const sameLanguage = a.language === b.language;
  // Across languages only cognates, names and acronyms meet, so the cosine runs about half as high
  // for the same content: doubled, it reads on the same scale as a same-language cosine.
  const cognates = cosine(a.cognateVector, b.cognateVector);
  const text = sameLanguage ? cognates : Math.min(1, 2 * cognates);
  const title = cosine(a.titleVector, b.titleVector);

  // Two items about one governor on one day share his name, his region and the date, and nothing else.
  const nothingButNames = sharedFigures.length === 0 && topics.shared.length === 0 && platforms.shared.length === 0 && practiceName === 0 && text < 0.1 ? 1 : 0;

  let dateClose = 0;
  let dateFar = 0;
  if (a.publishedAt !== null && b.publishedAt !== null) {
    const days = Math.abs(a.publishedAt - b.publishedAt) / DAY;
    dateClose = days <= STORY_WINDOW_DAYS ? Math.exp(-days / 3) : 0;
    dateFar = days > FAR_DAYS ? 1 : 0;
    evidence.dateClose = `${days < 1 ? 'the same day' : `${Math.round(days)} days apart`}`;
  }

  // The same news shares specifics: a figure, a person or the practice's name. Two articles of one
  // place and week that share none of them are neighbours in time, not retellings.
  const closeButUnspecific = dateClose > 0 && sharedFigures.length === 0 && matchedPeople.length === 0 && practiceName === 0 ? dateClose : 0;

  const features: FeatureVector = {
    regions: regions.value,
    sameOrigin: sameOrigin.value,
    regionConflict,
    originConflict,
    organisations: organisations.value,
    people,
    peopleConflict,
    figures,
    figureConflict,
    platforms: platforms.value,
    topics: topics.value,
    topicConflict,
    practiceName,
    practiceConflict,
    nothingButNames,
    text,
    crossLanguage: sameLanguage ? 0 : 1,
    title,
    dateClose,
    dateFar,
    closeButUnspecific,
  };
  if (practiceName) evidence.practiceName = practiceName.toFixed(2);
  if (text) evidence.text = `${text.toFixed(2)}${sameLanguage ? '' : ' (across languages)'}`;
  if (!sameLanguage) evidence.crossLanguage = `${a.language}/${b.language}`;
  if (title) evidence.title = title.toFixed(2);
  if (dateFar) evidence.dateFar = evidence.dateClose;
  if (closeButUnspecific) evidence.closeButUnspecific = 'no figure, person or practice name in common';
  return { features, evidence };
}
