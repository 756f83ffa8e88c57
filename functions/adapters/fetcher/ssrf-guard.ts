import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { domainToASCII } from 'node:url';
import { NonRetryableError, type ErrorContext } from '../../core/errors.js';

/** One resolved address of a host name. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (injectable so tests can point names at traps). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (getaddrinfo), all addresses, in the order the system gives them. */
export const systemResolver: Resolver = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/**
 * Which destinations the fetcher may connect to. The production default
 * ({@link strictAddressPolicy}) allows ports 80 and 443 and public unicast addresses only.
 * Tests and the local replay build a policy with {@link createAddressPolicy} that adds exactly
 * one loopback `address:port` pair, never a whole range.
 */
export interface AddressPolicy {
  /** Whether a URL may name this port. */
  allowsPort(port: number): boolean;
  /** Null when the fetcher may connect to `address:port`, else the reason it may not. */
  refuse(address: string, port: number): string | null;
}

/** Error thrown when a URL or an address is refused by the SSRF rules. */
export class SsrfBlockedError extends NonRetryableError {
  constructor(message: string, context: ErrorContext = {}) {
    super('ssrf_blocked', message, context);
    this.name = 'SsrfBlockedError';
  }
}

type Range = readonly [prefix: bigint, bits: number, label: string];

function ipv4ToBigInt(address: string): bigint {
  return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

/** Parses an IPv6 address (with optional embedded IPv4 tail and zone) to a 128-bit integer. */
export function ipv6ToBigInt(input: string): bigint {
  let address = input.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (v4Tail) {
    const v4 = ipv4ToBigInt(v4Tail[1]!);
    address = address.slice(0, -v4Tail[1]!.length) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = address.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const parts = tail !== undefined ? [...headParts, ...Array<string>(missing).fill('0'), ...tailParts] : headParts;
  if (parts.length !== 8) throw new Error(`not an IPv6 address: ${input}`);
  return parts.reduce((acc, part) => (acc << 16n) | BigInt(parseInt(part || '0', 16)), 0n);
}

const v4 = (cidr: string, label: string): Range => {
  const [base = '', bits = '32'] = cidr.split('/');
  return [ipv4ToBigInt(base), Number(bits), label];
};
const v6 = (cidr: string, label: string): Range => {
  const [base = '', bits = '128'] = cidr.split('/');
  return [ipv6ToBigInt(base), Number(bits), label];
};

/** IPv4 ranges that are not public unicast (IANA special-purpose registry, plus multicast and reserved). */
const BLOCKED_V4: Range[] = [
  v4('0.0.0.0/8', 'this network'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'shared address space (CGNAT)'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local (cloud metadata)'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'IETF protocol assignments'),
  v4('192.0.2.0/24', 'documentation'),
  v4('192.31.196.0/24', 'AS112'),
  v4('192.52.193.0/24', 'AMT'),
  v4('192.88.99.0/24', '6to4 relay anycast'),
  v4('192.168.0.0/16', 'private'),
  v4('192.175.48.0/24', 'AS112'),
  v4('198.18.0.0/15', 'benchmarking'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

/** IPv6: only global unicast 2000::/3 may be public, minus these special ranges. */
const GLOBAL_UNICAST_V6 = v6('2000::/3', 'global unicast');
const BLOCKED_V6_IN_GLOBAL: Range[] = [
  v6('2001::/23', 'IETF protocol assignments (Teredo, ORCHID…)'),
  v6('2001:db8::/32', 'documentation'),
  v6('2002::/16', '6to4 (embeds an IPv4 address)'),
  v6('3fff::/20', 'documentation'),
];
const NAMED_V6: Range[] = [
  v6('::/128', 'unspecified'),
  v6('::1/128', 'loopback'),
  v6('::ffff:0:0/96', 'IPv4-mapped'),
  v6('::/96', 'IPv4-compatible'),
  v6('64:ff9b::/96', 'NAT64'),
  v6('64:ff9b:1::/48', 'NAT64 local'),
  v6('100::/64', 'discard'),
  v6('fc00::/7', 'unique local (fd00::/8)'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'site-local'),
  v6('ff00::/8', 'multicast'),
];

const inRange = (value: bigint, width: number, [prefix, bits]: Range) => value >> BigInt(width - bits) === prefix >> BigInt(width - bits);

/**
 * Why an IP address is not a public unicast address, or null when it is. Pure. Covers loopback,
 * private, link-local, CGNAT, benchmarking, documentation, multicast, reserved, unspecified,
 * IPv4-mapped/compatible, NAT64, 6to4, Teredo, unique-local and site-local forms.
 */
export function classifyAddress(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare.replace(/%.*$/, ''));
  if (family === 4) {
    const value = ipv4ToBigInt(bare);
    const hit = BLOCKED_V4.find((range) => inRange(value, 32, range));
    return hit ? `${hit[2]} address` : null;
  }
  if (family === 6) {
    const value = ipv6ToBigInt(bare);
    const named = NAMED_V6.find((range) => inRange(value, 128, range));
    if (named) return `${named[2]} address`;
    if (!inRange(value, 128, GLOBAL_UNICAST_V6)) return 'IPv6 address outside global unicast';
    const special = BLOCKED_V6_IN_GLOBAL.find((range) => inRange(value, 128, range));
    return special ? `${special[2]} address` : null;
  }
  return 'not an IP address';
}

/**
 * Builds an address policy: ports `ports` (default 80 and 443) and public unicast addresses,
 * plus the exact `address:port` pairs of `allow` (a local test or replay server).
 */
export function createAddressPolicy(options: { ports?: number[]; allow?: Array<{ address: string; port: number }> } = {}): AddressPolicy {
  const ports = new Set(options.ports ?? [80, 443]);
  const allow = options.allow ?? [];
  return {
    allowsPort: (port) => ports.has(port),
    refuse(address, port) {
      const bare = address.replace(/^\[|\]$/g, '');
      if (allow.some((entry) => entry.address === bare && entry.port === port)) return null;
      if (!ports.has(port)) return `port ${port} is not allowed`;
      return classifyAddress(bare);
    },
  };
}

/** The production policy: ports 80/443, public unicast addresses only. */
export const strictAddressPolicy: AddressPolicy = createAddressPolicy();

/** Lower case, no trailing dot, IDN in its ASCII (punycode) form, as the URL parser gives hostnames. */
const normalizeHost = (host: string) => (domainToASCII(host.replace(/\.$/, '')) || host).toLowerCase().replace(/\.$/, '');

/** The port a URL names, or its scheme's default. */
export function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * Checks a URL before any connection: http/https only, no userinfo, an allowed port, a host on
 * the source's allowlist, and (for IP literals, which never reach a resolver) a permitted
 * address. Returns the parsed URL; throws {@link SsrfBlockedError}. Pure.
 */
export function checkUrl(raw: string, allowedHosts: readonly string[], policy: AddressPolicy, context: ErrorContext = {}): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SsrfBlockedError(`not a valid URL: ${raw}`, { ...context, url: raw });
  }
  const ctx = { ...context, url: raw };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SsrfBlockedError(`scheme ${url.protocol} is not allowed`, ctx);
  if (url.username || url.password) throw new SsrfBlockedError('URLs with userinfo are not allowed', ctx);
  const port = effectivePort(url);
  if (!policy.allowsPort(port)) throw new SsrfBlockedError(`port ${port} is not allowed`, ctx);
  const host = normalizeHost(url.hostname);
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) {
    const reason = policy.refuse(bare, port);
    if (reason) throw new SsrfBlockedError(`address ${bare} refused: ${reason}`, ctx);
  }
  if (!allowedHosts.some((allowed) => normalizeHost(allowed) === host)) {
    throw new SsrfBlockedError(`host ${host} is not on the source's allowlist`, ctx);
  }
  return url;
}

/** Resolves a host and checks every address against the policy; throws {@link SsrfBlockedError}. */
export async function resolveChecked(hostname: string, port: number, resolver: Resolver, policy: AddressPolicy): Promise<ResolvedAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  const addresses: ResolvedAddress[] = family ? [{ address: bare, family: family as 4 | 6 }] : await resolver(bare);
  if (addresses.length === 0) throw new SsrfBlockedError(`${hostname} resolved to no address`, { host: hostname });
  for (const { address } of addresses) {
    const reason = policy.refuse(address, port);
    // One bad address refuses the whole name: the socket may pick any of them.
    if (reason) throw new SsrfBlockedError(`${hostname} resolves to ${address}: ${reason}`, { host: hostname, address });
  }
  return addresses;
}

/**
 * A `lookup` for `net.connect`/`tls.connect` that checks the addresses the socket will actually
 * connect to, at connect time (so DNS rebinding between an earlier check and the connection is
 * caught). Bound to the destination port because the policy may depend on it.
 */
export function guardedLookup(resolver: Resolver, policy: AddressPolicy, port: number): LookupFunction {
  return (hostname, options, callback) => {
    resolveChecked(hostname, port, resolver, policy).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (wanted.length === 0) {
          callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: 'ENOTFOUND' }), '', 4);
          return;
        }
        if (options.all) (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
}
