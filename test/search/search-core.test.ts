import { describe, expect, it } from 'vitest';
import { analyse, queryTerms } from '../../functions/core/search/analyse.js';
import { rankBm25 } from '../../functions/core/search/bm25.js';
import { planIndexChange } from '../../functions/core/search/index-change.js';
import { searchDocument, searchFields } from '../../functions/core/search/search-document.js';
import { buildSnippet } from '../../functions/core/search/snippet.js';
import { planEditorAction } from '../../functions/core/practices/plan-editor-action.js';
import { planObservation } from '../../functions/core/practices/plan-observation.js';
import type { PracticeItem } from '../../functions/core/ports.js';
import { observation, TEXTS } from './search-fixtures.js';

function created(i: number): PracticeItem {
  const plan = planObservation({ observation: observation(i, TEXTS[i]!), existing: null });
  if (plan.kind !== 'created') throw new Error('expected a new record');
  return plan.item;
}

describe('analysis', () => {
  it('gives inflected Russian forms one term, and English ones one term', () => {
    expect(queryTerms('миграционного центра')).toEqual(queryTerms('Миграционный центр'));
    expect(queryTerms('тиражирование')).toEqual(queryTerms('тиражированию'));
    expect(queryTerms('practices')).toEqual(queryTerms('practice'));
    expect(queryTerms('Ёлка')).toEqual(queryTerms('елки'));
  });

  it('drops function words unless nothing else is asked', () => {
    expect(queryTerms('центр для мигрантов')).toHaveLength(2);
    expect(queryTerms('the')).toHaveLength(1);
  });

  it('keeps offsets into the cleaned text', () => {
    const { clean, tokens } = analyse('Республика\u00a0Татарстан — лидер');
    expect(tokens.map((t) => clean.slice(t.start, t.end))).toEqual(['Республика', 'Татарстан', 'лидер']);
  });
});

describe('search documents', () => {
  it('index catalogue English names of entities named in Russian', () => {
    const item = created(1);
    const withRegion: PracticeItem = { ...item, extraction: { ...item.extraction, regions: [{ code: 'RU-TA', name: 'Республика Татарстан', role: 'origin' }], topics: ['migration'] } };
    const doc = searchDocument(withRegion);
    for (const term of queryTerms('Tatarstan migration')) expect(doc.terms.has(term)).toBe(true);
    expect(searchFields(withRegion).entities).toContain('Republic of Tatarstan');
  });
});

describe('BM25', () => {
  it('ranks rarer terms, more matches and shorter documents higher', () => {
    const ranked = rankBm25(
      [
        { term: 'rare', postings: [{ id: 'a', weight: 1, length: 100 }], documentFrequency: 1 },
        { term: 'common', postings: ['a', 'b', 'c', 'd'].map((id) => ({ id, weight: 1, length: id === 'c' ? 50 : 200 })), documentFrequency: 4 },
      ],
      { documents: 10, totalLength: 1500 },
    );
    expect(ranked.map((r) => r.id)).toEqual(['a', 'c', 'b', 'd']);
    expect(ranked[0]!.matched).toBe(2);
  });
});

describe('snippets', () => {
  it('mark every matched word by offsets into plain text', () => {
    const item = created(0);
    const snippet = buildSnippet(searchFields(item), queryTerms('миграционные центры'));
    expect(snippet.field).toBe('body');
    expect(snippet.marks.length).toBeGreaterThanOrEqual(2);
    for (const [start, end] of snippet.marks) expect(snippet.text.slice(start, end).toLowerCase()).toMatch(/^(миграционн|центр)/);
  });

  it('cut a long body around the matches', () => {
    const item = created(0);
    const long: PracticeItem = { ...item, extraction: { ...item.extraction, lead: null, bodyText: `${'Вступление без нужных слов. '.repeat(40)}Здесь говорится о тиражировании практики. ${'Хвост текста. '.repeat(40)}` } };
    const snippet = buildSnippet(searchFields(long), queryTerms('тиражирование'));
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(snippet.text.length).toBeLessThanOrEqual(260);
    expect(snippet.marks.map(([s, e]) => snippet.text.slice(s, e))).toEqual(['тиражировании']);
  });
});

describe('index changes', () => {
  it('write nothing for an approval and only the touched terms for a title edit', () => {
    const item = created(0);
    const first = planIndexChange(null, item);
    expect(first.documentsDelta).toBe(1);
    expect(first.put.length).toBeGreaterThan(10);
    const approved = planEditorAction(item, { type: 'approve' }, 'alice', '2026-12-04T00:00:00Z').item;
    const approval = planIndexChange(item, approved);
    expect(approval.put).toEqual([]);
    expect(approval.remove).toEqual([]);
    const edited = planEditorAction(approved, { type: 'edit', overrides: { title: 'Миграционный центр Москвы: опыт для регионов' } }, 'alice', '2026-12-04T00:00:00Z').item;
    const edit = planIndexChange(approved, edited);
    expect(edit.remove).toEqual(expect.arrayContaining(queryTerms('рекомендован тиражированию')));
    expect(edit.put.map((p) => p.term)).toEqual(expect.arrayContaining(queryTerms('опыт регионов')));
    expect(edit.put.length).toBeLessThan(first.put.length);
  });
});

describe('entity names table', () => {
  it('matches the catalogues it is generated from (npx tsx scripts/search/entity-names.ts)', async () => {
    const { readFileSync } = await import('node:fs');
    const { ENTITY_NAMES_FILE, entityNamesJson } = await import('../../scripts/search/entity-names.js');
    expect(readFileSync(ENTITY_NAMES_FILE, 'utf8')).toBe(entityNamesJson());
  });
});
