import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody } from '../../../functions/adapters/fetcher/decode.js';
import { createPageFetcher } from '../../../functions/adapters/fetcher/http-page-fetcher.js';
import { MemoryPracticeRepository } from '../../../functions/adapters/memory/memory-practice-repository.js';
import { MemoryRawPageStore } from '../../../functions/adapters/memory/memory-raw-page-store.js';
import { MemorySourceStateRepository } from '../../../functions/adapters/memory/memory-source-state-repository.js';
import { InProcessDocumentParser } from '../../../functions/adapters/parse-worker/worker-document-parser.js';
import { EXTRACTOR_VERSION, extractPractice } from '../../../functions/core/extraction/extract-practice.js';
import { ingestSource } from '../../../functions/core/ingest/ingest-source.js';
import { reextract } from '../../../functions/core/ingest/reextract.js';
import type { PracticeItem, RawPage } from '../../../functions/core/ports.js';
import type { SourceProfile } from '../../../functions/core/source-definition.js';
import { loopbackFetcherOptions, overPlainHttp, startReplayServer, type ReplayServer } from '../../../functions/local/replay-server.js';
import { sourceProfiles } from '../../../functions/sources/profiles.js';
import { getSource } from '../../../functions/sources/registry.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
// One source whose articles are pages (mos.ru: API items) and one whose feed carries the full text (kremlin.ru).
const chosen = overPlainHttp(sourceProfiles.filter((s) => s.id === 'mos-ru-news' || s.id === 'kremlin-ru'));

describe('reextract: records rebuilt from raw snapshots, without fetching', () => {
  let replay: ReplayServer;
  const practices = new MemoryPracticeRepository();
  const rawPages = new MemoryRawPageStore();
  const parser = new InProcessDocumentParser({ registry: { getSource } });
  const deps = {
    practices,
    rawPages,
    parser,
    decode: (page: RawPage, source: SourceProfile) =>
      decodeBody(page.bytes, { contentType: page.meta.headers['content-type'], defaultCharset: source.charsetDefault }).text,
    now: () => new Date(),
  };
  let all: PracticeItem[] = [];

  beforeAll(async () => {
    replay = await startReplayServer(root);
    const ingestDeps = {
      fetcher: createPageFetcher({ contactUrl: 'https://example.org/contact', outboundProxy: undefined }, loopbackFetcherOptions(replay.port)),
      parser,
      extract: extractPractice,
      rawPages,
      practices,
      sourceStates: new MemorySourceStateRepository(),
      notifier: { publish: async () => {} },
      clock: { now: () => new Date() },
    };
    for (const source of chosen) expect((await ingestSource(source, ingestDeps)).outcome).toBe('success');
    // From here on nothing may be fetched.
    await replay.close();
    const page = await practices.listReview({ status: 'pending', classified: 'all' }, { limit: 100 });
    all = page.items;
  }, 60_000);

  afterAll(() => replay?.close().catch(() => {}));

  it('finds nothing to do when the extractor and the texts are unchanged', async () => {
    const report = await reextract(chosen, deps);
    expect(report.failures).toEqual([]);
    expect(report.examined).toBe(all.length);
    expect(report.updated).toBe(0);
  });

  it('refreshes machine fields from an older extractor and leaves editors’ overrides and decisions alone', async () => {
    const target = all[0]!;
    // What an older extractor had stored for this article: other regions, an old version.
    await practices.recordObservation({
      extraction: { ...target.extraction, regions: [], topics: ['obsolete-topic'], extractorVersion: '2020.01.01-0' },
      source: target.sources[0]!,
      simhash: target.simhash,
      contentHash: target.contentHash,
      observedAt: new Date().toISOString(),
    });
    const stale = (await practices.get(target.id))!;
    expect(stale.extraction.extractorVersion).toBe('2020.01.01-0');
    const edited = await practices.applyEditorAction({
      id: target.id,
      expectedVersion: stale.editorial.version,
      action: { type: 'edit', overrides: { title: 'Заголовок редактора' } },
      actor: 'editor',
      requestToken: 'reextract-1',
      at: new Date().toISOString(),
    });
    const approved = await practices.applyEditorAction({
      id: target.id,
      expectedVersion: edited.editorial.version,
      action: { type: 'approve' },
      actor: 'editor',
      requestToken: 'reextract-2',
      at: new Date().toISOString(),
    });

    const report = await reextract(chosen, deps);
    expect(report.failures).toEqual([]);
    expect(report.updated).toBe(1);
    const rebuilt = (await practices.get(target.id))!;
    expect(rebuilt.extraction.extractorVersion).toBe(EXTRACTOR_VERSION);
    expect(rebuilt.extraction.regions).toEqual(target.extraction.regions);
    expect(rebuilt.extraction.topics).toEqual(target.extraction.topics);
    expect(rebuilt.editorial).toMatchObject({ status: 'approved', reviewer: 'editor', overrides: { title: 'Заголовок редактора' } });
    expect(rebuilt.editorial.version).toBe(approved.editorial.version + 1);
  });

  it('with --since, looks only at records published from that date', async () => {
    const report = await reextract(chosen, deps, { since: '2999-01-01' });
    expect(report.examined).toBe(0);
  });
});
