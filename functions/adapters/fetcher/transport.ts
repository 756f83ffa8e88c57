import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions as HttpsRequestOptions } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { rootCertificates } from 'node:tls';
import { RetryableError } from '../../core/errors.js';
import { bare, Connector, proxyAuthorization, type ConnectCallback } from './connector.js';
import type { AddressPolicy, Resolver } from './ssrf-guard.js';

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

type AgentCallback = (error: Error | null, stream: Duplex) => void;
/** The agents call back with a socket or an error; the socket is absent only with an error. */
const asCallback = (callback: AgentCallback | undefined): ConnectCallback => (callback ?? (() => undefined)) as ConnectCallback;

const MAX_SOCKETS_PER_ORIGIN = 2;

/**
 * HTTP/1.1 over `node:http` and `node:https` with keep-alive agents per (proxy, CA) pair, whose
 * connections the {@link Connector} opens.
 *
 * Direct connections only reach addresses the policy permits: IP literals are checked before
 * connecting, names through a guarded `lookup` at connect time (so DNS rebinding is caught), and
 * the connected socket's remote address once more before any byte is sent. Through a proxy, the
 * proxy resolves the target: https targets go through an HTTP CONNECT tunnel with TLS to the
 * target inside it, http targets as absolute-URI requests to the proxy.
 */
export class Transport {
  private readonly agents = new Map<string, { http: HttpAgent; https: HttpsAgent }>();
  private readonly connector: Connector;
  private closed = false;

  constructor(private readonly options: TransportOptions) {
    this.connector = new Connector(options);
  }

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
    this.connector.close();
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
          this.connector.connectPlain(options, proxyUrl.protocol === 'https:', callback),
        ),
        https: agentConnectingWith(new HttpsAgent({ ...shared, ...(ca ? { ca } : {}) }), (options, callback) => this.connector.connectTunnel(proxyUrl, options, callback)),
      };
    } else {
      agents = {
        http: agentConnectingWith(new HttpAgent(shared), (options, callback) => this.connector.connectGuarded(options, false, callback)),
        https: agentConnectingWith(new HttpsAgent({ ...shared, ...(ca ? { ca } : {}) }), (options, callback) => this.connector.connectGuarded(options, true, callback)),
      };
    }
    this.agents.set(key, agents);
    return agents;
  }

}

/**
 * A keep-alive agent whose connections come from `connect` (guarded direct sockets, proxy
 * connections or CONNECT tunnels) instead of a plain `net.connect`.
 */
function agentConnectingWith<T extends HttpAgent>(agent: T, connect: (options: RequestOptions, callback: ConnectCallback) => void): T {
  (agent as unknown as { createConnection: (options: RequestOptions, callback?: AgentCallback) => undefined }).createConnection = (options, callback) => {
    connect(options, asCallback(callback));
    return undefined;
  };
  return agent;
}
