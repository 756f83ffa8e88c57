import { load } from 'cheerio/slim';
import { LayoutChangedError } from '../../../functions/core/errors.js';
import type { Article } from '../../../functions/core/model.js';
import type { SourceDefinition } from '../../../functions/core/source-definition.js';

/**
 * A registry of misbehaving sources for the parse-worker tests: each `id` names what its
 * parsers do. The worker loads this module in place of `functions/sources/registry.ts`.
 */
const article = (url: string, bodyText: string): Article => ({ url, title: 'Заголовок', publishedAt: null, author: null, lead: null, bodyText, tags: [], images: [] });

function define(id: string, parse: (text: string, url: string) => unknown): SourceDefinition {
  return {
    id,
    name: id,
    homepage: 'https://example.org/',
    jurisdiction: 'RU',
    language: 'ru',
    entryPoints: [],
    hosts: ['example.org'],
    scheduleMinutes: 60,
    expectedCadenceHours: 24,
    timeZone: 'Europe/Moscow',
    charsetDefault: 'utf-8',
    politeness: { minDelayMs: 1000 },
    confidence: 'seen',
    parseListing: (text, entryPoint) => parse(text, entryPoint.url) as never,
    parseArticle: (text, url) => parse(text, url) as never,
  };
}

const behaviours: Record<string, (text: string, url: string) => unknown> = {
  ok: (text, url) => (text.startsWith('[') ? (JSON.parse(text) as unknown) : article(url, text.toUpperCase())),
  hang: () => {
    for (;;) {
      // A parser stuck in a synchronous loop: only terminating the thread stops it.
    }
  },
  'hang-async': () => new Promise(() => undefined),
  alloc: () => {
    const hoard: string[][] = [];
    for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => `ячейка-${i}-${hoard.length}`));
  },
  layout: () => {
    throw new LayoutChangedError('no items where the list used to be', { selector: 'div.e-news__content' });
  },
  'type-error': () => {
    const feed = undefined as unknown as { items: unknown[] };
    return feed.items.length;
  },
  recurse: () => {
    const deeper = (n: number): number => deeper(n + 1) + 1;
    return deeper(0);
  },
  'not-json': () => ({ url: 'https://example.org/', size: 10n }),
  'wrong-shape': () => 'just a string',
  cheerio: (text, url) => article(url, load(text).text().slice(0, 1000)),
};

export function getSource(id: string): SourceDefinition {
  const behaviour = behaviours[id];
  if (!behaviour) throw new Error(`unknown test source ${id}`);
  return define(id, behaviour);
}

export const sources: SourceDefinition[] = Object.keys(behaviours).map(getSource);
