import { readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedAddress } from '../../../functions/adapters/fetcher/ssrf-guard.js';
import { MemoryWebhookRepository } from '../../../functions/adapters/webhooks/memory-webhook-repository.js';
import { assertWebhookUrlAllowed, isNonPublicAddress } from '../../../functions/adapters/webhooks/url-policy.js';
import { WebhookNotifier } from '../../../functions/adapters/webhooks/webhook-notifier.js';
import { STRICT_WEBHOOK_URL_POLICY, type NotificationEvent, type WebhookSubscription } from '../../../functions/core/ports.js';
import { makeTestCertificates } from '../fetcher/support.js';

const event: Extract<NotificationEvent, { type: 'practice.approved' }> = { type: 'practice.approved', practiceId: 'abc', title: 'Практика', reviewer: 'alice', at: '2025-01-01T00:00:00.000Z' };
const subscription = (url: string): WebhookSubscription => ({
  id: crypto.randomUUID(),
  url,
  secret: 'a-shared-secret-of-enough-length',
  events: ['practice.approved'],
  createdAt: '2025-01-01T00:00:00.000Z',
  createdBy: 'alice',
});

describe('webhook targets that hide a non-public address', () => {
  it.each([
    // 6to4 (2002::/16) forms of loopback, link-local (metadata) and private addresses
    'http://[2002:7f00:1::]/x',
    'http://[2002:7f00:1::1]/x',
    'http://[2002:a9fe:a9fe::]/x',
    'http://[2002:c0a8:101::1]/x',
    'http://[2002:a00:1::]/x',
    // site-local
    'http://[fec0::1]/x',
    'http://[fed0::1]/x',
    // the general class: IPv4 embedded in IPv6
    'http://[64:ff9b::7f00:1]/x',
    'http://[64:ff9b:1::a9fe:a9fe]/x',
    'http://[::ffff:7f00:1]/x',
    'http://[::127.0.0.1]/x',
    'http://[::ffff:0:7f00:1]/x',
    'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/x',
    'http://[2001::1]/x',
    // outside global unicast and documentation
    'http://[100::1]/x',
    'http://[5f00::1]/x',
    'http://[3fff::1]/x',
    'http://192.88.99.1/x',
  ])('refuses %s', async (url) => {
    await expect(assertWebhookUrlAllowed(url, STRICT_WEBHOOK_URL_POLICY)).rejects.toThrow(/public address/);
  });

  it('refuses a host name when any address it resolves to is one of those forms', async () => {
    const answers: ResolvedAddress[][] = [
      [{ address: '2002:7f00:1::', family: 6 }],
      [{ address: '93.184.215.14', family: 4 }, { address: 'fec0::1', family: 6 }],
      [{ address: '64:ff9b::a9fe:a9fe', family: 6 }],
    ];
    for (const answer of answers) {
      await expect(assertWebhookUrlAllowed('https://hooks.example.org/x', STRICT_WEBHOOK_URL_POLICY, async () => answer)).rejects.toThrow(/public address/);
    }
    await expect(assertWebhookUrlAllowed('https://hooks.example.org/x', STRICT_WEBHOOK_URL_POLICY, async () => [{ address: '2a00:1450:4001:80b::200e', family: 6 }])).resolves.toBeInstanceOf(URL);
    expect(isNonPublicAddress('2a00:1450:4001:80b::200e')).toBe(false);
  });
});

describe('a delivery connects to the address that was checked', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
  });

  const listen = async (server: Server, host: string, port = 0) => {
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    closers.push(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
    return (server.address() as AddressInfo).port;
  };

  it('never resolves the name again after the check: a rebinding answer reaches no one, Host names the subscriber', async () => {
    const received: IncomingMessage[] = [];
    const receiver = createHttpServer((req, res) => {
      received.push(req);
      req.resume().on('end', () => res.writeHead(204).end());
    });
    const port = await listen(receiver, '127.0.0.1');
    // The trap listens where a second resolution would send the delivery.
    const trapConnections: Socket[] = [];
    const trap = createHttpServer((_req, res) => res.writeHead(200).end());
    trap.on('connection', (socket: Socket) => trapConnections.push(socket));
    await listen(trap, '127.0.0.2', port);

    let lookups = 0;
    const resolve = async (host: string): Promise<ResolvedAddress[]> => {
      lookups += 1;
      expect(host).toBe('hooks.example.test');
      return [{ address: lookups === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    };
    const notifier = new WebhookNotifier({ repository: new MemoryWebhookRepository(), policy: { allowPrivateTargets: true }, resolve, attempts: 1 });
    const delivery = await notifier.deliver(subscription(`http://hooks.example.test:${port}/in?k=1`), event);

    expect(delivery).toMatchObject({ status: 'delivered', lastStatusCode: 204 });
    expect(lookups).toBe(1);
    expect(trapConnections).toHaveLength(0);
    expect(received).toHaveLength(1);
    expect(received[0]!.headers.host).toBe(`hooks.example.test:${port}`);
    expect(received[0]!.url).toBe('/in?k=1');
  });

  it('keeps TLS right: SNI and the certificate check use the subscriber name, not the pinned address', async () => {
    let certs: ReturnType<typeof makeTestCertificates>;
    try {
      certs = makeTestCertificates('hooks.example.test');
    } catch {
      console.warn('openssl is missing: the TLS part of the pinning test is SKIPPED');
      return;
    }
    closers.push(async () => rmSync(certs.dir, { recursive: true, force: true }));
    const names: Array<string | false | null> = [];
    const hosts: Array<string | undefined> = [];
    const receiver = createHttpsServer({ key: certs.key, cert: certs.cert }, (req, res) => {
      names.push((req.socket as TLSSocket).servername);
      hosts.push(req.headers.host);
      req.resume().on('end', () => res.writeHead(200).end());
    });
    const port = await listen(receiver as unknown as Server, '127.0.0.1');
    const ca = readFileSync(certs.caPath);
    const resolve = async (): Promise<ResolvedAddress[]> => [{ address: '127.0.0.1', family: 4 }];
    const notifier = (name: string) =>
      new WebhookNotifier({ repository: new MemoryWebhookRepository(), policy: { allowPrivateTargets: true }, resolve, ca, attempts: 1 }).deliver(subscription(`https://${name}:${port}/in`), event);

    expect(await notifier('hooks.example.test')).toMatchObject({ status: 'delivered', lastStatusCode: 200 });
    expect(names).toEqual(['hooks.example.test']);
    expect(hosts).toEqual([`hooks.example.test:${port}`]);
    // A name the certificate does not cover fails, even though the address is the same.
    const wrong = await notifier('other.example.test');
    expect(wrong.status).toBe('failed');
    expect(wrong.lastError).toMatch(/network error/);
    expect(names).toHaveLength(1);
  });
});
