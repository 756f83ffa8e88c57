import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { HttpPageFetcher, type HttpPageFetcherOptions } from '../../../functions/adapters/fetcher/http-page-fetcher.js';
import { createAddressPolicy, type Resolver } from '../../../functions/adapters/fetcher/ssrf-guard.js';
import type { Politeness, SourceDefinition } from '../../../functions/core/source-definition.js';

/** One request as the fault server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  at: number;
}

export type Route = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest[]) => unknown;

/**
 * A local HTTP fault server on 127.0.0.1 and a random port. Routes are set per test; every
 * request is recorded with its arrival time (performance.now()).
 */
export class FaultServer {
  readonly seen: SeenRequest[] = [];
  readonly routes = new Map<string, Route>();
  private readonly sockets = new Set<Socket>();
  private server!: Server;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const path = req.url ?? '/';
      this.seen.push({ method: req.method ?? 'GET', path, headers: req.headers, at: performance.now() });
      const route = this.routes.get(path) ?? this.routes.get(path.split('?')[0]!) ?? this.routes.get('*');
      if (!route) {
        res.statusCode = 404;
        res.end('not found');
        return;
      }
      void route(req, res, this.seen);
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  requestsTo(path: string): SeenRequest[] {
    return this.seen.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A TCP listener that only counts connections: no request may ever reach it. */
export class TrapListener {
  connections = 0;
  private server!: NetServer;
  port = 0;

  async start(): Promise<this> {
    this.server = createNetServer((socket) => {
      this.connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A source definition for tests: allowlisted hosts and politeness only matter to the fetcher. */
export function testSource(hosts: string[], politeness: Partial<Politeness> = {}, charsetDefault = 'windows-1251'): SourceDefinition {
  return {
    id: 'test-source',
    name: 'Test source',
    homepage: `http://${hosts[0]}/`,
    jurisdiction: 'RU-MOW',
    language: 'ru',
    entryPoints: [],
    hosts,
    scheduleMinutes: 60,
    expectedCadenceHours: 24,
    timeZone: 'Europe/Moscow',
    charsetDefault,
    politeness: { minDelayMs: 1000, respectRobots: false, ...politeness },
    confidence: 'seen',
    parseListing: () => [],
    parseArticle: () => {
      throw new Error('not used');
    },
  };
}

/** Resolves every `*.test` name to 127.0.0.1 and nothing else. */
export const loopbackTestResolver: Resolver = async (hostname) => {
  if (hostname.endsWith('.test')) return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};

/**
 * A fetcher that may reach exactly the fault server's port on 127.0.0.1 (through `*.test`
 * names), with short test budgets. Production defaults stay untouched.
 */
export function testFetcher(port: number, overrides: Partial<HttpPageFetcherOptions> = {}): HttpPageFetcher {
  return new HttpPageFetcher({
    contactUrl: 'https://example.org/practice-watch',
    resolver: loopbackTestResolver,
    addressPolicy: createAddressPolicy({ ports: [80, 443, port], allow: [{ address: '127.0.0.1', port }] }),
    connectTimeoutMs: 1000,
    deadlineMs: 2000,
    retryBaseDelayMs: 20,
    ...overrides,
  });
}

/** Runs `fn`, returning its outcome (value or error) and how long it took. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const start = performance.now();
  try {
    const value = await fn();
    return { value, ms: performance.now() - start };
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
}
