import catalogue from '../catalogues/topics.json' with { type: 'json' };
import { defineWordClass, type Token } from './lexicon.js';

/** One topic of the catalogue (see `catalogues/topics.json`). */
export interface TopicEntry {
  id: string;
  name: string;
  nameEn: string;
  names: string[];
  cues: string[];
}

export const TOPICS: readonly TopicEntry[] = catalogue.topics;

interface CompiledCue {
  topic: number;
  named: boolean;
  /** Word beginnings, one per consecutive word. */
  words: string[];
}

const PREFIX = 3;
/** Cues by the first letters of their first word: one map lookup per word of the text. */
const cuesByPrefix = new Map<string, CompiledCue[]>();
TOPICS.forEach((topic, index) => {
  for (const [list, named] of [[topic.names, true], [topic.cues, false]] as const) {
    for (const cue of list) {
      const words = cue.split(/\s+/);
      const prefix = words[0]!.slice(0, PREFIX);
      const compiled = cuesByPrefix.get(prefix) ?? [];
      compiled.push({ topic: index, named, words });
      cuesByPrefix.set(prefix, compiled);
    }
  }
});

/** Words some cue's first word begins: most words are passed over with a bit test. */
const CUE_START = defineWordClass((folded) => (cuesByPrefix.get(folded.slice(0, PREFIX)) ?? []).some((cue) => folded.startsWith(cue.words[0]!)));

function matchesAt(tokens: readonly Token[], i: number, words: readonly string[]): boolean {
  let k = i;
  for (const word of words) {
    while (tokens[k] && !tokens[k]!.isWord) k += 1;
    if (!tokens[k] || !tokens[k]!.folded.startsWith(word)) return false;
    k += 1;
  }
  return true;
}

const MAX_TOPICS = 4;

/**
 * Topics of a text: a topic named outright ('регионального и муниципального управления') counts at
 * once; otherwise it takes cue words of at least two different stems. Cue words match word
 * beginnings on folded text ('мигра' matches 'миграционный').
 */
export function findTopics(tokens: readonly Token[]): string[] {
  const named = new Set<number>();
  const cueKeys = new Map<number, Set<string>>();
  tokens.forEach((token, i) => {
    if (!(token.classes & CUE_START)) return;
    const candidates = cuesByPrefix.get(token.folded.slice(0, PREFIX));
    if (!candidates) return;
    for (const cue of candidates) {
      if (!matchesAt(tokens, i, cue.words)) continue;
      if (cue.named) named.add(cue.topic);
      else {
        const keys = cueKeys.get(cue.topic) ?? new Set<string>();
        keys.add(token.key);
        cueKeys.set(cue.topic, keys);
      }
    }
  });
  const scored = TOPICS.map((topic, i) => ({ id: topic.id, score: (named.has(i) ? 10 : 0) + (cueKeys.get(i)?.size ?? 0) }))
    .filter((topic, i) => named.has(i) || topic.score >= 2)
    .sort((a, b) => b.score - a.score);
  return scored.slice(0, MAX_TOPICS).map((topic) => topic.id);
}
