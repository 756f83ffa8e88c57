import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { glossaryFromFile, resolveGlossaryFile } from '../../functions/adapters/search/glossary-file.js';
import { queryTerms } from '../../functions/core/search/analyse.js';
import { searchPractices } from '../../functions/core/search/search-practices.js';
import { buildGlossary, MAX_TRANSLATED_TERMS, MAX_TRANSLATIONS_PER_TERM, withTranslations, type GlossaryData } from '../../functions/core/search/translate.js';
import { storageBackends } from '../support/stack.js';
import { observation, openSearchRepository } from './search-fixtures.js';

const glossary = glossaryFromFile();

describe('the glossary', () => {
  it('translates every inflection of a word both ways, never a term into itself', async () => {
    const map = buildGlossary(JSON.parse(readFileSync('functions/core/search/glossary.json', 'utf8')) as GlossaryData);
    const en = queryTerms('migration')[0]!;
    for (const form of ['миграционного', 'миграционный', 'мигрантам']) {
      expect(map.get(queryTerms(form)[0]!), form).toContain(en);
    }
    expect(withTranslations(queryTerms('migration centre'), map)).toEqual(expect.arrayContaining(queryTerms('миграционный центр')));
    for (const [term, others] of map) expect(others, term).not.toContain(term);
  });

  it("keeps the query's own terms first and caps what translations add", () => {
    const map = buildGlossary({
      groups: [
        ['alpha', 'один два три четыре пять шесть'],
        ['beta', 'семь восемь девять десять одиннадцать'],
        ['gamma', 'двенадцать тринадцать четырнадцать пятнадцать'],
        ['delta', 'шестнадцать семнадцать'],
      ],
    });
    const own = queryTerms('alpha beta gamma delta');
    const terms = withTranslations(own, map);
    expect(terms.slice(0, own.length)).toEqual(own);
    expect(terms.length - own.length).toBe(MAX_TRANSLATED_TERMS);
    // Four per word: alpha's six stop at four, and delta's two come in past the cap of twelve.
    expect(terms.slice(own.length, own.length + MAX_TRANSLATIONS_PER_TERM)).toEqual(map.get(own[0]!)!.slice(0, MAX_TRANSLATIONS_PER_TERM));
    expect(withTranslations(own, null)).toEqual(own);
  });

  it('is read from the source file where no shipped copy sits beside the code, and a lost file is an error', async () => {
    expect(resolveGlossaryFile().pathname).toMatch(/functions\/core\/search\/glossary\.json$/);
    // In a function's asset the copy beside the bundle wins.
    const asset = mkdtempSync(path.join(tmpdir(), 'pw-glossary-'));
    copyFileSync('functions/core/search/glossary.json', path.join(asset, 'glossary.json'));
    expect(resolveGlossaryFile(pathToFileURL(path.join(asset, 'index.mjs'))).pathname).toBe(path.join(asset, 'glossary.json'));
    const lost = glossaryFromFile(pathToFileURL('/nonexistent/glossary.json'));
    await expect(lost()).rejects.toThrow(/ENOENT/);
    expect((await glossary())(queryTerms('migration'))).toEqual(expect.arrayContaining(queryTerms('миграционный')));
  });
});

const TEXTS = [
  { title: 'Миграционный центр Москвы рекомендован к тиражированию', body: 'Опыт работы миграционного центра признан лучшей практикой региона.' },
  { title: 'Moscow migration centre recommended to other regions', body: 'The migration centre of Moscow is a best practice, officials said.' },
  { title: 'Бережливая поликлиника: итоги года', body: 'Поликлиники региона сократили очереди.' },
] as const;

describe.each(storageBackends(['memory', 'dynamo'] as const))('cross-language search on %s', (backend) => {
  it(
    "finds the other language's texts after the query's own, marks the translated words, and leaves the index as it was",
    async () => {
      const { repo, index } = await openSearchRepository(backend);
      const ids: string[] = [];
      for (const [i, text] of TEXTS.entries()) ids.push((await repo.recordObservation(observation(500 + i, text))).id);
      const [ru, en, other] = ids;
      const ask = async (q: string, withGlossary: boolean) =>
        (await searchPractices({ index, records: repo, ...(withGlossary ? { glossary } : {}) }, { q, accept: () => true, limit: 10 })).hits;

      // Without the glossary each language finds its own text only.
      expect((await ask('migration centre', false)).map((h) => h.item.id)).toEqual([en]);
      expect((await ask('миграционного центра', false)).map((h) => h.item.id)).toEqual([ru]);

      // With it both, the query's own language first (translations count for less).
      const english = await ask('migration centre', true);
      expect(english.map((h) => h.item.id)).toEqual([en, ru]);
      expect(english.map((h) => h.item.id)).not.toContain(other);
      const marked = english[1]!.snippet;
      const words = marked.marks.map(([s, e]) => marked.text.slice(s, e).toLowerCase());
      expect(words.length).toBeGreaterThanOrEqual(2);
      for (const word of words) expect(word).toMatch(/^(миграцион|центр)/);
      expect((await ask('миграционного центра', true)).map((h) => h.item.id)).toEqual([ru, en]);

      // The weights given to translations are the query's, not the index's: a query that asks the
      // Russian word itself scores it in full afterwards, as before any translated query.
      const before = (await ask('центр', false))[0]!.score;
      await ask('centre', true);
      expect((await ask('центр', false))[0]!.score).toBe(before);
    },
    120_000,
  );
});
