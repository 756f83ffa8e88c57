import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';
import { forgedTokens } from '../adapters/auth/forged-tokens.js';
import { patch, readJson, startApiHarness, type ApiHarness, type Backend } from './api-harness.js';
import { storageBackends } from '../support/stack.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each<Backend>(storageBackends(['memory', 'dynamo']))('review API over %s storage, through the HTTP bridge', (backend) => {
  let h: ApiHarness;
  let next = 0;
  const pending = async (announcement = true) => {
    next += 1;
    return (await h.repo.recordObservation(practiceObservation(5000 + next, { announcement }))).id;
  };

  beforeAll(async () => {
    h = await startApiHarness(backend);
  }, 60_000);
  afterAll(() => h?.close());

  it('rejects every forged or foreign token with 401, valid non-editors with 403, and changes nothing', async () => {
    const id = await pending();
    const before = await h.repo.get(id);
    const cases = [
      { name: 'no token', headers: {} as Record<string, string>, expect: 401 },
      { name: 'not Bearer', headers: { authorization: 'Basic YWxpY2U6c2VjcmV0' }, expect: 401 },
      ...(await forgedTokens(h.issuer)).map((f) => ({ name: f.name, headers: auth(f.token), expect: f.expect })),
    ];
    for (const c of cases) {
      const response = await patch(h, id, { action: 'approve' }, { ...c.headers, 'if-match': '"1"' });
      const body = await readJson(response);
      expect({ name: c.name, status: response.status, problem: body.status }).toEqual({ name: c.name, status: c.expect, problem: c.expect });
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      if (c.expect === 401) expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const queue = await fetch(`${h.baseUrl}/review`, { headers: c.headers });
      expect(queue.status).toBe(c.expect);
    }
    const after = await h.repo.get(id);
    expect(after).toEqual(before);
    expect(after?.editorial.version).toBe(1);
    expect((await h.repo.history(id, { limit: 100 })).items).toHaveLength(1);
  });

  it('requires If-Match (428), refuses a stale one with 412 and the current version, and accepts "n", W/"n" and n', async () => {
    const token = await h.token('alice');
    const id = await pending();
    const missing = await patch(h, id, { action: 'approve' }, auth(token));
    expect(missing.status).toBe(428);
    expect(await readJson(missing)).toMatchObject({ status: 428, type: 'urn:practice-watch:problem:precondition-required' });

    const stale = await patch(h, id, { action: 'approve' }, { ...auth(token), 'if-match': '"7"' });
    expect(stale.status).toBe(412);
    expect(await readJson(stale)).toMatchObject({ status: 412, currentVersion: 1 });
    expect((await h.repo.get(id))?.editorial.version).toBe(1);

    const edited = await patch(h, id, { action: 'edit', overrides: { title: 'Исправленный заголовок', topics: ['healthcare'] } }, { ...auth(token), 'if-match': 'W/"1"' });
    expect(edited.status).toBe(200);
    expect(edited.headers.get('etag')).toBe('"2"');
    expect(edited.headers.get('cache-control')).toBe('no-store');
    const view = await readJson(edited);
    expect(view).toMatchObject({ id, title: 'Исправленный заголовок', topics: ['healthcare'], version: 2, status: 'pending', overrides: { title: 'Исправленный заголовок' } });
    expect(view.machine.title).not.toBe('Исправленный заголовок');

    const rejected = await patch(h, id, { action: 'reject', reason: 'не о тиражировании' }, { ...auth(token), 'if-match': '2' });
    expect(rejected.status).toBe(200);
    expect(await readJson(rejected)).toMatchObject({ status: 'rejected', rejectReason: 'не о тиражировании', reviewer: 'alice', version: 3 });

    const history = await readJson((await fetch(`${h.baseUrl}/practices/${id}/history`, { headers: auth(token) })));
    expect(history.items.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['created', 'system'],
      ['edit', 'alice'],
      ['reject', 'alice'],
    ]);
  });

  it('validates the PATCH body as one of the four actions', async () => {
    const token = await h.token('alice');
    const id = await pending();
    for (const body of [{ action: 'publish' }, { action: 'reject' }, { action: 'reject', reason: '' }, { action: 'edit', overrides: { bodyText: 'x' } }, { action: 'set-announcement', value: 'yes' }, { action: 'approve', extra: 1 }]) {
      const response = await patch(h, id, body, { ...auth(token), 'if-match': '"1"' });
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    const plainText = await fetch(`${h.baseUrl}/practices/${id}`, { method: 'PATCH', headers: { ...auth(token), 'if-match': '1', 'content-type': 'text/plain' }, body: '{"action":"approve"}' });
    expect(plainText.status).toBe(415);
    const notJson = await fetch(`${h.baseUrl}/practices/${id}`, { method: 'PATCH', headers: { ...auth(token), 'if-match': '1', 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect((await h.repo.get(id))?.editorial.version).toBe(1);
  });

  it('lets 50 concurrent approvals of the same version through exactly once: 1 × 200 and 49 × 412', async () => {
    const id = await pending();
    const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => h.token(`editor-${i}`)));
    const statuses = await Promise.all(tokens.map((token) => patch(h, id, { action: 'approve' }, { ...auth(token), 'if-match': '"1"' }).then(async (r) => ({ status: r.status, body: await readJson(r) }))));
    const counts = statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s.status]: (acc[s.status] ?? 0) + 1 }), {});
    expect(counts).toEqual({ 200: 1, 412: 49 });
    for (const s of statuses.filter((x) => x.status === 412)) expect(s.body.currentVersion).toBe(2);
    const item = await h.repo.get(id);
    expect(item?.editorial).toMatchObject({ status: 'approved', version: 2 });
    expect((await h.repo.history(id, { limit: 100 })).items).toHaveLength(2);
    expect(h.published.filter((e) => e.type === 'practice.approved' && e.practiceId === id)).toHaveLength(1);
  });

  it('treats a retried request with the same Idempotency-Key as one: same answer, one write', async () => {
    const token = await h.token('bob');
    const id = await pending();
    const headers = { ...auth(token), 'if-match': '"1"', 'idempotency-key': 'retry-1' };
    const first = await patch(h, id, { action: 'approve' }, headers);
    const second = await patch(h, id, { action: 'approve' }, headers);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await readJson(second)).version).toBe(2);
    expect((await h.repo.history(id, { limit: 100 })).items).toHaveLength(2);
  });

  it('shows the queue oldest first, and the classifier rejections on request so that they can be promoted', async () => {
    const token = await h.token('carol');
    const negative = await pending(false);
    const queue = await readJson((await fetch(`${h.baseUrl}/review?limit=100`, { headers: auth(token) })));
    const created = queue.items.map((p: { createdAt: string }) => p.createdAt);
    expect([...created].sort()).toEqual(created);
    expect(queue.items.every((p: { status: string; isPracticeAnnouncement: boolean }) => p.status === 'pending' && p.isPracticeAnnouncement)).toBe(true);
    expect(queue.items.map((p: { id: string }) => p.id)).not.toContain(negative);

    const rejectedByClassifier = await readJson((await fetch(`${h.baseUrl}/review?classified=negative&limit=100`, { headers: auth(token) })));
    expect(rejectedByClassifier.items.map((p: { id: string }) => p.id)).toContain(negative);

    const promoted = await patch(h, negative, { action: 'set-announcement', value: true }, { ...auth(token), 'if-match': '"1"' });
    expect(promoted.status).toBe(200);
    expect(await readJson(promoted)).toMatchObject({ isPracticeAnnouncement: true, version: 2 });
    const approved = await patch(h, negative, { action: 'approve' }, { ...auth(token), 'if-match': '"2"' });
    expect(approved.status).toBe(200);
    const publicView = await fetch(`${h.baseUrl}/practices/${negative}`);
    expect(publicView.status).toBe(200);
    const demoted = await patch(h, negative, { action: 'set-announcement', value: false }, { ...auth(token), 'if-match': '"3"' });
    expect(demoted.status).toBe(200);
    expect((await fetch(`${h.baseUrl}/practices/${negative}`)).status).toBe(404);

    const bad = await fetch(`${h.baseUrl}/review?status=published`, { headers: auth(token) });
    expect(bad.status).toBe(400);
  });

  it('manages webhook subscriptions: create shows the secret once, list hides it, delete removes it', async () => {
    const token = await h.token('dave');
    const created = await fetch(`${h.baseUrl}/webhooks`, {
      method: 'POST',
      headers: { ...auth(token), 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hook', events: ['practice.approved', 'practice.approved'] }),
    });
    expect(created.status).toBe(201);
    const subscription = await readJson(created);
    expect(subscription).toMatchObject({ url: 'http://127.0.0.1:9/hook', events: ['practice.approved'], createdBy: 'dave' });
    expect(subscription.secret.length).toBeGreaterThanOrEqual(32);
    expect(created.headers.get('location')).toBe(`/webhooks/${subscription.id}`);

    const list = await readJson((await fetch(`${h.baseUrl}/webhooks`, { headers: auth(token) })));
    expect(list.items).toContainEqual({ id: subscription.id, url: subscription.url, events: ['practice.approved'], createdAt: subscription.createdAt, createdBy: 'dave' });
    expect(JSON.stringify(list)).not.toContain(subscription.secret);

    const deliveries = await readJson((await fetch(`${h.baseUrl}/webhooks/${subscription.id}/deliveries`, { headers: auth(token) })));
    expect(deliveries).toEqual({ items: [], nextCursor: null });

    for (const url of ['ftp://example.org/x', 'http://user:pw@example.org/x', 'not a url']) {
      const refused = await fetch(`${h.baseUrl}/webhooks`, { method: 'POST', headers: { ...auth(token), 'content-type': 'application/json' }, body: JSON.stringify({ url, events: ['source.failing'] }) });
      expect({ url, status: refused.status }).toEqual({ url, status: 400 });
    }
    expect((await fetch(`${h.baseUrl}/webhooks/${subscription.id}`, { method: 'DELETE', headers: auth(token) })).status).toBe(204);
    expect((await fetch(`${h.baseUrl}/webhooks/${subscription.id}`, { method: 'DELETE', headers: auth(token) })).status).toBe(404);
    expect((await fetch(`${h.baseUrl}/webhooks/${subscription.id}/deliveries`, { headers: auth(token) })).status).toBe(404);
  });
});
