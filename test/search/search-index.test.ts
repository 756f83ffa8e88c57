import { describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../functions/adapters/aws-clients.js';
import { DynamoPracticeRepository } from '../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { DynamoSearchIndex } from '../../functions/adapters/dynamo/dynamo-search-index.js';
import { ensureTable } from '../../functions/adapters/dynamo/ensure-table.js';
import { MemoryPracticeRepository } from '../../functions/adapters/memory/memory-practice-repository.js';
import { MemorySearchIndex } from '../../functions/adapters/memory/memory-search-index.js';
import type { PracticeItem } from '../../functions/core/ports.js';
import { effectiveRecord } from '../../functions/core/practices/practice-identity.js';
import { searchAccept } from '../../functions/core/search/filter.js';
import { searchPractices } from '../../functions/core/search/search-practices.js';
import type { SearchIndex } from '../../functions/core/search/search-ports.js';
import { storageBackends, testConfig } from '../support/stack.js';
import { observation, openSearchRepository, TEXTS } from './search-fixtures.js';

type Repo = MemoryPracticeRepository | DynamoPracticeRepository;

const AT = '2026-12-04T01:00:00Z';
/** DynamoDB Local creates a table in seconds on an idle machine, far more on a loaded one. */
const DYNAMO_TIMEOUT = 120_000;

describe.each(storageBackends(['memory', 'dynamo'] as const))('search index on %s', (backend) => {
  async function seeded() {
    const { repo, index } = await openSearchRepository(backend);
    const ids: string[] = [];
    for (const [i, text] of TEXTS.entries()) ids.push((await repo.recordObservation(observation(i, text))).id);
    const search = (q: string, audience: 'public' | 'editor' = 'public', filter: Record<string, string> = {}) =>
      searchPractices({ index, records: repo }, { q, accept: searchAccept(audience === 'editor' ? { status: 'pending', classified: 'all', ...filter } : filter, audience), limit: 10 });
    const titles = async (q: string, audience: 'public' | 'editor' = 'public') => (await search(q, audience)).hits.map((h) => effectiveRecord(h.item).title);
    const approve = async (id: string) => {
      const item = (await repo.get(id))!;
      return repo.applyEditorAction({ id, expectedVersion: item.editorial.version, action: { type: 'approve' }, actor: 'alice', requestToken: `approve-${id}-${item.editorial.version}`, at: AT });
    };
    return { repo, index, ids, search, titles, approve };
  }

  it('finds inflected forms, English words and entity names; the public only sees approved records', async () => {
    const { ids, titles, approve, index } = await seeded();
    expect(await titles('миграционного центра')).toEqual([]);
    expect(await titles('миграционного центра', 'editor')).toEqual([TEXTS[0].title]);
    for (const id of ids) await approve(id);
    expect(await titles('миграционный центр')).toEqual([TEXTS[0].title]);
    // "тиражированию" in one body, "тиражированию" spelled as the title of another: one stem.
    expect(await titles('тиражирование')).toEqual(expect.arrayContaining([TEXTS[0].title, TEXTS[1].title]));
    expect((await titles('digital reception'))[0]).toBe(TEXTS[2].title);
    expect(await titles('migration')).toEqual([TEXTS[2].title]);
    expect(await titles('поликлиник')).toEqual([TEXTS[3].title]);
    expect((await index.stats()).documents).toBe(TEXTS.length);
  }, DYNAMO_TIMEOUT);

  it('follows editor corrections, rejections and re-extraction', async () => {
    const { repo, ids, titles, approve, search } = await seeded();
    for (const id of ids) await approve(id);
    // A corrected title: the new word is found, the dropped one no longer finds the record.
    const current = (await repo.get(ids[3]!))!;
    await repo.applyEditorAction({ id: ids[3]!, expectedVersion: current.editorial.version, action: { type: 'edit', overrides: { title: 'Поликлиника без очередей в Самаре', lead: 'Самарская поликлиника' } }, actor: 'alice', requestToken: 'edit-1', at: AT });
    expect(await titles('самара')).toEqual(['Поликлиника без очередей в Самаре']);
    expect(await titles('итоги')).toEqual([]);
    // A rejection hides the record from the public, not from editors.
    const digital = (await repo.get(ids[1]!))!;
    await repo.applyEditorAction({ id: ids[1]!, expectedVersion: digital.editorial.version, action: { type: 'reject', reason: 'not a practice' }, actor: 'alice', requestToken: 'reject-1', at: AT });
    expect(await titles('цифровая приёмная')).toEqual([]);
    const rejected = await search('цифровая приёмная', 'editor', { status: 'rejected' });
    expect(rejected.hits.map((h) => h.item.id)).toEqual([ids[1]]);
    // Re-extraction (a new extractor version of the same article) replaces the body's terms.
    const reextracted = observation(0, { ...TEXTS[0], body: 'Центр адаптации иностранцев в Сахарове стал образцом.', version: 'seed-2' });
    const outcome = await repo.recordObservation(reextracted);
    expect(['updated', 'changed']).toContain(outcome.kind);
    const editorView = async (q: string) => (await search(q, 'editor', { status: 'pending' })).hits.map((h) => h.item.id).concat((await search(q, 'public')).hits.map((h) => h.item.id));
    expect(await editorView('адаптации иностранцев')).toContain(ids[0]);
    expect(await editorView('иностранных граждан')).not.toContain(ids[0]);
  }, DYNAMO_TIMEOUT);

  it('pages through the ranking with a cursor and applies the other filters', async () => {
    const { repo, index, ids, approve } = await seeded();
    for (const id of ids) await approve(id);
    const accept = searchAccept({}, 'public');
    const first = await searchPractices({ index, records: repo }, { q: 'практика тиражирование цифровая центр', accept, limit: 1 });
    expect(first.hits).toHaveLength(1);
    expect(first.next).not.toBeNull();
    const seen = [first.hits[0]!.item.id];
    let after = first.next;
    while (after) {
      const page = await searchPractices({ index, records: repo }, { q: 'практика тиражирование цифровая центр', accept, limit: 1, after });
      seen.push(...page.hits.map((h) => h.item.id));
      after = page.next;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    const item = (await repo.get(ids[0]!)) as PracticeItem;
    const region = item.extraction.regions[0]!.code;
    const filtered = await searchPractices({ index, records: repo }, { q: 'практика тиражирование цифровая центр', accept: searchAccept({ region }, 'public'), limit: 10 });
    for (const hit of filtered.hits) expect(hit.item.extraction.regions.map((r) => r.code)).toContain(region);
  }, DYNAMO_TIMEOUT);
});

describe.each(storageBackends(['memory', 'dynamo'] as const))('re-indexing on %s', (backend) => {
  it('indexes records stored before the index, and a second run changes nothing', async () => {
    const { reindexAll } = await import('../../functions/core/search/index-change.js');
    let repo: Repo;
    let index: SearchIndex;
    if (backend === 'memory') {
      repo = new MemoryPracticeRepository();
      index = new MemorySearchIndex();
    } else {
      const config = testConfig();
      const client = createDynamoClient(config);
      await ensureTable(client, config.tableName);
      repo = new DynamoPracticeRepository(client, config.tableName);
      index = new DynamoSearchIndex(client, config.tableName);
    }
    for (const [i, text] of TEXTS.entries()) await repo.recordObservation(observation(i, text));
    const find = async (q: string) => (await searchPractices({ index, records: repo }, { q, accept: () => true, limit: 10 })).hits.length;
    expect(await find('миграционного центра')).toBe(0);
    const first: number[] = [];
    expect(await reindexAll({ queries: repo, index }, (c) => first.push(c.put.length))).toBe(TEXTS.length);
    expect(first.every((n) => n > 0)).toBe(true);
    expect(await find('миграционного центра')).toBe(1);
    expect((await index.stats()).documents).toBe(TEXTS.length);
    const second: number[] = [];
    await reindexAll({ queries: repo, index }, (c) => second.push(c.put.length + c.remove.length + c.documentsDelta));
    expect(second).toEqual(TEXTS.map(() => 0));
    expect((await index.stats()).documents).toBe(TEXTS.length);
  }, DYNAMO_TIMEOUT);
});
