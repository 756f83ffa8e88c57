import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { readFileSync } from 'node:fs';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions as HttpsRequestOptions } from 'node:https';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, rootCertificates } from 'node:tls';
import { NonRetryableError, RetryableError } from '../../core/errors.js';
import { SsrfBlockedError, guardedLookup, type AddressPolicy, type Resolver } from './ssrf-guard.js';

/** A connection, TLS handshake and proxy tunnel included, that was not ready within the connect timeout. */
export class ConnectTimeoutError extends Error {
  readonly code = 'CONNECT_TIMEOUT';

  constructor(ms: number) {
    super(`connect timeout after ${ms} ms`);
    this.name = 'ConnectTimeoutError';
  }
}

/** What a transport needs to open connections safely. */
export interface TransportOptions {
  resolver: Resolver;
  addressPolicy: AddressPolicy;
  connectTimeoutMs: number;
  /** Sends every direct connection to this host and port instead of the URL's (the local replay). */
  connectOverride?: { host: string; port: number } | undefined;
}

/** One request to send: the URL stays the real site's whatever the connection goes to. */
export interface OutgoingRequest {
  url: URL;
  headers: Record<string, string>;
  proxy?: string | undefined;
  /** A PEM bundle trusted in addition to Node's roots (never instead of them). */
  caBundlePath?: string | undefined;
  signal: AbortSignal;
}

type Callback = (error: Error | null, stream?: Duplex) => void;
type AgentCallback = (error: Error | null, stream: Duplex) => void;
/** The agents call back with a socket or an error; the socket is absent only with an error. */
const asCallback = (callback: AgentCallback | undefined): Callback => (callback ?? (() => undefined)) as Callback;
type Closable = { destroy(error?: Error): unknown };

const MAX_SOCKETS_PER_ORIGIN = 2;
const bare = (host: string) => host.replace(/^\[|\]$/g, '');

/**
 * HTTP/1.1 over `node:http` and `node:https` with keep-alive agents per (proxy, CA) pair.
 *
 * Direct connections only reach addresses the policy permits: IP literals are checked before
 * connecting, names through a guarded `lookup` at connect time (so DNS rebinding is caught), and
 * the connected socket's remote address once more before any byte is sent. Through a proxy, the
 * proxy resolves the target: https targets go through an HTTP CONNECT tunnel with TLS to the
 * target inside it, http targets as absolute-URI requests to the proxy.
 */
export class Transport {
  private readonly agents = new Map<string, { http: HttpAgent; https: HttpsAgent }>();
  /** Connections being set up, so that close() can stop them and no timer outlives it. */
  private readonly pending = new Set<Closable>();
  private closed = false;

  constructor(private readonly options: TransportOptions) {}

  /** Sends a GET and resolves with the response head; the signal aborts it at any point, body included. */
  request(req: OutgoingRequest): Promise<IncomingMessage> {
    return this.send(req, true);
  }

  private send(req: OutgoingRequest, retryStale: boolean): Promise<IncomingMessage> {
    const { url, signal } = req;
    const secure = url.protocol === 'https:';
    if (this.closed) return Promise.reject(new RetryableError('network', 'the fetcher has been closed', { url: url.href }));
    const agents = this.agentsFor(req.proxy, req.caBundlePath);
    let send: typeof httpRequest;
    let options: HttpsRequestOptions;
    if (req.proxy && !secure) {
      const proxy = new URL(req.proxy);
      send = proxy.protocol === 'https:' ? httpsRequest : httpRequest;
      options = {
        host: bare(proxy.hostname),
        port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
        path: url.href,
        headers: { ...req.headers, host: url.host, ...proxyAuthorization(proxy) },
        agent: agents.http,
      };
    } else {
      const hostname = bare(url.hostname);
      const target = !req.proxy && this.options.connectOverride ? this.options.connectOverride : { host: hostname, port: Number(url.port) || (secure ? 443 : 80) };
      send = secure ? httpsRequest : httpRequest;
      options = {
        host: bare(target.host),
        port: target.port,
        path: url.pathname + url.search,
        headers: { ...req.headers, host: url.host },
        agent: secure ? agents.https : agents.http,
        ...(secure && !isIP(hostname) ? { servername: hostname } : {}),
      };
    }
    return new Promise<IncomingMessage>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason as Error);
      const request: ClientRequest = send({ ...options, method: 'GET' });
      const onAbort = () => request.destroy(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      let responded = false;
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (signal.aborted) return reject(signal.reason as Error);
        // A pooled connection the server closed just as we reused it: the GET never reached it,
        // so it goes once more, as browsers do, rather than failing the fetch (or its robots.txt).
        if (retryStale && !responded && !this.closed && request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
          return resolve(this.send(req, false));
        }
        reject(error);
      });
      request.once('response', (response) => {
        responded = true;
        // Errors after this point reach whoever reads the body; none may go unhandled meanwhile.
        response.on('error', () => undefined);
        response.once('close', () => signal.removeEventListener('abort', onAbort));
        resolve(response);
      });
      request.end();
    });
  }

  /** Destroys every pooled, busy and half-open connection; later requests fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const { http, https } of this.agents.values()) {
      http.destroy();
      https.destroy();
    }
    this.agents.clear();
    for (const connection of this.pending) connection.destroy();
    this.pending.clear();
  }

  private agentsFor(proxy: string | undefined, caBundlePath: string | undefined): { http: HttpAgent; https: HttpsAgent } {
    const key = `${proxy ?? ''}|${caBundlePath ?? ''}`;
    let agents = this.agents.get(key);
    if (agents) return agents;
    const ca = caBundlePath ? [...rootCertificates, readFileSync(caBundlePath, 'utf8')] : undefined;
    const shared = { keepAlive: true, maxSockets: MAX_SOCKETS_PER_ORIGIN };
    if (proxy) {
      const proxyUrl = new URL(proxy);
      agents = {
        // Absolute-URI requests to http targets over keep-alive connections to the proxy itself.
        http: agentConnectingWith(proxyUrl.protocol === 'https:' ? new HttpsAgent(shared) : new HttpAgent(shared), (options, callback) =>
          this.connectPlain(options, proxyUrl.protocol === 'https:', callback),
        ),
        https: agentConnectingWith(new HttpsAgent({ ...shared, ...(ca ? { ca } : {}) }), (options, callback) => this.connectTunnel(proxyUrl, options, callback)),
      };
    } else {
      agents = {
        http: agentConnectingWith(new HttpAgent(shared), (options, callback) => this.connectGuarded(options, false, callback)),
        https: agentConnectingWith(new HttpsAgent({ ...shared, ...(ca ? { ca } : {}) }), (options, callback) => this.connectGuarded(options, true, callback)),
      };
    }
    this.agents.set(key, agents);
    return agents;
  }

  /** Opens a direct connection that may only reach an address the policy permits. */
  connectGuarded(options: RequestOptions & { servername?: string; ca?: unknown }, secure: boolean, callback: Callback): void {
    const { resolver, addressPolicy } = this.options;
    const host = bare(String(options.host ?? 'localhost'));
    const port = Number(options.port) || (secure ? 443 : 80);
    if (isIP(host)) {
      const reason = addressPolicy.refuse(host, port);
      if (reason) return process.nextTick(callback, new SsrfBlockedError(`address ${host} refused: ${reason}`, { address: host }));
    }
    const lookup = guardedLookup(resolver, addressPolicy, port);
    const socket: Socket = secure
      ? tlsConnect({ host, port, lookup, ALPNProtocols: ['http/1.1'], ...(options.servername ? { servername: options.servername } : {}), ...(options.ca ? { ca: options.ca as string[] } : {}) })
      : netConnect({ host, port, lookup });
    this.whenReady(socket, secure ? 'secureConnect' : 'connect', this.options.connectTimeoutMs, callback, () => {
      const remote = socket.remoteAddress;
      const reason = remote ? addressPolicy.refuse(remote, port) : 'no remote address';
      return reason ? new SsrfBlockedError(`connected address ${remote ?? '?'} refused: ${reason}`, { address: remote }) : null;
    });
  }

  /** Opens a connection to a proxy (the operator's choice: not subject to the address policy). */
  connectPlain(options: RequestOptions & { servername?: string }, secure: boolean, callback: Callback): void {
    const host = bare(String(options.host ?? 'localhost'));
    const port = Number(options.port) || (secure ? 443 : 80);
    const socket: Socket = secure ? tlsConnect({ host, port, ALPNProtocols: ['http/1.1'], ...(isIP(host) ? {} : { servername: host }) }) : netConnect({ host, port });
    this.whenReady(socket, secure ? 'secureConnect' : 'connect', this.options.connectTimeoutMs, callback);
  }

  /** Opens an HTTP CONNECT tunnel through the proxy and a TLS session to the target inside it. */
  connectTunnel(proxy: URL, options: RequestOptions & { servername?: string; ca?: unknown }, callback: Callback): void {
    const started = performance.now();
    const timeoutMs = this.options.connectTimeoutMs;
    const host = bare(String(options.host ?? ''));
    const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${Number(options.port) || 443}`;
    const send = proxy.protocol === 'https:' ? httpsRequest : httpRequest;
    const connect = send({
      host: bare(proxy.hostname),
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...proxyAuthorization(proxy) },
      agent: false,
    });
    this.pending.add(connect);
    let done = false;
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.pending.delete(connect);
      connect.destroy();
      callback(error);
    };
    const timer = setTimeout(() => fail(new ConnectTimeoutError(timeoutMs)), timeoutMs);
    connect.once('error', fail);
    connect.once('connect', (response: IncomingMessage, socket: Socket, head: Buffer) => {
      if (done) return socket.destroy();
      done = true;
      clearTimeout(timer);
      this.pending.delete(connect);
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        socket.destroy();
        // A proxy that cannot reach the target answers 5xx: worth another try; anything else is configuration.
        const error =
          status >= 500
            ? Object.assign(new Error(`the proxy could not open a tunnel to ${authority} (${status})`), { code: 'EPROXY' })
            : new NonRetryableError('network', `the proxy refused a tunnel to ${authority} (${status})`, { proxyStatus: status });
        return callback(error);
      }
      if (head.length > 0) socket.unshift(head);
      // Once the tunnel is up the HTTP client lets go of the socket; TLS reports its failures.
      socket.on('error', () => undefined);
      const tls = tlsConnect({ socket, ALPNProtocols: ['http/1.1'], ...(options.servername ? { servername: options.servername } : {}), ...(options.ca ? { ca: options.ca as string[] } : {}) });
      this.whenReady(tls, 'secureConnect', Math.max(1, timeoutMs - (performance.now() - started)), (error, stream) => {
        if (error) socket.destroy();
        callback(error, stream);
      });
    });
    connect.end();
  }

  /**
   * Hands the socket over once it is `ready` (and passes `check` on connect), or the error it
   * met; destroys it when that takes longer than `timeoutMs`.
   */
  private whenReady(socket: Socket, ready: 'connect' | 'secureConnect', timeoutMs: number, callback: Callback, check?: () => Error | null): void {
    this.pending.add(socket);
    let done = false;
    const finish = (error: Error | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.pending.delete(socket);
      socket.off('error', finish).off('close', onClose).off(ready, onReady);
      if (error) {
        socket.destroy();
        return callback(error);
      }
      callback(null, socket);
    };
    const onClose = () => finish(Object.assign(new Error('the connection closed while being set up'), { code: 'ECONNRESET' }));
    const onReady = () => finish(null);
    const timer = setTimeout(() => finish(new ConnectTimeoutError(timeoutMs)), timeoutMs);
    socket.once('error', finish).once('close', onClose);
    if (check) {
      socket.once('connect', () => {
        const refused = check();
        if (refused) finish(refused);
      });
    }
    socket.once(ready, onReady);
  }
}

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/**
 * A keep-alive agent whose connections come from `connect` (guarded direct sockets, proxy
 * connections or CONNECT tunnels) instead of a plain `net.connect`.
 */
function agentConnectingWith<T extends HttpAgent>(agent: T, connect: (options: RequestOptions, callback: Callback) => void): T {
  (agent as unknown as { createConnection: (options: RequestOptions, callback?: AgentCallback) => undefined }).createConnection = (options, callback) => {
    connect(options, asCallback(callback));
    return undefined;
  };
  return agent;
}
