import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../../functions/adapters/aws-clients.js';
import { ensureTable } from '../../../functions/adapters/dynamo/ensure-table.js';
import { DynamoWebhookRepository } from '../../../functions/adapters/webhooks/dynamo-webhook-repository.js';
import { MemoryWebhookRepository } from '../../../functions/adapters/webhooks/memory-webhook-repository.js';
import { verifyWebhookSignature } from '../../../functions/adapters/webhooks/signature.js';
import { assertWebhookUrlAllowed, isNonPublicAddress } from '../../../functions/adapters/webhooks/url-policy.js';
import { WebhookNotifier } from '../../../functions/adapters/webhooks/webhook-notifier.js';
import { STRICT_WEBHOOK_URL_POLICY, type NotificationEvent, type WebhookRepository, type WebhookSubscription } from '../../../functions/core/ports.js';
import { storageBackends, testConfig } from '../../support/stack.js';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A real webhook receiver on loopback; `answers` scripts the status of each successive request. */
async function startReceiver(answers: number[]) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answers[received.length - 1] ?? 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const event: NotificationEvent = { type: 'practice.approved', practiceId: 'abc', title: 'Практика «Тест»', reviewer: 'alice', at: '2025-01-01T00:00:00.000Z' };
const subscription = (url: string, overrides: Partial<WebhookSubscription> = {}): WebhookSubscription => ({
  id: crypto.randomUUID(),
  url,
  secret: 'a-shared-secret-of-enough-length',
  events: ['practice.approved'],
  createdAt: '2025-01-01T00:00:00.000Z',
  createdBy: 'alice',
  ...overrides,
});

describe('WebhookNotifier', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
  });
  const delays: number[] = [];
  const notifier = (repository: WebhookRepository) =>
    new WebhookNotifier({ repository, policy: { allowPrivateTargets: true }, random: () => 1, sleep: async (ms) => void delays.push(ms), baseDelayMs: 100, maxDelayMs: 250, timeoutMs: 2000 });

  it('POSTs the event to each subscriber of its type, signed so that the receiver can verify it', async () => {
    const receiver = await startReceiver([204]);
    closers.push(receiver.close);
    const other = await startReceiver([]);
    closers.push(other.close);
    const repository = new MemoryWebhookRepository();
    const sub = subscription(receiver.url);
    await repository.create(sub);
    await repository.create(subscription(other.url, { events: ['source.failing'] }));

    await notifier(repository).publish(event);

    expect(receiver.received).toHaveLength(1);
    expect(other.received).toHaveLength(0);
    const { headers, body } = receiver.received[0]!;
    expect(JSON.parse(body)).toMatchObject({ type: 'practice.approved', event });
    expect(verifyWebhookSignature({ secret: sub.secret, timestamp: String(headers['x-timestamp']), body, signature: String(headers['x-signature']) })).toBe(true);
    expect(verifyWebhookSignature({ secret: 'another-secret-of-enough-length', timestamp: String(headers['x-timestamp']), body, signature: String(headers['x-signature']) })).toBe(false);
    expect(verifyWebhookSignature({ secret: sub.secret, timestamp: String(headers['x-timestamp']), body: body.replace('alice', 'mallory'), signature: String(headers['x-signature']) })).toBe(false);
    const log = await repository.listDeliveries(sub.id, { limit: 10 });
    expect(log.items).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1, lastStatusCode: 204, lastError: null, eventType: 'practice.approved' })]);
  });

  /** A subscriber whose receiver answers `answers` in turn, and a way to deliver the event to it. */
  async function subscriberAnswering(answers: number[]) {
    const receiver = await startReceiver(answers);
    closers.push(receiver.close);
    const repository = new MemoryWebhookRepository();
    const sub = subscription(receiver.url);
    await repository.create(sub);
    return { receiver, deliver: () => notifier(repository).deliver(sub, event) };
  }

  it('retries 5xx with growing, bounded backoff and records the attempts', async () => {
    delays.length = 0;
    const { receiver, deliver } = await subscriberAnswering([503, 500, 200]);
    const delivery = await deliver();
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200 });
    expect(receiver.received).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
  });

  it.each([408, 425, 429])('retries a %i (the receiver asks for patience) and records its status', async (status) => {
    const { deliver } = await subscriberAnswering([status, 200]);
    expect(await deliver()).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null });
    expect(await deliver()).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it.each([301, 404, 410])('does not retry a %i', async (status) => {
    const { deliver } = await subscriberAnswering([status, 200]);
    expect(await deliver()).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: status, lastError: `HTTP ${status}` });
  });

  it('gives up after 3 attempts, does not retry a 4xx, and never throws into the publisher', async () => {
    const failing = await startReceiver([500, 500, 500, 500]);
    closers.push(failing.close);
    const refusing = await startReceiver([400, 400]);
    closers.push(refusing.close);
    const repository = new MemoryWebhookRepository();
    const a = subscription(failing.url);
    const b = subscription(refusing.url);
    const c = subscription('http://127.0.0.1:1/closed-port');
    for (const s of [a, b, c]) await repository.create(s);

    await expect(notifier(repository).publish(event)).resolves.toBeUndefined();

    expect(failing.received).toHaveLength(3);
    expect(refusing.received).toHaveLength(1);
    expect((await repository.listDeliveries(a.id, { limit: 5 })).items[0]).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500' });
    expect((await repository.listDeliveries(b.id, { limit: 5 })).items[0]).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 400 });
    expect((await repository.listDeliveries(c.id, { limit: 5 })).items[0]).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: null, lastError: expect.stringContaining('network error') });

    const broken: WebhookRepository = { ...repository, list: async () => { throw new Error('table gone'); } } as unknown as WebhookRepository;
    await expect(new WebhookNotifier({ repository: broken }).publish(event)).resolves.toBeUndefined();
  });

  it('stops retrying when the delivery deadline would pass, timing out a hanging receiver', async () => {
    const hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => { hanging.closeAllConnections(); hanging.close(() => resolve()); }));
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hook`;
    const repository = new MemoryWebhookRepository();
    const started = Date.now();
    const delivery = await new WebhookNotifier({ repository, policy: { allowPrivateTargets: true }, timeoutMs: 5000, deadlineMs: 600, baseDelayMs: 50, random: () => 1 }).deliver(subscription(url), event);
    const elapsed = Date.now() - started;
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, lastError: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(elapsed).toBeLessThan(2000);
  });

  it('refuses to deliver to a loopback target under the strict policy, without connecting', async () => {
    const receiver = await startReceiver([200]);
    closers.push(receiver.close);
    const repository = new MemoryWebhookRepository();
    const sub = subscription(receiver.url);
    const delivery = await new WebhookNotifier({ repository, sleep: async () => {} }).deliver(sub, event);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1 });
    const onWebPort = await new WebhookNotifier({ repository, sleep: async () => {} }).deliver(subscription('http://127.0.0.1/hook'), event);
    expect(onWebPort.lastError).toMatch(/public address/);
    expect(delivery.lastError).toMatch(/^target refused/);
    expect(receiver.received).toHaveLength(0);
  });
});

describe('assertWebhookUrlAllowed (strict policy)', () => {
  it.each([
    'http://127.0.0.1/x', 'http://127.1/x', 'http://2852039166/x', 'http://0xA9FEA9FE/x', 'http://0251.0376.0251.0376/x', 'http://0.0.0.0/x',
    'http://[::]/x', 'http://[::1]/x', 'http://[::ffff:a9fe:a9fe]/x', 'http://[64:ff9b::a9fe:a9fe]/x', 'http://10.1.2.3/x', 'http://100.64.0.1/x',
    'http://198.18.0.1/x', 'http://[fd00::1]/x', 'http://[fe80::1]/x', 'http://allowed.example@127.0.0.1/x', 'file:///etc/passwd',
    'gopher://example.org/', 'http://93.184.215.14:22/x', 'http://localhost/x',
  ])('refuses %s', async (url) => {
    await expect(assertWebhookUrlAllowed(url, STRICT_WEBHOOK_URL_POLICY)).rejects.toMatchObject({ code: 'validation' });
  });

  it('accepts a public address on a web port', async () => {
    await expect(assertWebhookUrlAllowed('https://93.184.215.14/hook', STRICT_WEBHOOK_URL_POLICY)).resolves.toBeInstanceOf(URL);
    expect(isNonPublicAddress('93.184.215.14')).toBe(false);
    expect(isNonPublicAddress('2a00:1450:4001:80b::200e')).toBe(false);
  });
});

describe.each(storageBackends(['memory', 'dynamo'] as const))('%s webhook repository', (kind) => {
  let repository: WebhookRepository;
  beforeAll(async () => {
    if (kind === 'memory') {
      repository = new MemoryWebhookRepository();
      return;
    }
    const config = testConfig();
    const client = createDynamoClient(config);
    await ensureTable(client, config.tableName);
    repository = new DynamoWebhookRepository(client, config.tableName);
  });
  afterAll(() => undefined);

  it('stores, lists, deletes subscriptions and pages the delivery log newest first', async () => {
    const a = subscription('https://a.example/hook');
    const b = subscription('https://b.example/hook', { events: ['source.failing', 'practice.pending'] });
    await repository.create(a);
    await repository.create(b);
    expect(await repository.get(b.id)).toEqual(b);
    expect((await repository.list()).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    for (let i = 0; i < 7; i += 1) {
      await repository.recordDelivery({ id: `d${i}`, subscriptionId: a.id, eventType: 'practice.approved', status: i % 2 ? 'failed' : 'delivered', attempts: 1, lastStatusCode: 200, lastError: null, startedAt: `2025-01-0${i + 1}T00:00:00.000Z`, finishedAt: `2025-01-0${i + 1}T00:00:01.000Z` });
    }
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await repository.listDeliveries(a.id, { limit: 3, after });
      seen.push(...page.items.map((d) => d.id));
      after = page.next;
    } while (after);
    expect(seen).toEqual(['d6', 'd5', 'd4', 'd3', 'd2', 'd1', 'd0']);
    expect(await repository.delete(a.id)).toBe(true);
    expect(await repository.delete(a.id)).toBe(false);
    expect(await repository.get(a.id)).toBeNull();
    expect((await repository.list()).map((s) => s.id)).toEqual([b.id]);
  });
});
