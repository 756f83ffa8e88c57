import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';
import { storageBackends } from '../support/stack.js';
import { patch, readJson, startApiHarness, type ApiHarness, type Backend } from './api-harness.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each<Backend>(storageBackends(['memory', 'dynamo']))('an idempotent replay over %s storage', (backend) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness(backend);
  }, 60_000);
  afterAll(() => h?.close());

  it('never masks a precondition failure: A approves at 1, B rejects at 2, A re-sends its approve with If-Match "1" → 412', async () => {
    const id = (await h.repo.recordObservation(practiceObservation(7100))).id;
    const [anna, boris] = await Promise.all([h.token('anna'), h.token('boris')]);
    const approve = () => patch(h, id, { action: 'approve' }, { ...auth(anna), 'if-match': '"1"' });

    expect((await approve()).status).toBe(200);
    // An immediate retry is still a replay: same answer, nothing written.
    const retried = await approve();
    expect(retried.status).toBe(200);
    expect((await readJson(retried)).version).toBe(2);

    expect((await patch(h, id, { action: 'reject', reason: 'не практика' }, { ...auth(boris), 'if-match': '"2"' })).status).toBe(200);
    const stale = await approve();
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    expect(await readJson(stale)).toMatchObject({ status: 412, currentVersion: 3 });

    // The same holds for an explicit Idempotency-Key.
    const keyed = { ...auth(anna), 'if-match': '"3"', 'idempotency-key': 'anna-1' };
    expect((await patch(h, id, { action: 'approve' }, keyed)).status).toBe(200);
    expect((await patch(h, id, { action: 'reject', reason: 'снова нет' }, { ...auth(boris), 'if-match': '"4"' })).status).toBe(200);
    expect((await patch(h, id, { action: 'approve' }, keyed)).status).toBe(412);

    // A spent key with another request is not a replay: stale → 412; on the current version → 400.
    const otherBody = await patch(h, id, { action: 'reject', reason: 'другое' }, keyed);
    expect(otherBody.status).toBe(412);
    expect(await readJson(otherBody)).toMatchObject({ status: 412, currentVersion: 5 });
    const reused = await patch(h, id, { action: 'approve' }, { ...keyed, 'if-match': '"5"' });
    expect(reused.status).toBe(400);
    expect(await readJson(reused)).toMatchObject({ type: 'urn:practice-watch:problem:validation', header: 'Idempotency-Key' });

    expect((await h.repo.get(id))?.editorial).toMatchObject({ status: 'rejected', version: 5 });
    expect((await h.repo.history(id, { limit: 100 })).items.map((e) => e.action)).toEqual(['created', 'approve', 'reject', 'approve', 'reject']);
  });
});
