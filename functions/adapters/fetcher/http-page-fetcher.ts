import { setMaxListeners } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { Readable, Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import type { Config } from '../../config.js';
import { CriticalError, NonRetryableError, PipelineError, RetryableError, type ErrorContext } from '../../core/errors.js';
import type { Validators } from '../../core/model.js';
import { systemClock, type Clock, type FetchedPage, type FetchRequest, type NotModified, type PageFetcher } from '../../core/ports.js';
import type { SourceProfile } from '../../core/source-definition.js';
import { isAntiBotResponse } from './anti-bot.js';
import { decodeBody } from './decode.js';
import { HostQueue } from './host-queue.js';
import { RobotsCache, type RobotsFetchOutcome } from './robots.js';
import {
  SsrfBlockedError,
  checkUrl,
  effectivePort,
  resolveChecked,
  strictAddressPolicy,
  systemResolver,
  type AddressPolicy,
  type Resolver,
} from './ssrf-guard.js';
import { Transport } from './transport.js';

const MiB = 1024 * 1024;
/** The body cap (after decompression) for sources that set none; the CLI reads files under it too. */
export const DEFAULT_MAX_BODY_BYTES = 5 * MiB;
/** RFC 9309: crawlers must parse at least 500 KiB of robots.txt; more is not needed. */
const ROBOTS_MAX_BYTES = 512 * 1024;
const MIN_HOST_DELAY_MS = 1000;

/** Options of {@link HttpPageFetcher}. Everything but `contactUrl` has a production default. */
export interface HttpPageFetcherOptions {
  /** Contact URL named in the default User-Agent. */
  contactUrl: string;
  /** Product token used in the User-Agent and to pick the robots.txt group. Default `PracticeWatch`. */
  productToken?: string;
  /** Full User-Agent; default `PracticeWatch/1.0 (+<contactUrl>)`. A source may override it. */
  userAgent?: string;
  /** Global outbound proxy URL; a source's `politeness.proxy` takes precedence. */
  proxy?: string | undefined;
  /** TCP/TLS connect timeout. Default 10 s. */
  connectTimeoutMs?: number;
  /**
   * Deadline of one attempt: connection, every redirect hop and the whole body. Default 20 s.
   * An attempt that runs out of it is not retried (a server that drips bytes will drip again).
   */
  deadlineMs?: number;
  /** Body cap after decompression unless the source sets one. Default 5 MiB. */
  maxBodyBytes?: number;
  /** Redirect hops followed, each re-validated. Default 5. */
  maxRedirects?: number;
  /** Retries after the first attempt on 5xx, 408, 429 and network errors. Default 2. */
  retries?: number;
  /** Base of the jittered exponential backoff between attempts. Default 1 s. */
  retryBaseDelayMs?: number;
  /** Longest Retry-After honoured by waiting; a longer one fails with `rate_limited`. Default 60 s. */
  maxRetryAfterSeconds?: number;
  /** How long a robots.txt verdict is kept (capped at 24 h). */
  robotsMaxAgeMs?: number;
  /** Resolves host names; tests map names to trap or loopback addresses. Default: the system resolver. */
  resolver?: Resolver;
  /** Which ports and addresses may be contacted. Default {@link strictAddressPolicy}. */
  addressPolicy?: AddressPolicy;
  /**
   * Sends every connection to this host and port instead of the URL's (the local replay server).
   * URLs, Host headers, the allowlist and robots.txt stay those of the real site; the override
   * address is still checked against `addressPolicy`. Absent in production; not applied through a proxy.
   */
  connectOverride?: { host: string; port: number };
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1). */
  random?: () => number;
}

/** Sleeps, but wakes at once when `signal` aborts (the fetcher closes), so that no timer outlives it. */
function sleepUntil(signal: AbortSignal): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', wake);
        resolve();
      }, ms);
      signal.addEventListener('abort', wake, { once: true });
    });
}

/** Why an attempt's exchange failed; its class says whether another attempt may help. */
interface AttemptFailure {
  error: PipelineError;
  retryAfterSeconds?: number;
}

class AttemptError extends Error {
  constructor(readonly failure: AttemptFailure) {
    super(failure.error.message);
  }
}

type HopResult =
  | { kind: 'redirect'; location: string }
  | { kind: 'not-modified'; headers: Record<string, string> }
  | { kind: 'ok'; status: number; headers: Record<string, string>; bytes: Uint8Array };

/**
 * The project's polite and safe HTTP fetcher (the {@link PageFetcher} port), on `node:http` and
 * `node:https` (see {@link Transport}).
 *
 * - SSRF: http/https only, ports 80/443, no userinfo, host on the source's allowlist; every
 *   redirect hop (at most 5) is re-validated; the addresses a socket connects to are checked
 *   inside the connection's `lookup` (so DNS rebinding is caught) and again on the connected socket.
 * - Budgets: connect timeout, a per-attempt deadline, a body cap counted after decompression
 *   (gzip, deflate, br), streaming so that a decompression bomb stops at the cap.
 * - Politeness: conditional GET, one request at a time per host at least `minDelayMs` (≥ 1 s)
 *   apart, robots.txt per RFC 9309 (4xx allow, 5xx and unreachable disallow, cached ≤ 24 h), a
 *   User-Agent naming the project and its contact URL, Retry-After honoured up to a cap. A
 *   robots.txt that cannot be fetched for a network error or a timeout fails the page with that
 *   code (the site is down), one that answers 5xx or 429 or is too large with `robots_disallowed`.
 * - Blocking: 403/451 and anti-bot walls (challenge headers, known anti-bot fronts, small
 *   challenge pages served with 200) fail as `blocked` at once, without retries.
 * - Reach: global or per-source proxy (a CONNECT tunnel for https targets, absolute-URI requests
 *   for http ones; the proxy resolves the target, so only the pre-flight resolution is checked
 *   here), per-source extra CA bundle added to Node's roots, per-source scheme override (applied
 *   to every hop).
 *
 * Every failure is a {@link PipelineError} with a code of the closed set; a 304 is the
 * {@link NotModified} result, not an error.
 */
export class HttpPageFetcher implements PageFetcher {
  private readonly options: Required<
    Omit<HttpPageFetcherOptions, 'proxy' | 'connectOverride' | 'userAgent' | 'robotsMaxAgeMs'>
  > & Pick<HttpPageFetcherOptions, 'proxy' | 'connectOverride' | 'robotsMaxAgeMs'> & { userAgent: string };
  private readonly queue: HostQueue;
  private readonly robots: RobotsCache;
  private readonly transport: Transport;
  private readonly closing = new AbortController();

  constructor(options: HttpPageFetcherOptions) {
    // Every pending wait listens for close(); dozens of concurrent fetches are normal, not a leak.
    setMaxListeners(0, this.closing.signal);
    const productToken = options.productToken ?? 'PracticeWatch';
    this.options = {
      productToken,
      userAgent: options.userAgent ?? `${productToken}/1.0 (+${options.contactUrl})`,
      contactUrl: options.contactUrl,
      proxy: options.proxy,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      deadlineMs: options.deadlineMs ?? 20_000,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      maxRedirects: options.maxRedirects ?? 5,
      retries: options.retries ?? 2,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 1000,
      maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 60,
      robotsMaxAgeMs: options.robotsMaxAgeMs,
      resolver: options.resolver ?? systemResolver,
      addressPolicy: options.addressPolicy ?? strictAddressPolicy,
      connectOverride: options.connectOverride,
      clock: options.clock ?? systemClock,
      sleep: options.sleep ?? sleepUntil(this.closing.signal),
      random: options.random ?? Math.random,
    };
    this.queue = new HostQueue(() => performance.now(), this.options.sleep);
    this.robots = new RobotsCache({
      productToken,
      now: () => this.options.clock.now().getTime(),
      ...(options.robotsMaxAgeMs !== undefined ? { maxAgeMs: options.robotsMaxAgeMs } : {}),
    });
    this.transport = new Transport({
      resolver: this.options.resolver,
      addressPolicy: this.options.addressPolicy,
      connectTimeoutMs: this.options.connectTimeoutMs,
      connectOverride: this.options.connectOverride,
    });
  }

  /** Fetches one URL with retries; see the class documentation for the rules applied. */
  async fetch(req: FetchRequest): Promise<FetchedPage | NotModified> {
    const context: ErrorContext = { sourceId: req.source.id, url: req.url };
    const retries = this.options.retries;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(req, context);
      } catch (error) {
        // Only the page's own exchange is tried again: robots.txt verdicts are cached, and the
        // rest (SSRF, redirects, caps) would fail the same way.
        if (!(error instanceof AttemptError)) throw toFetchError(error, context);
        const failure = error.failure;
        if (!failure.error.retryable || attempt >= retries || this.closing.signal.aborted) throw failure.error;
        let delay = this.backoff(attempt);
        if (failure.retryAfterSeconds !== undefined) {
          if (failure.retryAfterSeconds > this.options.maxRetryAfterSeconds) {
            throw new RetryableError('rate_limited', `asked to wait ${failure.retryAfterSeconds} s, more than the ${this.options.maxRetryAfterSeconds} s we wait`, {
              ...failure.error.context,
              retryAfterSeconds: failure.retryAfterSeconds,
            });
          }
          delay = Math.max(delay, failure.retryAfterSeconds * 1000);
        }
        await this.options.sleep(delay);
        if (this.closing.signal.aborted) throw failure.error;
      }
    }
  }

  /**
   * Closes every connection (pooled, busy or being set up) and cuts short every wait; fetches in
   * flight fail with `network` and are not retried. Nothing of the fetcher keeps the process
   * alive afterwards; the fetcher cannot be used again.
   */
  async close(): Promise<void> {
    this.closing.abort();
    await this.transport.close();
  }

  private backoff(attempt: number): number {
    const base = this.options.retryBaseDelayMs * 2 ** attempt;
    return Math.round(base / 2 + this.options.random() * (base / 2));
  }

  private async attempt(req: FetchRequest, context: ErrorContext): Promise<FetchedPage | NotModified> {
    const source = req.source;
    const budget = new Budget(this.options.deadlineMs, context);
    try {
      let current = this.withScheme(req.url, source);
      for (let hop = 0; ; hop++) {
        const url = checkUrl(current, source.hosts, this.options.addressPolicy, context);
        await this.checkRobots(url, source, context);
        const result = await this.exchange(url, req, budget, context, this.bodyCap(source));
        if (result.kind === 'redirect') {
          if (hop >= this.options.maxRedirects) {
            throw new NonRetryableError('http_4xx', `more than ${this.options.maxRedirects} redirects`, { ...context, lastUrl: url.href });
          }
          current = this.withScheme(resolveLocation(result.location, url, context), source);
          continue;
        }
        const fetchedAt = this.options.clock.now().toISOString();
        if (result.kind === 'not-modified') {
          return { notModified: true, requestedUrl: req.url, url: url.href, status: 304, fetchedAt, validators: validatorsOf(result.headers, req.validators) };
        }
        const decoded = decodeBody(result.bytes, { contentType: result.headers['content-type'], defaultCharset: source.charsetDefault });
        return {
          notModified: false,
          requestedUrl: req.url,
          url: url.href,
          status: result.status,
          headers: result.headers,
          bytes: result.bytes,
          text: decoded.text,
          charset: decoded.charset,
          encodingSuspect: decoded.encodingSuspect,
          fetchedAt,
          validators: validatorsOf(result.headers),
        };
      }
    } catch (error) {
      if (error instanceof AttemptError && error.failure.error.retryable) throw error;
      throw error instanceof AttemptError ? error.failure.error : toFetchError(error, context);
    }
  }

  private bodyCap(source: SourceProfile): number {
    return source.politeness.maxBodyBytes ?? this.options.maxBodyBytes;
  }

  private withScheme(raw: string, source: SourceProfile): string {
    const scheme = source.politeness.scheme;
    if (!scheme) return raw;
    try {
      const url = new URL(raw);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.protocol !== `${scheme}:`) {
        const port = url.port;
        url.protocol = `${scheme}:`;
        // Keep an explicit port explicit: the URL API drops it when it equals the new default.
        if (port) url.port = port;
      }
      return url.href;
    } catch {
      return raw;
    }
  }

  private async checkRobots(url: URL, source: SourceProfile, context: ErrorContext): Promise<void> {
    if (source.politeness.respectRobots === false) return;
    const policy = await this.robots.policyFor(url.origin, () => this.loadRobots(url, source, context));
    if (policy.failure) {
      // The site is down, not forbidding: say so, under the code the robots.txt fetch met.
      throw new RetryableError(policy.failure.code, `robots.txt of ${url.host} could not be fetched: ${policy.failure.message}`, { ...context, url: url.href });
    }
    if (!policy.isAllowed(url.pathname + url.search)) {
      throw new NonRetryableError('robots_disallowed', `robots.txt of ${url.host} disallows ${url.pathname}`, { ...context, url: url.href });
    }
  }

  private async loadRobots(pageUrl: URL, source: SourceProfile, context: ErrorContext): Promise<RobotsFetchOutcome> {
    const budget = new Budget(this.options.deadlineMs, context);
    let current = new URL('/robots.txt', pageUrl).href;
    try {
      for (let hop = 0; hop <= this.options.maxRedirects; hop++) {
        const url = checkUrl(current, source.hosts, this.options.addressPolicy, context);
        const result = await this.exchange(url, { url: url.href, source, accept: 'text/plain' }, budget, context, ROBOTS_MAX_BYTES);
        if (result.kind === 'redirect') {
          current = this.withScheme(resolveLocation(result.location, url, context), source);
          continue;
        }
        if (result.kind === 'ok') return { kind: 'ok', text: new TextDecoder('utf-8').decode(result.bytes) };
        return { kind: 'unavailable' };
      }
      // RFC 9309 2.3.1.2: after five redirects the file may be taken as unavailable.
      return { kind: 'unavailable' };
    } catch (error) {
      // An anti-bot wall in front of robots.txt is in front of the pages too: report it as such.
      if (error instanceof PipelineError && error.code === 'blocked') throw error;
      const failed = error instanceof AttemptError ? error.failure.error : error instanceof PipelineError ? error : null;
      const status = failed?.context.status;
      // RFC 9309 2.3.1.3: 4xx means "unavailable", crawl freely; 429 is throttling, not absence.
      if (typeof status === 'number' && status >= 400 && status < 500 && status !== 429) return { kind: 'unavailable' };
      // Unreachable, disallow all: the page fails with the network or timeout code when the site
      // did not answer, and as robots_disallowed for 5xx, 429, SSRF refusals and oversized files.
      if (failed && status === undefined && (failed.code === 'network' || failed.code === 'timeout')) {
        return { kind: 'unreachable', failure: { code: failed.code, message: failed.message } };
      }
      return { kind: 'unreachable' };
    }
  }

  /**
   * One request/response on the host's queue slot, within what is left of the attempt's budget
   * (time spent waiting for the slot does not count). Throws AttemptError or PipelineError.
   */
  private async exchange(url: URL, req: FetchRequest, budget: Budget, context: ErrorContext, cap: number): Promise<HopResult> {
    const source = req.source;
    const hopContext = { ...context, url: url.href };
    const proxy = source.politeness.proxy ?? this.options.proxy;
    await budget.run((signal) => abortable(this.preflight(url, Boolean(proxy), hopContext), signal));
    const minDelay = Math.max(MIN_HOST_DELAY_MS, source.politeness.minDelayMs);
    return this.queue.run(url.host, minDelay, () => budget.run(async (signal) => {
      const headers: Record<string, string> = {
        'user-agent': source.politeness.userAgent ?? this.options.userAgent,
        accept: req.accept ?? 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
        'accept-encoding': 'gzip, deflate, br',
        'accept-language': 'ru,en;q=0.5',
      };
      if (req.validators?.etag) headers['if-none-match'] = req.validators.etag;
      if (req.validators?.lastModified) headers['if-modified-since'] = req.validators.lastModified;
      let response: IncomingMessage;
      try {
        response = await this.transport.request({ url, headers, proxy, caBundlePath: source.politeness.caBundlePath, signal });
      } catch (error) {
        throw new AttemptError(classifyTransportError(signal.aborted ? signal.reason : error, hopContext));
      }
      const status = response.statusCode ?? 0;
      const responseHeaders = flattenHeaders(response.headers);
      const statusContext = { ...hopContext, status };
      if (status >= 300 && status < 400 && status !== 304) {
        discard(response);
        const location = responseHeaders.location;
        if (!location) throw new AttemptError({ error: new NonRetryableError('http_4xx', `redirect ${status} without Location`, statusContext) });
        return { kind: 'redirect', location };
      }
      if (status === 304) {
        discard(response);
        return { kind: 'not-modified', headers: responseHeaders };
      }
      if (status >= 400 || status < 200) {
        discard(response);
        if (isAntiBotResponse(status, responseHeaders)) {
          throw new AttemptError({ error: new NonRetryableError('blocked', `anti-bot wall (${status}, ${responseHeaders.server ?? 'challenge'})`, statusContext) });
        }
        throw new AttemptError(statusFailure(status, responseHeaders, statusContext, this.options.clock));
      }
      const declaredLength = Number(responseHeaders['content-length']);
      if (!responseHeaders['content-encoding'] && Number.isFinite(declaredLength) && declaredLength > cap) {
        discard(response);
        throw new NonRetryableError('too_large', `body of ${declaredLength} bytes exceeds the cap of ${cap}`, { ...statusContext, maxBodyBytes: cap });
      }
      try {
        const bytes = await readBody(response, responseHeaders['content-encoding'], cap, statusContext);
        if (isAntiBotResponse(status, responseHeaders, bytes)) {
          throw new NonRetryableError('blocked', `anti-bot challenge page served with ${status}`, statusContext);
        }
        return { kind: 'ok', status, headers: responseHeaders, bytes };
      } catch (error) {
        if (error instanceof PipelineError && (error.code === 'too_large' || error.code === 'blocked')) throw error;
        throw new AttemptError(classifyTransportError(signal.aborted ? signal.reason : error, statusContext));
      }
    }));
  }

  /** Resolves and checks the host before taking a queue slot (fails fast); the connection checks again. */
  private async preflight(url: URL, proxied: boolean, context: ErrorContext): Promise<void> {
    const target = this.options.connectOverride ?? { host: url.hostname, port: effectivePort(url) };
    try {
      await resolveChecked(target.host, target.port, this.options.resolver, this.options.addressPolicy);
    } catch (error) {
      if (error instanceof SsrfBlockedError) throw error.withContext(context);
      // Behind a proxy the proxy resolves the name; a local resolution failure proves nothing.
      if (proxied) return;
      throw new AttemptError(classifyTransportError(error, context));
    }
  }
}

/**
 * The time an attempt may spend on the network. It runs only while a request is in flight, so
 * that waiting for a host's queue slot does not eat it; once spent, the request is aborted.
 */
class Budget {
  private remaining: number;

  constructor(
    private readonly totalMs: number,
    private readonly context: ErrorContext,
  ) {
    this.remaining = totalMs;
  }

  async run<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const expired = () => new NonRetryableError('timeout', `no complete response within ${this.totalMs} ms`, this.context);
    if (this.remaining <= 0) throw expired();
    const controller = new AbortController();
    const started = performance.now();
    const timer = setTimeout(() => controller.abort(expired()), this.remaining);
    try {
      return await task(controller.signal);
    } finally {
      clearTimeout(timer);
      this.remaining -= performance.now() - started;
    }
  }
}

/** Rejects with the signal's reason when it aborts first. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Drops a body we do not need. An empty one is drained, so that its connection goes back to the
 * pool; any other is cut off with its connection.
 */
function discard(response: IncomingMessage): void {
  response.on('error', () => undefined);
  if (response.complete || response.statusCode === 304 || response.headers['content-length'] === '0') response.resume();
  else response.destroy();
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function validatorsOf(headers: Record<string, string>, fallback?: Validators): Validators {
  const validators: Validators = {};
  const etag = headers.etag ?? fallback?.etag;
  const lastModified = headers['last-modified'] ?? fallback?.lastModified;
  if (etag) validators.etag = etag;
  if (lastModified) validators.lastModified = lastModified;
  return validators;
}

/** The absolute URL a redirect points to; an unusable Location is the server's error. */
function resolveLocation(location: string, base: URL, context: ErrorContext): string {
  try {
    return new URL(location, base).href;
  } catch {
    throw new NonRetryableError('http_4xx', `redirect to an invalid location: ${location.slice(0, 200)}`, { ...context, url: base.href });
  }
}

/** Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

function statusFailure(status: number, headers: Record<string, string>, context: ErrorContext, clock: Clock): AttemptFailure {
  const retryAfterSeconds = parseRetryAfter(headers['retry-after'], clock.now());
  const withRetryAfter = retryAfterSeconds !== undefined ? { ...context, retryAfterSeconds } : context;
  const after = retryAfterSeconds !== undefined ? { retryAfterSeconds } : {};
  if (status === 429) return { error: new RetryableError('rate_limited', 'the server rate-limits us (429)', withRetryAfter), ...after };
  if (status === 408) return { error: new RetryableError('timeout', 'the server timed out waiting for the request (408)', context) };
  if (status === 403 || status === 451) return { error: new NonRetryableError('blocked', `access refused (${status})`, context) };
  if (status >= 500) return { error: new RetryableError('http_5xx', `server error ${status}`, withRetryAfter), ...after };
  return { error: new NonRetryableError('http_4xx', `client error ${status}`, context) };
}

const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT',
  'Z_DATA_ERROR', 'Z_BUF_ERROR', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_HTTP_INVALID_HEADER_VALUE',
]);

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** Maps an error from the socket, the HTTP client, TLS or zlib to a closed-set code and a retry decision. */
function classifyTransportError(error: unknown, context: ErrorContext): AttemptFailure {
  const chain = causeChain(error);
  const pipelineError = chain.find((e): e is PipelineError => e instanceof PipelineError);
  if (pipelineError) {
    return { error: pipelineError instanceof SsrfBlockedError ? pipelineError.withContext(context) : pipelineError };
  }
  const codes = chain.map((e) => (e as { code?: unknown }).code).filter((c): c is string => typeof c === 'string');
  const message = error instanceof Error ? error.message : String(error);
  if (codes.includes('CONNECT_TIMEOUT')) return { error: new RetryableError('timeout', message, context, { cause: error }) };
  if (codes.some((c) => /CERT|SIGNATURE|ISSUER|^ERR_TLS|^ERR_SSL/.test(c))) {
    return { error: new NonRetryableError('network', `TLS failure: ${message}`, context, { cause: error }) };
  }
  // HPE_*: the peer spoke broken HTTP (bad chunking, bad headers, a short body).
  if (
    codes.some((c) => NETWORK_CODES.has(c) || c.startsWith('HPE_')) ||
    chain.some((e) => e instanceof Error && /socket|terminated|other side closed|premature|aborted/i.test(e.message))
  ) {
    return { error: new RetryableError('network', message, context, { cause: error }) };
  }
  // Errno-style codes are the operating system's socket errors; anything else is our bug.
  if (codes.some((c) => /^E[A-Z]+$/.test(c))) return { error: new RetryableError('network', message, context, { cause: error }) };
  return { error: new CriticalError(message, context, { cause: error }) };
}

function toFetchError(error: unknown, context: ErrorContext): PipelineError {
  if (error instanceof PipelineError) return error;
  return classifyTransportError(error, context).error;
}

/** Counts bytes after decompression and stops the stream once the cap is passed. */
class CapCollector extends Writable {
  readonly chunks: Buffer[] = [];
  total = 0;

  constructor(
    private readonly cap: number,
    private readonly context: ErrorContext,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.total += chunk.length;
    if (this.total > this.cap) {
      callback(new NonRetryableError('too_large', `body exceeds the cap of ${this.cap} bytes after decompression`, { ...this.context, maxBodyBytes: this.cap }));
      return;
    }
    this.chunks.push(chunk);
    callback();
  }
}

/** The first chunk of a stream, put back so that the stream still yields it; null at a clean end. */
function peekFirstChunk(stream: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onReadable = () => {
      const chunk = stream.read() as Buffer | null;
      if (chunk === null) return;
      cleanup();
      stream.unshift(chunk);
      resolve(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

/** Whether deflate data starts with a zlib header (RFC 1950) rather than being raw (RFC 1951). */
function hasZlibHeader(chunk: Buffer | null): boolean {
  return chunk !== null && chunk.length >= 2 && (chunk[0]! & 0x0f) === 8 && ((chunk[0]! << 8) | chunk[1]!) % 31 === 0;
}

async function readBody(body: IncomingMessage, contentEncoding: string | undefined, cap: number, context: ErrorContext): Promise<Uint8Array> {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  const decoders: Transform[] = [];
  for (const coding of codings.reverse()) {
    if (coding === 'gzip' || coding === 'x-gzip') decoders.push(createGunzip());
    else if (coding === 'deflate') {
      // Servers send "deflate" both zlib-wrapped and raw; the first bytes tell which.
      const raw = decoders.length === 0 && !hasZlibHeader(await peekFirstChunk(body));
      decoders.push(raw ? createInflateRaw() : createInflate());
    }
    else if (coding === 'br') decoders.push(createBrotliDecompress());
    else {
      discard(body);
      throw new NonRetryableError('illformed', `unsupported Content-Encoding ${coding}`, context);
    }
  }
  const collector = new CapCollector(cap, context);
  await pipeline([body, ...decoders, collector] as unknown as [Readable, Writable]);
  return new Uint8Array(Buffer.concat(collector.chunks, collector.total));
}

/**
 * Builds the fetcher the Lambda and local wiring use, from the configuration (`contactUrl`,
 * `outboundProxy`); `overrides` adjust options (e.g. the replay's resolver, address policy and
 * connect override).
 */
export function createPageFetcher(config: Pick<Config, 'contactUrl' | 'outboundProxy'>, overrides: Partial<HttpPageFetcherOptions> = {}): HttpPageFetcher {
  return new HttpPageFetcher({ contactUrl: config.contactUrl, proxy: config.outboundProxy, ...overrides });
}
