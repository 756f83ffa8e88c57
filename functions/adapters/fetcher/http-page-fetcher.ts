import { setMaxListeners } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Config } from '../../config.js';
import { NonRetryableError, PipelineError, RetryableError, type ErrorContext } from '../../core/errors.js';
import type { Validators } from '../../core/model.js';
import type { FetchedPage, FetchRequest, NotModified, PageFetcher } from '../../core/ports.js';
import type { SourceProfile } from '../../core/source-definition.js';
import { isAntiBotResponse } from './anti-bot.js';
import { discard, flattenHeaders, readBody } from './body.js';
import { abortable, Budget } from './budget.js';
import { decodeBody } from './decode.js';
import { resolveFetcherOptions, type HttpPageFetcherOptions, type ResolvedFetcherOptions } from './fetcher-options.js';
import { HostQueue } from './host-queue.js';
import { AttemptError, classifyTransportError, statusFailure, withRetries, type RetryPolicy } from './retry-policy.js';
import { RobotsCache, type RobotsFetchOutcome } from './robots.js';
import { SsrfBlockedError, checkUrl, effectivePort, resolveChecked } from './ssrf-guard.js';
import { Transport } from './transport.js';

/** RFC 9309: crawlers must parse at least 500 KiB of robots.txt; more is not needed. */
const ROBOTS_MAX_BYTES = 512 * 1024;
const MIN_HOST_DELAY_MS = 1000;

/** What one hop of an exchange gave. */
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
  private readonly options: ResolvedFetcherOptions;
  private readonly queue: HostQueue;
  private readonly robots: RobotsCache;
  private readonly transport: Transport;
  private readonly closing = new AbortController();
  private readonly retryPolicy: RetryPolicy;

  constructor(options: HttpPageFetcherOptions) {
    // Every pending wait listens for close(); dozens of concurrent fetches are normal, not a leak.
    setMaxListeners(0, this.closing.signal);
    this.options = resolveFetcherOptions(options, this.closing.signal);
    this.queue = new HostQueue(() => performance.now(), this.options.sleep);
    this.robots = new RobotsCache({
      productToken: this.options.productToken,
      now: () => this.options.clock.now().getTime(),
      ...(options.robotsMaxAgeMs !== undefined ? { maxAgeMs: options.robotsMaxAgeMs } : {}),
    });
    this.transport = new Transport({
      resolver: this.options.resolver,
      addressPolicy: this.options.addressPolicy,
      connectTimeoutMs: this.options.connectTimeoutMs,
      connectOverride: this.options.connectOverride,
    });
    this.retryPolicy = {
      retries: this.options.retries,
      baseDelayMs: this.options.retryBaseDelayMs,
      maxRetryAfterSeconds: this.options.maxRetryAfterSeconds,
      random: this.options.random,
      sleep: this.options.sleep,
      stopped: () => this.closing.signal.aborted,
    };
  }

  /** Fetches one URL with retries; see the class documentation for the rules applied. */
  async fetch(req: FetchRequest): Promise<FetchedPage | NotModified> {
    const context: ErrorContext = { sourceId: req.source.id, url: req.url };
    return withRetries(() => this.attempt(req, context), this.retryPolicy, context);
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

  private async attempt(req: FetchRequest, context: ErrorContext): Promise<FetchedPage | NotModified> {
    const source = req.source;
    const budget = new Budget(this.options.deadlineMs, context);
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

/**
 * Builds the fetcher the Lambda and local wiring use, from the configuration (`contactUrl`,
 * `outboundProxy`); `overrides` adjust options (e.g. the replay's resolver, address policy and
 * connect override).
 */
export function createPageFetcher(config: Pick<Config, 'contactUrl' | 'outboundProxy'>, overrides: Partial<HttpPageFetcherOptions> = {}): HttpPageFetcher {
  return new HttpPageFetcher({ contactUrl: config.contactUrl, proxy: config.outboundProxy, ...overrides });
}
