import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPracticeRepository } from '../../functions/adapters/memory/memory-practice-repository.js';
import type { NotificationEvent, Notifier } from '../../functions/core/ports.js';
import { publicEventsOnly } from '../../functions/core/practices/public-events.js';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';
import { patch, readJson, startApiHarness, type ApiHarness } from './api-harness.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('webhook deliveries fire only for public practices', () => {
  let h: ApiHarness;
  let receiver: Server;
  let receiverUrl: string;
  const received: Array<{ type: string; practiceId?: string }> = [];

  beforeAll(async () => {
    h = await startApiHarness('memory', { webhookNotifier: true });
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        received.push({ type: payload.type, practiceId: payload.event.practiceId });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    receiver?.closeAllConnections();
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
    await h?.close();
  });

  it('announces an approved announcement, and stays quiet about an approved non-announcement', async () => {
    const token = await h.token('ida');
    const created = await fetch(`${h.baseUrl}/webhooks`, { method: 'POST', headers: { ...auth(token), 'content-type': 'application/json' }, body: JSON.stringify({ url: receiverUrl, events: ['practice.approved'] }) });
    expect(created.status).toBe(201);

    const announcement = (await h.repo.recordObservation(practiceObservation(7600, { announcement: true }))).id;
    const other = (await h.repo.recordObservation(practiceObservation(7601, { announcement: false }))).id;
    expect((await patch(h, other, { action: 'approve' }, { ...auth(token), 'if-match': '"1"' })).status).toBe(200);
    expect((await patch(h, announcement, { action: 'approve' }, { ...auth(token), 'if-match': '"1"' })).status).toBe(200);

    expect(received).toEqual([{ type: 'practice.approved', practiceId: announcement }]);
  });

  it('does not offer unreviewed records as a subscription', async () => {
    const token = await h.token('ida');
    const refused = await fetch(`${h.baseUrl}/webhooks`, { method: 'POST', headers: { ...auth(token), 'content-type': 'application/json' }, body: JSON.stringify({ url: receiverUrl, events: ['practice.pending'] }) });
    expect(refused.status).toBe(400);
    expect(await readJson(refused)).toMatchObject({ status: 400 });
  });
});

describe('publicEventsOnly', () => {
  it('passes practice events only while the practice is public, and source events always', async () => {
    const repo = new MemoryPracticeRepository();
    const seen: NotificationEvent[] = [];
    const logged: unknown[] = [];
    const inner: Notifier = { publish: async (e) => void seen.push(e) };
    const notifier = publicEventsOnly(inner, repo, { error: (...args) => void logged.push(args) });
    const pending = (await repo.recordObservation(practiceObservation(7700))).id;
    const approved = (await repo.recordObservation(practiceObservation(7701))).id;
    await repo.applyEditorAction({ id: approved, expectedVersion: 1, action: { type: 'approve' }, actor: 'a', requestToken: 't1', at: '2025-01-01T00:00:00.000Z' });
    const withdrawn = (await repo.recordObservation(practiceObservation(7702))).id;
    await repo.applyEditorAction({ id: withdrawn, expectedVersion: 1, action: { type: 'approve' }, actor: 'a', requestToken: 't2', at: '2025-01-01T00:00:00.000Z' });
    await repo.applyEditorAction({ id: withdrawn, expectedVersion: 2, action: { type: 'set-announcement', value: false }, actor: 'a', requestToken: 't3', at: '2025-01-01T00:00:01.000Z' });

    const at = '2025-01-01T00:00:02.000Z';
    await notifier.publish({ type: 'practice.pending', practiceId: pending, title: 't', at });
    await notifier.publish({ type: 'practice.approved', practiceId: approved, title: 't', reviewer: 'a', at });
    await notifier.publish({ type: 'practice.approved', practiceId: withdrawn, title: 't', reviewer: 'a', at });
    await notifier.publish({ type: 'practice.approved', practiceId: 'missing', title: 't', reviewer: 'a', at });
    await notifier.publish({ type: 'source.failing', sourceId: 'mos-ru-news', code: 'timeout', message: 'm', consecutiveFailures: 3, at });
    expect(seen.map((e) => ('practiceId' in e ? e.practiceId : e.type))).toEqual([approved, 'source.failing']);

    const broken = publicEventsOnly(inner, { get: async () => { throw new Error('storage down'); } }, { error: (...args) => void logged.push(args) });
    await expect(broken.publish({ type: 'practice.approved', practiceId: approved, title: 't', reviewer: 'a', at })).resolves.toBeUndefined();
    expect(seen).toHaveLength(2);
    expect(logged).toHaveLength(1);
  });
});
