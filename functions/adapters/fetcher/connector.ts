import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { NonRetryableError } from '../../core/errors.js';
import { SsrfBlockedError, guardedLookup, type AddressPolicy, type Resolver } from './ssrf-guard.js';

/** A connection, TLS handshake and proxy tunnel included, that was not ready within the connect timeout. */
export class ConnectTimeoutError extends Error {
  readonly code = 'CONNECT_TIMEOUT';

  constructor(ms: number) {
    super(`connect timeout after ${ms} ms`);
    this.name = 'ConnectTimeoutError';
  }
}

/** What a connector needs to open connections safely. */
export interface ConnectorOptions {
  resolver: Resolver;
  addressPolicy: AddressPolicy;
  connectTimeoutMs: number;
}

/** How a connection is handed over: a socket, or the error met while setting it up. */
export type ConnectCallback = (error: Error | null, stream?: Duplex) => void;
type Closable = { destroy(error?: Error): unknown };

/** A host name or address without the brackets of an IPv6 literal. */
export const bare = (host: string) => host.replace(/^\[|\]$/g, '');

/**
 * Opens the sockets the transport's agents use, each ready (connected, TLS done, tunnel up) within
 * the connect timeout: guarded direct connections, connections to a proxy, and CONNECT tunnels
 * through a proxy with TLS to the target inside.
 */
export class Connector {
  /** Connections being set up, so that close() can stop them and no timer outlives it. */
  private readonly pending = new Set<Closable>();

  constructor(private readonly options: ConnectorOptions) {}

  /** Destroys every connection still being set up. */
  close(): void {
    for (const connection of this.pending) connection.destroy();
    this.pending.clear();
  }

  /** Opens a direct connection that may only reach an address the policy permits. */
  connectGuarded(options: RequestOptions & { servername?: string; ca?: unknown }, secure: boolean, callback: ConnectCallback): void {
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
  connectPlain(options: RequestOptions & { servername?: string }, secure: boolean, callback: ConnectCallback): void {
    const host = bare(String(options.host ?? 'localhost'));
    const port = Number(options.port) || (secure ? 443 : 80);
    const socket: Socket = secure ? tlsConnect({ host, port, ALPNProtocols: ['http/1.1'], ...(isIP(host) ? {} : { servername: host }) }) : netConnect({ host, port });
    this.whenReady(socket, secure ? 'secureConnect' : 'connect', this.options.connectTimeoutMs, callback);
  }

  /** Opens an HTTP CONNECT tunnel through the proxy and a TLS session to the target inside it. */
  connectTunnel(proxy: URL, options: RequestOptions & { servername?: string; ca?: unknown }, callback: ConnectCallback): void {
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
  private whenReady(socket: Socket, ready: 'connect' | 'secureConnect', timeoutMs: number, callback: ConnectCallback, check?: () => Error | null): void {
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

/** The `Proxy-Authorization` header for credentials in the proxy URL, if any. */
export function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}
