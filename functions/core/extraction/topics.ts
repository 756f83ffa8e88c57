import catalogue from '../catalogues/topics.json' with { type: 'json' };
import { keyOf } from './lexicon.js';

/** One topic of the catalogue (see `catalogues/topics.json`). */
export interface TopicEntry {
  id: string;
  name: string;
  nameEn: string;
  names: string[];
  cues: string[];
}

export const TOPICS: readonly TopicEntry[] = catalogue.topics;

/** A cue 'одн окн' becomes word beginnings in sequence: 'одн[\p{L}-]*\s+окн[\p{L}-]*'. */
function cueSource(cue: string): string {
  return cue
    .split(/\s+/)
    .map((word) => `${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\p{L}-]*`)
    .join('\\s+');
}

// One regex for the whole catalogue: a named group per topic and kind (n = named outright, c = cue).
const TOPIC_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${TOPICS.map((topic, i) => `(?<n${i}>${topic.names.map(cueSource).join('|')})|(?<c${i}>${topic.cues.map(cueSource).join('|')})`).join('|')})`,
  'gu',
);

const MAX_TOPICS = 4;

/**
 * Topics of a folded text: a topic named outright ('регионального и муниципального управления')
 * counts at once; otherwise it takes cue words of at least two different stems.
 */
export function findTopics(folded: string): string[] {
  const named = new Set<number>();
  const cueKeys = new Map<number, Set<string>>();
  for (const match of folded.matchAll(TOPIC_PATTERN)) {
    const groups = match.groups!;
    for (let i = 0; i < TOPICS.length; i += 1) {
      if (groups[`n${i}`] !== undefined) named.add(i);
      else if (groups[`c${i}`] !== undefined) {
        const keys = cueKeys.get(i) ?? new Set<string>();
        keys.add(keyOf(groups[`c${i}`]!.split(/\s+/)[0]!));
        cueKeys.set(i, keys);
      } else continue;
      break;
    }
  }
  const scored = TOPICS.map((topic, i) => ({ id: topic.id, score: (named.has(i) ? 10 : 0) + (cueKeys.get(i)?.size ?? 0) }))
    .filter((topic, i) => named.has(i) || topic.score >= 2)
    .sort((a, b) => b.score - a.score);
  return scored.slice(0, MAX_TOPICS).map((topic) => topic.id);
}
