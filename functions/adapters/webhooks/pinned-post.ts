import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import type { ResolvedAddress } from '../fetcher/ssrf-guard.js';
import type { WebhookTarget } from './url-policy.js';

export interface PinnedPostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Checked again on the connected socket: a last line if anything between lookup and connect changed. */
  refuseAddress?: (address: string) => boolean;
  /** Extra trusted CA certificates (tests with their own receiver certificate). */
  ca?: string | Buffer;
}

/** Why a pinned POST failed before any answer: a timeout, or a network error. */
export class PinnedPostError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
    this.name = 'PinnedPostError';
  }
}

/** One spelling per address, so that `::1` and `0:0::1` compare equal. */
const canonical = (address: string) => (isIP(address) === 6 ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address);

/** A `lookup` that answers with the one address that was checked, whatever the name resolves to now. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as unknown as (error: null, addresses: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

/**
 * POSTs `body` to the target's URL over a fresh connection to the address that was checked
 * (`target.addresses[0]`), never resolving the name again (DNS rebinding). The URL's host name
 * still goes in the Host header and, over TLS, as SNI, and the certificate is verified against
 * it. Redirects are not followed. Resolves with the status code; the answer's body is discarded.
 */
export function postPinned(target: WebhookTarget, options: PinnedPostOptions): Promise<number> {
  const pinned = target.addresses[0]!;
  const { url, host } = target;
  const tls = url.protocol === 'https:';
  const send = tls ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    let settled = false;
    const fail = (error: PinnedPostError) => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(error);
    };
    const req = send(
      {
        protocol: url.protocol,
        hostname: host,
        port: url.port || (tls ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { ...options.headers, host: url.host, 'content-length': String(Buffer.byteLength(options.body)) },
        lookup: pinnedLookup(pinned),
        // One connection per delivery: a pooled socket could belong to an earlier resolution.
        agent: false,
        // SNI and certificate identity follow the name, as they would without pinning (never an IP literal).
        ...(tls ? { ...(isIP(host) ? {} : { servername: host }), ...(options.ca ? { ca: options.ca } : {}) } : {}),
      },
      (response: IncomingMessage) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // The answer's body is not needed; destroying frees the connection without reading an unbounded body.
        response.destroy();
        resolve(response.statusCode ?? 0);
      },
    );
    const timer = setTimeout(() => fail(new PinnedPostError('timeout', true)), options.timeoutMs);
    req.on('socket', (socket: Socket) => {
      socket.once('connect', () => {
        const remote = socket.remoteAddress ?? '';
        if (canonical(remote) !== canonical(pinned.address) || options.refuseAddress?.(remote)) fail(new PinnedPostError(`connected to ${remote}, not the checked address`, false));
      });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      fail(new PinnedPostError(error.message, false));
    });
    req.end(options.body);
  });
}
