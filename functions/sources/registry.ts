import type { SourceDefinition } from '../core/source-definition.js';
import { asiRu } from './asi-ru/source.js';
import { bashkortostanRu } from './bashkortostan-ru/source.js';
import { economyGovRu } from './economy-gov-ru/source.js';
import { gov74Ru } from './gov74-ru/source.js';
import { governmentRu } from './government-ru/source.js';
import { gubernator74Ru } from './gubernator74-ru/source.js';
import { kremlinRu } from './kremlin-ru/source.js';
import { madeinrussiaRu } from './madeinrussia-ru/source.js';
import { mosRuDepr } from './mos-ru-depr/source.js';
import { mosRuNews } from './mos-ru-news/source.js';
import { mosregRu } from './mosreg-ru/source.js';
import { smarteka } from './smarteka/source.js';

/**
 * Every watched source, in a stable order. Import-safe: building this list does no I/O, so the
 * worker and the CDK app (one schedule per source) can import it freely.
 */
export const sources: readonly SourceDefinition[] = Object.freeze([
  mosRuNews,
  mosRuDepr,
  economyGovRu,
  asiRu,
  smarteka,
  governmentRu,
  kremlinRu,
  mosregRu,
  gov74Ru,
  gubernator74Ru,
  bashkortostanRu,
  madeinrussiaRu,
]);

const byId = new Map(sources.map((source) => [source.id, source]));

/** The source registered under `id`; throws for an unknown id (ids are stable, a miss is a bug). */
export function getSource(id: string): SourceDefinition {
  const source = byId.get(id);
  if (!source) throw new Error(`unknown source id "${id}"; registered: ${[...byId.keys()].join(', ')}`);
  return source;
}
