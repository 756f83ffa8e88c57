import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../functions/adapters/webhooks/signature.js';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';
import { patch, readJson, startApiHarness, type ApiHarness } from './api-harness.js';
import { describeNeedingDynamoDbLocal } from '../support/stack.js';

describeNeedingDynamoDbLocal('webhooks end to end (DynamoDB storage, real HTTP both ways)', () => {
  let h: ApiHarness;
  let receiver: Server;
  let receiverUrl: string;
  const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];

  beforeAll(async () => {
    h = await startApiHarness('dynamo', { webhookNotifier: true });
    let calls = 0;
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        calls += 1;
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        // The first delivery fails once, so that the retry shows in the log.
        res.writeHead(calls === 1 ? 503 : 200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/practice-watch`;
  }, 60_000);
  afterAll(async () => {
    receiver?.closeAllConnections();
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
    await h?.close();
  });

  it('signs and delivers "practice approved" to a subscriber created through the API, and logs the delivery', async () => {
    const auth = { authorization: `Bearer ${await h.token('erin')}` };
    const created = await fetch(`${h.baseUrl}/webhooks`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiverUrl, events: ['practice.approved'] }),
    });
    expect(created.status).toBe(201);
    const { id: webhookId, secret } = await readJson(created);

    const practiceId = (await h.repo.recordObservation(practiceObservation(7000))).id;
    const approved = await patch(h, practiceId, { action: 'approve' }, { ...auth, 'if-match': '"1"' });
    expect(approved.status).toBe(200);

    expect(received).toHaveLength(2);
    for (const delivery of received) {
      expect(verifyWebhookSignature({ secret, timestamp: String(delivery.headers['x-timestamp']), body: delivery.body, signature: String(delivery.headers['x-signature']) })).toBe(true);
      expect(delivery.headers['x-webhook-id']).toBe(webhookId);
    }
    expect(JSON.parse(received[1]!.body)).toMatchObject({ type: 'practice.approved', event: { practiceId, reviewer: 'erin' } });
    expect(received[0]!.headers['x-delivery-id']).toBe(received[1]!.headers['x-delivery-id']);

    const log = await readJson(await fetch(`${h.baseUrl}/webhooks/${webhookId}/deliveries`, { headers: auth }));
    expect(log.items).toEqual([expect.objectContaining({ subscriptionId: webhookId, eventType: 'practice.approved', status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null })]);
  });
});
