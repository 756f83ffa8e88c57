import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../../functions/adapters/aws-clients.js';
import { DynamoPracticeRepository } from '../../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { DynamoSearchIndex } from '../../../functions/adapters/dynamo/dynamo-search-index.js';
import { ensureTable } from '../../../functions/adapters/dynamo/ensure-table.js';
import { writtenWithRecord } from '../../../functions/adapters/dynamo/practice-index.js';
import { drainProjections, projectRecord, type ProjectorDeps } from '../../../functions/core/projection/project-records.js';
import type { PracticeItem } from '../../../functions/core/ports.js';
import { effectiveRecord } from '../../../functions/core/practices/practice-identity.js';
import { linkKeys, recordDate } from '../../../functions/core/stories/story-record.js';
import { practiceObservation } from '../../../scripts/bench/seed-practices.js';
import { describeNeedingDynamoDbLocal, testConfig } from '../../support/stack.js';
import type { AddressInfo } from 'node:net';
import { createQueryApiHandler } from '../../../functions/handlers/api/query-api.js';
import { QUERY_API_ROUTES } from '../../../functions/handlers/api/routes.js';
import { createHttpServer } from '../../../functions/local/http-bridge.js';
import { DynamoSourceStateRepository } from '../../../functions/adapters/dynamo/dynamo-source-state-repository.js';
import { MemoryRawPageStore } from '../../../functions/adapters/memory/memory-raw-page-store.js';
import { sources } from '../../../functions/sources/registry.js';

const AT = '2026-12-04T06:00:00Z';
const TIMEOUT = 180_000;
const N = 12;

async function open(projection: 'inline' | 'deferred') {
  const config = testConfig();
  const client = createDynamoClient(config);
  await ensureTable(client, config.tableName);
  const index = new DynamoSearchIndex(client, config.tableName);
  const repo = new DynamoPracticeRepository(client, config.tableName, { search: index, projection });
  const deps: ProjectorDeps = { outbox: repo, index, now: () => new Date(AT) };
  return { client, table: config.tableName, index, repo, deps };
}

/** A record's listing rows as stored, without the values that only say when they were written. */
async function listingRows(client: DynamoDBDocumentClient, table: string, id: string) {
  const result = await client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :x)', ExpressionAttributeValues: { ':pk': `P#${id}`, ':x': 'X#' }, ConsistentRead: true }));
  return (result.Items ?? []).map((row) => JSON.stringify(row)).sort();
}

async function approve(repo: DynamoPracticeRepository, id: string, token: string) {
  const item = (await repo.get(id))!;
  return repo.applyEditorAction({ id, expectedVersion: item.editorial.version, action: { type: 'approve' }, actor: 'alice', requestToken: token, at: AT });
}

describeNeedingDynamoDbLocal('deferred projection of listing rows and postings (DynamoDB Local)', () => {
  it('writes only the record, its own rows and an outbox row at ingest; a drain brings every row and posting to what an inline write stores', async () => {
    const inline = await open('inline');
    const deferred = await open('deferred');
    const ids: string[] = [];
    for (let i = 0; i < N; i += 1) {
      ids.push((await inline.repo.recordObservation(practiceObservation(i))).id);
      expect((await deferred.repo.recordObservation(practiceObservation(i))).id).toBe(ids[i]);
    }

    // Before the projector: the record, the review queue by verdict, no public rows, no postings.
    for (const id of ids) {
      const rows = await listingRows(deferred.client, deferred.table, id);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(writtenWithRecord(JSON.parse(row).gpk)).toBe(true);
      expect(await deferred.index.storedPostings(id)).toEqual([]);
    }
    expect((await deferred.repo.listReview({}, { limit: 100 })).items.map((i) => i.id).sort()).toEqual([...ids].sort());
    const lag = await deferred.repo.projectionLag();
    expect(lag).toMatchObject({ depth: N, truncated: false });
    expect(lag.oldestSince).not.toBeNull();

    const run = await drainProjections(deferred.deps);
    expect(run).toMatchObject({ projected: N, requeued: 0, failures: [] });
    expect(run.postings).toBeGreaterThan(N * 10);
    for (const id of ids) {
      expect(await listingRows(deferred.client, deferred.table, id)).toEqual(await listingRows(inline.client, inline.table, id));
      expect((await deferred.index.storedPostings(id)).sort((a, b) => a.term.localeCompare(b.term))).toEqual(
        (await inline.index.storedPostings(id)).sort((a, b) => a.term.localeCompare(b.term)),
      );
    }
    expect(await deferred.index.stats()).toEqual(await inline.index.stats());
    expect(await deferred.repo.projectionLag()).toEqual({ depth: 0, truncated: false, oldestSince: null });

    // A second drain finds nothing to do; re-projecting a record by hand writes nothing.
    expect(await drainProjections(deferred.deps)).toMatchObject({ seen: 0, projected: 0, listingRows: 0, postings: 0 });
    expect(await projectRecord(deferred.deps, { id: ids[0]!, version: 1 })).toMatchObject({ listingRows: 0, postings: 0 });
  }, TIMEOUT);

  it('link candidates of a deferred record: the instance that wrote it finds them at once, another one once projected, never twice', async () => {
    const writer = await open('deferred');
    const other = new DynamoPracticeRepository(writer.client, writer.table, { projection: 'deferred' });
    const { id } = await writer.repo.recordObservation(practiceObservation(3));
    const item = (await writer.repo.get(id))!;
    const keys = linkKeys(effectiveRecord(item));
    expect(keys.length).toBeGreaterThan(0);
    const around = recordDate(item);
    expect((await writer.repo.findLinkCandidates(keys, around, 30, 10)).map((i) => i.id)).toEqual([id]);
    expect(await other.findLinkCandidates(keys, around, 30, 10)).toEqual([]);
    await drainProjections(writer.deps);
    expect((await other.findLinkCandidates(keys, around, 30, 10)).map((i) => i.id)).toEqual([id]);
    expect((await writer.repo.findLinkCandidates(keys, around, 30, 10)).map((i) => i.id)).toEqual([id]);
  }, TIMEOUT);

  it('an editor action on a record not yet projected shows at once; the projection that follows agrees with it', async () => {
    const inline = await open('inline');
    const deferred = await open('deferred');
    const id = (await deferred.repo.recordObservation(practiceObservation(1))).id;
    await inline.repo.recordObservation(practiceObservation(1));
    const approved = await approve(deferred.repo, id, 'approve-1');
    await approve(inline.repo, id, 'approve-1');
    // Editors' writes keep every row in step: the public listing has it before any projection.
    expect((await deferred.repo.listPublic({}, { limit: 10 })).items.map((i) => i.id)).toEqual([id]);
    expect(await deferred.repo.projectionLag()).toMatchObject({ depth: 1 });
    expect(await drainProjections(deferred.deps)).toMatchObject({ projected: 1, failures: [] });
    expect(await listingRows(deferred.client, deferred.table, id)).toEqual(await listingRows(inline.client, inline.table, id));
    expect((await deferred.index.storedPostings(id)).length).toBe((await inline.index.storedPostings(id)).length);
    expect(approved.editorial.status).toBe('approved');
  }, TIMEOUT);

  it('a projection that read an older version than the one stored when it ends queues the record again instead of clearing it', async () => {
    const inline = await open('inline');
    const deferred = await open('deferred');
    const id = (await deferred.repo.recordObservation(practiceObservation(2))).id;
    await inline.repo.recordObservation(practiceObservation(2));
    const v1 = (await deferred.repo.get(id))!;
    await approve(deferred.repo, id, 'approve-2');
    await approve(inline.repo, id, 'approve-2');
    expect(await drainProjections(deferred.deps)).toMatchObject({ projected: 1 });
    // A slow projector that read version 1 writes its rows now, after version 2 was projected.
    const stale: ProjectorDeps = { ...deferred.deps, outbox: Object.assign(Object.create(deferred.repo) as DynamoPracticeRepository, { get: async (): Promise<PracticeItem> => v1 }) };
    const late = await projectRecord(stale, { id, version: 1 });
    expect(late).toMatchObject({ projected: 0, requeued: 1 });
    expect(await listingRows(deferred.client, deferred.table, id)).not.toEqual(await listingRows(inline.client, inline.table, id));
    expect(await deferred.repo.projectionLag()).toMatchObject({ depth: 1 });
    // The next pass repairs it.
    expect(await drainProjections(deferred.deps)).toMatchObject({ projected: 1, failures: [] });
    expect(await listingRows(deferred.client, deferred.table, id)).toEqual(await listingRows(inline.client, inline.table, id));
    expect((await deferred.repo.listPublic({}, { limit: 10 })).items.map((i) => i.id)).toEqual([id]);
    expect((await deferred.repo.listReview({ status: 'pending', classified: 'all' }, { limit: 10 })).items).toEqual([]);
  }, TIMEOUT);
});

describeNeedingDynamoDbLocal('projection lag on GET /sources', () => {
  it('reports the outbox depth and the oldest entry\'s age, and an empty outbox once drained', async () => {
    const deferred = await open('deferred');
    const query = createQueryApiHandler({
      queries: deferred.repo,
      practices: deferred.repo,
      sourceStates: new DynamoSourceStateRepository(deferred.client, deferred.table),
      rawPages: new MemoryRawPageStore(),
      sources,
      cursorSecret: 'test-cursor-secret-0123456789',
      publicBaseUrl: 'http://api.test',
      projection: deferred.repo,
    });
    const server = createHttpServer(QUERY_API_ROUTES.map((routeKey) => ({ routeKey, handler: query })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sources`;
    try {
      const observed = { ...practiceObservation(5), observedAt: new Date(Date.now() - 90_000).toISOString() };
      await deferred.repo.recordObservation(observed);
      await deferred.repo.recordObservation({ ...practiceObservation(6), observedAt: new Date().toISOString() });
      const before = (await (await fetch(url)).json()) as { projection: { depth: number; oldestSince: string; oldestAgeSeconds: number } };
      expect(before.projection).toMatchObject({ depth: 2, truncated: false, oldestSince: observed.observedAt });
      expect(before.projection.oldestAgeSeconds).toBeGreaterThanOrEqual(90);
      await drainProjections(deferred.deps);
      const after = (await (await fetch(url)).json()) as { projection: unknown };
      expect(after.projection).toEqual({ depth: 0, truncated: false, oldestSince: null, oldestAgeSeconds: null });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, TIMEOUT);
});

describe('writtenWithRecord', () => {
  it('keeps bands, the status, verdict and uncertain queues and story rows with the record; the rest is projected', () => {
    for (const gpk of ['BAND#0:ab12', 'REVC#pending#pos', 'REV#pending#ALL', 'REV#approved#ALL', 'REVU#pending', 'STORY#s1']) expect(writtenWithRecord(gpk)).toBe(true);
    // Link candidates are the projector's; the writing instance remembers them for its own linking.
    expect(writtenWithRecord('LK#R:77')).toBe(false);
    for (const gpk of ['PUB#ALL', 'PUB#R#77', 'REV#pending#R#77', 'REV#pending#S#mos-ru', 'PUBRG', 'PUBRG#77']) expect(writtenWithRecord(gpk)).toBe(false);
  });
});
