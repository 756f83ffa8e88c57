import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ValidationError } from '../../core/errors.js';
import { STRICT_WEBHOOK_URL_POLICY, type WebhookUrlPolicy, type WebhookUrlRule } from '../../core/ports.js';

// Two lists, because a BlockList holding ::ffff:0:0/96 also matches every plain IPv4 address.
const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blockedV4.addSubnet(net, prefix, 'ipv4');
// v4-mapped and NAT64 forms are blocked whole: they are the usual way around an IPv4 list.
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64],
  ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) blockedV6.addSubnet(net, prefix, 'ipv6');

const WEB_PORTS = new Set(['', '80', '443', '8080', '8443']);

/** True for loopback, private, link-local, reserved and other non-public addresses. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return family === 4 ? blockedV4.check(address, 'ipv4') : blockedV6.check(address, 'ipv6');
}

/**
 * Checks a subscription URL: http(s), no credentials, a web port, and every address the host
 * resolves to public. Throws `ValidationError`. Run again before each delivery, because DNS answers change.
 */
export async function assertWebhookUrlAllowed(raw: string, policy: WebhookUrlPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError('webhook url is not a valid URL', { field: 'url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ValidationError('webhook url must be http or https', { field: 'url' });
  if (url.username || url.password) throw new ValidationError('webhook url must not carry credentials', { field: 'url' });
  if (policy.allowPrivateTargets) return url;
  if (!WEB_PORTS.has(url.port)) throw new ValidationError('webhook url must use a standard web port', { field: 'url' });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw new ValidationError('webhook host does not resolve', { field: 'url' });
    }
  }
  if (addresses.length === 0 || addresses.some(isNonPublicAddress)) {
    throw new ValidationError('webhook url must point to a public address', { field: 'url' });
  }
  return url;
}

/** The webhook URL rule of core's port, over DNS; strict (public hosts only) unless `policy` relaxes it. */
export function createWebhookUrlRule(policy: WebhookUrlPolicy = STRICT_WEBHOOK_URL_POLICY): WebhookUrlRule {
  return { assertAllowed: (url) => assertWebhookUrlAllowed(url, policy) };
}
