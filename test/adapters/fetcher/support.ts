import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HttpPageFetcherOptions } from '../../../functions/adapters/fetcher/fetcher-options.js';
import { HttpPageFetcher } from '../../../functions/adapters/fetcher/http-page-fetcher.js';
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
 * A local HTTP fault server on 127.0.0.1 and a random port (HTTPS when given a key and a
 * certificate). Routes are set per test; every request is recorded with its arrival time
 * (performance.now()).
 */
export class FaultServer {
  readonly seen: SeenRequest[] = [];
  readonly routes = new Map<string, Route>();
  private readonly sockets = new Set<Socket>();
  private server!: Server;
  port = 0;

  constructor(private readonly tls?: { key: Buffer; cert: Buffer }) {}

  async start(): Promise<this> {
    const handle = (req: IncomingMessage, res: ServerResponse) => {
      const path = req.url ?? '/';
      this.seen.push({ method: req.method ?? 'GET', path, headers: req.headers, at: performance.now() });
      const route = this.routes.get(path) ?? this.routes.get(path.split('?')[0]!) ?? this.routes.get('*');
      if (!route) {
        res.statusCode = 404;
        res.end('not found');
        return;
      }
      void route(req, res, this.seen);
    };
    this.server = this.tls ? createHttpsServer(this.tls, handle) : createServer(handle);
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

/**
 * A forward proxy on 127.0.0.1 that sends every CONNECT tunnel and every absolute-URI request to
 * the target port on 127.0.0.1, whatever name was asked for, and logs them (`CONNECT host:port`,
 * `GET http://…`). `connectStatus` other than 200 refuses tunnels with that status.
 */
export class ConnectProxy {
  readonly log: string[] = [];
  /** The Proxy-Authorization header of each logged request (undefined when absent). */
  readonly authorizations: Array<string | undefined> = [];
  connectStatus = 200;
  private readonly sockets = new Set<Socket>();
  private server!: Server;
  port = 0;

  constructor(private readonly targetPort: () => number) {}

  get tunnels(): string[] {
    return this.log.filter((line) => line.startsWith('CONNECT '));
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.log.push(`${req.method} ${req.url}`);
      this.authorizations.push(req.headers['proxy-authorization']);
      delete req.headers['proxy-authorization'];
      const target = new URL(req.url ?? '/');
      const upstream = httpRequest({ host: '127.0.0.1', port: this.targetPort(), path: target.pathname + target.search, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end();
    });
    this.server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      this.log.push(`CONNECT ${req.url}`);
      this.authorizations.push(req.headers['proxy-authorization']);
      socket.on('error', () => undefined);
      if (this.connectStatus !== 200) {
        socket.end(`HTTP/1.1 ${this.connectStatus} Refused\r\ncontent-length: 0\r\n\r\n`);
        return;
      }
      const upstream = connect(this.targetPort(), '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      this.sockets.add(upstream);
      upstream.on('close', () => this.sockets.delete(upstream));
      upstream.on('error', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Client connections still open (tunnels included). */
  openConnections(): Promise<number> {
    return new Promise((resolve, reject) => this.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Makes, with openssl, a test CA (`caPath`) and a certificate for `hostname` it signed, in a new
 * temporary directory. Throws when openssl is missing: the tests that need it cannot pass without.
 */
export function makeTestCertificates(hostname: string): { dir: string; caPath: string; key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-tls-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test Proxy Root CA');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${hostname}`);
  writeFileSync(path.join(dir, 'ext.cnf'), `subjectAltName=DNS:${hostname}\n`);
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
  return { dir, caPath: path.join(dir, 'ca.pem'), key: readFileSync(path.join(dir, 'server.key')), cert: readFileSync(path.join(dir, 'server.pem')) };
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
