import { systemClock, type Clock } from '../../core/ports.js';
import { sleepUntil } from './budget.js';
import { strictAddressPolicy, systemResolver, type AddressPolicy, type Resolver } from './ssrf-guard.js';

const MiB = 1024 * 1024;
/** The body cap (after decompression) for sources that set none; the CLI reads files under it too. */
export const DEFAULT_MAX_BODY_BYTES = 5 * MiB;

/** Options of the `HttpPageFetcher`. Everything but `contactUrl` has a production default. */
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

/** The options with every default applied. */
export type ResolvedFetcherOptions = Required<Omit<HttpPageFetcherOptions, 'proxy' | 'connectOverride' | 'userAgent' | 'robotsMaxAgeMs'>> &
  Pick<HttpPageFetcherOptions, 'proxy' | 'connectOverride' | 'robotsMaxAgeMs'> & { userAgent: string };

/** Applies the production defaults; the default sleep wakes when `closing` aborts. */
export function resolveFetcherOptions(options: HttpPageFetcherOptions, closing: AbortSignal): ResolvedFetcherOptions {
  const productToken = options.productToken ?? 'PracticeWatch';
  return {
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
    sleep: options.sleep ?? sleepUntil(closing),
    random: options.random ?? Math.random,
  };
}
