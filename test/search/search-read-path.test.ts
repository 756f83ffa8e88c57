import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySearchIndex } from '../../functions/adapters/memory/memory-search-index.js';
import { analyse, analyseFor, STOPWORDS } from '../../functions/core/search/analyse.js';
import { dequantiseLength, RankedCandidates, rankBm25, type PostingList } from '../../functions/core/search/bm25.js';
import { keyOf } from '../../functions/core/extraction/lexicon.js';
import { cleanText, foldText } from '../../functions/core/extraction/normalise.js';

/**
 * The search read path's faster forms against the plain ones they replace: the hand-written word
 * scan against the regex, the lazy ranking against the full sort, the memory index's cached
 * posting lists against the postings written since.
 */

/** The former analysis: words by `/[\p{L}\p{N}]+/gu`. */
function tokensByRegex(text: string, keepStopwords: boolean) {
  return [...foldText(cleanText(text)).matchAll(/[\p{L}\p{N}]+/gu)]
    .filter((m) => m[0].length >= 2 && m[0].length <= 40)
    .map((m) => ({ term: keyOf(m[0]), start: m.index, end: m.index + m[0].length }))
    .filter((t) => keepStopwords || !STOPWORDS.has(t.term));
}

/** A deterministic pseudo-random generator (the same cases every run). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('word scan', () => {
  it('finds the words the regex finds, with the same offsets, in mixed and hostile text', () => {
    const pieces = ['Москва', 'ёлка', 'Ёж', 'practice', "O'Neil", 'медико-социальный', '2026', '٣٤', 'Ⅻ', 'İstanbul', 'Straße', 'ǅemal', '𝐀𝐁𝐂', '😀', '\ud800', '\udc00x', 'é', 'ы\u0301', '中文字', 'Ελλάδα', '\u00ad', '\u200b', ' ', '\n', '—', '-', '.', '«', '»', '_', 'a', 'я', '1', 'x'.repeat(45), 'ж'.repeat(39)];
    const next = random(13);
    for (let n = 0; n < 400; n += 1) {
      const text = Array.from({ length: 1 + Math.floor(next() * 30) }, () => pieces[Math.floor(next() * pieces.length)]!).join(next() < 0.5 ? '' : ' ');
      for (const keep of [true, false]) {
        expect(analyse(text, { keepStopwords: keep }).tokens).toEqual(tokensByRegex(text, keep));
      }
    }
  });

  it('finds only the wanted terms, exactly where the full analysis finds them', () => {
    const next = random(29);
    const words = ['практика', 'практики', 'практикой', 'тиражирование', 'Тиражированию', 'регионы', 'регион', 'young', 'Yes', 'players', 'dying', 'skies', 'центр', 'центров', 'ёлки', 'Елка', 'и', 'в', 'the', '2024', '𝐀𝐁'];
    for (let n = 0; n < 300; n += 1) {
      const text = Array.from({ length: 1 + Math.floor(next() * 25) }, () => words[Math.floor(next() * words.length)]!).join(next() < 0.2 ? '-' : ' ');
      const full = analyse(text, { keepStopwords: true });
      const wanted = new Set(Array.from({ length: Math.floor(next() * 4) }, () => full.tokens[Math.floor(next() * full.tokens.length)]?.term ?? 'нет').concat(next() < 0.1 ? [''] : []));
      expect(analyseFor(text, wanted)).toEqual({ clean: full.clean, tokens: full.tokens.filter((t) => wanted.has(t.term)) });
    }
  });

  it('relies on stems keeping the first letter of their word: true of every word of the labelled sets', () => {
    const root = path.resolve(import.meta.dirname, '..');
    let checked = 0;
    for (const set of ['devset', 'devset-blind', 'devset-holdout']) {
      const dir = path.join(root, set, 'texts');
      for (const file of readdirSync(dir)) {
        for (const m of foldText(cleanText(readFileSync(path.join(dir, file), 'utf8'))).matchAll(/[\p{L}\p{N}]{2,40}/gu)) {
          const key = keyOf(m[0]);
          if (key[0] !== m[0][0]) expect(`${m[0]} → ${key}`).toBe('a stem that keeps the first letter');
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});

describe('lazy ranking', () => {
  it('gives every slice of the full sort, ties included', () => {
    const next = random(7);
    for (let n = 0; n < 50; n += 1) {
      const lists: PostingList[] = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, t) => {
        const postings = Array.from({ length: Math.floor(next() * 300) }, (_, i) => ({ id: `r${Math.floor(next() * 400)}-${i % 3}`, weight: 1 + Math.floor(next() * 3), length: 10 + Math.floor(next() * 4) * 10 }));
        const unique = [...new Map(postings.map((p) => [p.id, p])).values()];
        // Some lists give their positions (as the memory index does), some cut at a budget.
        const cut = next() < 0.3 ? unique.slice(0, Math.floor(unique.length / 2)) : unique;
        const positions = next() < 0.5 ? new Map(unique.map((p, i) => [p.id, i])) : undefined;
        return { term: `t${t}`, postings: cut, documentFrequency: unique.length, ...(positions ? { positions } : {}) };
      });
      const stats = { documents: 500, totalLength: 500 * 25 };
      const full = rankBm25(lists, stats);
      const lazy = new RankedCandidates(lists, stats);
      expect(lazy.length).toBe(full.length);
      let at = Math.floor(next() * 20);
      while (at < full.length + 5) {
        const end = at + 1 + Math.floor(next() * 60);
        expect(lazy.slice(at, end)).toEqual(full.slice(at, end));
        at = end + Math.floor(next() * 10);
      }
    }
  });

  it('reads quantised lengths as the power they stand for', () => {
    for (const q of [0, 1, 57, 399, 400, 1000, -3, 2.5]) expect(dequantiseLength(q)).toBe(1.05 ** q);
  });
});

describe('memory index read side', () => {
  it('reads what was written since the last read, highest weights first, cut at the budget', async () => {
    const index = new MemorySearchIndex();
    const change = (id: string, version: number, put: Array<[string, number]>, remove: string[] = []) => ({ id, version, put: put.map(([term, weight]) => ({ term, weight, length: 60 })), remove, documentsDelta: 0, lengthDelta: 0 });
    index.apply(change('a', 1, [['x', 2], ['y', 4]]));
    index.apply(change('b', 1, [['x', 6]]));
    expect((await index.postingLists(['x'], 10))[0]!.postings.map((p) => [p.id, p.weight])).toEqual([['b', 3], ['a', 1]]);
    index.apply(change('c', 1, [['x', 8]]));
    index.apply(change('a', 2, [['x', 10]]));
    index.apply(change('b', 2, [], ['x']));
    const [x] = await index.postingLists(['x'], 1);
    expect(x!.postings.map((p) => [p.id, p.weight])).toEqual([['a', 5]]);
    expect(x!.documentFrequency).toBe(2);
    // A caller changing what it was given does not change the next read.
    x!.postings.length = 0;
    expect((await index.postingLists(['x'], 10))[0]!.postings.map((p) => p.id)).toEqual(['a', 'c']);
  });
});
