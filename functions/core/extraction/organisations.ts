import organisationCatalogue from '../catalogues/organisations.json' with { type: 'json' };
import platformCatalogue from '../catalogues/platforms.json' with { type: 'json' };
import type { OrganisationMention, PlatformMention } from '../model.js';
import { PhraseTrie, type Token } from './lexicon.js';

/** One organisation of the catalogue (see `catalogues/organisations.json`). */
export interface OrganisationEntry {
  id: string;
  name: string;
  nameEn: string;
  federal: boolean;
  aliases: string[];
  aliasesEn: string[];
  abbreviations: string[];
}

/** One platform of the catalogue (see `catalogues/platforms.json`). */
export interface PlatformEntry {
  id: string;
  name: string;
  nameEn: string;
  aliases: string[];
  aliasesEn: string[];
}

export const ORGANISATIONS: readonly OrganisationEntry[] = organisationCatalogue.organisations;
export const PLATFORMS: readonly PlatformEntry[] = platformCatalogue.platforms;

/** A catalogue entry found in a text, with the tokens it spans. */
export interface CatalogueHit<T> {
  entry: T;
  start: number;
  end: number;
}

class CatalogueMatcher<T extends { aliases: string[]; aliasesEn: string[]; name: string; nameEn: string; abbreviations?: string[] }> {
  private readonly trie = new PhraseTrie<T>();
  private readonly abbreviations = new Map<string, T>();

  constructor(entries: readonly T[]) {
    for (const entry of entries) {
      for (const alias of [entry.name, entry.nameEn, ...entry.aliases, ...entry.aliasesEn]) this.trie.add(alias, entry);
      for (const abbreviation of entry.abbreviations ?? []) this.abbreviations.set(abbreviation, entry);
    }
  }

  find(tokens: readonly Token[]): Array<CatalogueHit<T>> {
    const hits: Array<CatalogueHit<T>> = [];
    for (let i = 0; i < tokens.length; ) {
      const token = tokens[i]!;
      if (!token.isWord || !(this.trie.startsWith(token.key) || this.abbreviations.has(token.surface))) {
        i += 1;
        continue;
      }
      const match = this.trie.longestAt(tokens, i);
      if (match) {
        hits.push({ entry: match.values[0]!, start: i, end: match.end });
        i = match.end;
        continue;
      }
      const abbreviation = this.abbreviations.get(token.surface);
      if (abbreviation) hits.push({ entry: abbreviation, start: i, end: i + 1 });
      i += 1;
    }
    return hits;
  }
}

const organisationMatcher = new CatalogueMatcher(ORGANISATIONS);
const platformMatcher = new CatalogueMatcher(PLATFORMS);

/** 'регионального Минтранса', 'the regional Ministry of Finance': a regional body, not the federal one. */
const REGIONAL_BEFORE = /^(регионал|областн|республиканск|краев|городск|муниципальн|окружн|местн|regional|local|city|municipal)/;
/** Words that may stand between a ministry's name and the region it belongs to. */
const LINKING = new Set(['of', 'the', 'по', 'for']);
/**
 * Regional ministries often carry a longer name than the federal one they resemble: 'министр
 * экономического развития и промышленности Калужской области', 'Minister of Economic Development
 * and Investment of the Samara Region'. These stems continue such a name after 'и'/'and'.
 */
const MINISTRY_CONTINUATION = /^(промышлен|инвест|торгов|предприним|инновац|труд|цифров|сельск|туризм|внешн|экономич|финанс|политик|энергет|транспорт|имуществ|конкурент|industr|invest|trade|innovat|entrepreneur|tourism|digital|agricult|labou?r|foreign|econom|financ|polic|energ|transport|propert)/;

/** Whether a region follows the organisation name ending before `from`, directly or after a compound name's continuation. */
function regionFollows(tokens: readonly Token[], from: number, regionStarts: ReadonlySet<number>): boolean {
  let next = from;
  while (tokens[next] && LINKING.has(tokens[next]!.folded)) next += 1;
  if (regionStarts.has(next)) return true;
  if (tokens[next]?.folded !== 'и' && tokens[next]?.folded !== 'and') return false;
  next += 1;
  let words = 0;
  while (tokens[next] && words < 4 && (MINISTRY_CONTINUATION.test(tokens[next]!.folded) || LINKING.has(tokens[next]!.folded) || tokens[next]!.folded === 'и' || tokens[next]!.folded === 'and')) {
    next += 1;
    words += 1;
  }
  return words > 0 && regionStarts.has(next);
}

/**
 * Organisations of the catalogue named in the tokens, once each, in order of first mention. A
 * federal body's name followed by a region ('Минфин Челябинской области') is that region's body and
 * is left out, as is one right after a region ('Chelyabinsk Region Ministry of Finance');
 * `regionStarts` and `regionEnds` hold the token indices where region mentions start and end. `hits` are all
 * matches, kept or not (their tokens are not people).
 */
export function findOrganisations(tokens: readonly Token[], regionStarts: ReadonlySet<number>, regionEnds: ReadonlySet<number> = new Set()): { organisations: OrganisationMention[]; hits: Array<CatalogueHit<OrganisationEntry>> } {
  const found = new Map<string, OrganisationMention>();
  const hits = organisationMatcher.find(tokens);
  for (const hit of hits) {
    if (hit.entry.federal) {
      if (REGIONAL_BEFORE.test(tokens[hit.start - 1]?.folded ?? '')) continue;
      // 'Chelyabinsk Region Ministry of Finance': a region right before the name.
      if (regionEnds.has(hit.start)) continue;
      if (regionFollows(tokens, hit.end, regionStarts)) continue;
    }
    if (!found.has(hit.entry.id)) found.set(hit.entry.id, { id: hit.entry.id, name: hit.entry.name });
  }
  return { organisations: [...found.values()], hits };
}

/** Platforms of the catalogue named in the tokens, once each. */
export function findPlatforms(tokens: readonly Token[]): PlatformMention[] {
  const found = new Map<string, PlatformMention>();
  for (const hit of platformMatcher.find(tokens)) {
    if (!found.has(hit.entry.id)) found.set(hit.entry.id, { id: hit.entry.id, name: hit.entry.name });
  }
  return [...found.values()];
}
