import { isIP } from 'node:net';
import { ValidationError } from '../../core/errors.js';
import { STRICT_WEBHOOK_URL_POLICY, type WebhookUrlPolicy, type WebhookUrlRule } from '../../core/ports.js';
import { classifyAddress, systemResolver, type ResolvedAddress, type Resolver } from '../fetcher/ssrf-guard.js';

const WEB_PORTS = new Set(['', '80', '443', '8080', '8443']);

/**
 * True for every address that is not public unicast: loopback, private, link-local, reserved, and
 * every IPv6 form that carries an IPv4 address or leaves global unicast (mapped, compatible,
 * NAT64, 6to4, Teredo, site-local…). The fetcher's SSRF rules decide, so that both agree.
 */
export function isNonPublicAddress(address: string): boolean {
  return classifyAddress(address) !== null;
}

/** A webhook target that passed the rule: its URL and the addresses that were checked. */
export interface WebhookTarget {
  url: URL;
  /** Host name without IPv6 brackets, as TLS (SNI) and the Host header name it. */
  host: string;
  /** Checked addresses, in resolver order; a delivery connects to one of these and nothing else. */
  addresses: ResolvedAddress[];
}

function parseTarget(raw: string, policy: WebhookUrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError('webhook url is not a valid URL', { field: 'url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ValidationError('webhook url must be http or https', { field: 'url' });
  if (url.username || url.password) throw new ValidationError('webhook url must not carry credentials', { field: 'url' });
  if (!policy.allowPrivateTargets && !WEB_PORTS.has(url.port)) throw new ValidationError('webhook url must use a standard web port', { field: 'url' });
  return url;
}

/**
 * Checks a webhook URL and resolves its host once: http(s), no credentials, a web port, and every
 * address public (unless the policy allows private targets: tests and local receivers). The
 * caller connects to the returned addresses only, so a DNS answer that changes after the check
 * (rebinding) cannot redirect the delivery. Throws `ValidationError`.
 */
export async function resolveWebhookTarget(raw: string, policy: WebhookUrlPolicy, resolve: Resolver = systemResolver): Promise<WebhookTarget> {
  const url = parseTarget(raw, policy);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  const literal = isIP(host);
  if (literal) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(host);
    } catch {
      throw new ValidationError('webhook host does not resolve', { field: 'url' });
    }
  }
  if (addresses.length === 0) throw new ValidationError('webhook host does not resolve', { field: 'url' });
  if (!policy.allowPrivateTargets && addresses.some((a) => isNonPublicAddress(a.address))) {
    throw new ValidationError('webhook url must point to a public address', { field: 'url' });
  }
  return { url, host, addresses };
}

/**
 * Checks a subscription URL (see {@link resolveWebhookTarget}); with private targets allowed only
 * its form is checked, without resolving. Deliveries check again, because DNS answers change.
 */
export async function assertWebhookUrlAllowed(raw: string, policy: WebhookUrlPolicy, resolve: Resolver = systemResolver): Promise<URL> {
  if (policy.allowPrivateTargets) return parseTarget(raw, policy);
  return (await resolveWebhookTarget(raw, policy, resolve)).url;
}

/** The webhook URL rule of core's port, over DNS; strict (public hosts only) unless `policy` relaxes it. */
export function createWebhookUrlRule(policy: WebhookUrlPolicy = STRICT_WEBHOOK_URL_POLICY, resolve: Resolver = systemResolver): WebhookUrlRule {
  return { assertAllowed: (url) => assertWebhookUrlAllowed(url, policy, resolve) };
}
