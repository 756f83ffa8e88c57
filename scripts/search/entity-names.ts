/**
 * Builds `functions/core/search/entity-names.json`: the catalogues' Russian and English names of
 * regions (with their English colloquial forms), organisations, platforms and topics, the only part
 * of the catalogues search needs. The API bundles carry this table (a few KB) instead of the whole
 * catalogues (75 KB of forms, cities and cues). `npx tsx scripts/search/entity-names.ts` rewrites it;
 * a test fails when it no longer matches the catalogues (so it is never edited by hand; it carries
 * no comment field saying so, since every byte of it is in the API bundles).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import organisations from '../../functions/core/catalogues/organisations.json' with { type: 'json' };
import platforms from '../../functions/core/catalogues/platforms.json' with { type: 'json' };
import regions from '../../functions/core/catalogues/regions.json' with { type: 'json' };
import topics from '../../functions/core/catalogues/topics.json' with { type: 'json' };
import { termsOf } from '../../functions/core/search/analyse.js';

export const ENTITY_NAMES_FILE = path.resolve(import.meta.dirname, '../../functions/core/search/entity-names.json');

/**
 * The distinct names, less any whose search terms another kept name already holds ('Adygea' beside
 * 'Republic of Adygea'): the index sees the same terms, and the API bundles carry fewer bytes.
 */
const unique = (names: string[]): string[] => {
  const distinct = [...new Set(names.filter(Boolean))];
  const terms = distinct.map((name) => new Set(termsOf(name)));
  return distinct.filter((_, i) => !distinct.some((__, j) => j !== i && terms[j]!.size > terms[i]!.size && [...terms[i]!].every((term) => terms[j]!.has(term))));
};

export function buildEntityNames() {
  return {
    regions: Object.fromEntries(regions.regions.map((r) => [r.code, unique([r.name, r.nameEn, ...r.formsEn])])),
    organisations: Object.fromEntries(organisations.organisations.map((o) => [o.id, unique([o.name, o.nameEn])])),
    platforms: Object.fromEntries(platforms.platforms.map((p) => [p.id, unique([p.name, p.nameEn])])),
    topics: Object.fromEntries(topics.topics.map((t) => [t.id, unique([t.name, t.nameEn])])),
  };
}

export function entityNamesJson(): string {
  return `${JSON.stringify(buildEntityNames(), null, 1)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(ENTITY_NAMES_FILE, entityNamesJson());
  console.log(`wrote ${ENTITY_NAMES_FILE}`);
}
