import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpPageFetcher } from '../../../functions/adapters/fetcher/http-page-fetcher.js';
import {
  SsrfBlockedError,
  checkUrl,
  classifyAddress,
  createAddressPolicy,
  strictAddressPolicy,
  type AddressPolicy,
  type ResolvedAddress,
  type Resolver,
} from '../../../functions/adapters/fetcher/ssrf-guard.js';
import { PipelineError } from '../../../functions/core/errors.js';
import { TrapListener, testSource } from './support.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const corpora = path.resolve(repoRoot, '..', 'shared', 'corpora');

/** A public address used only as a first DNS answer; the guard must never let a socket reach it. */
const PUBLIC = '93.184.216.34';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1'], ['10.1.2.3'], ['172.31.255.255'], ['192.168.0.1'], ['169.254.169.254'], ['100.64.0.1'], ['100.127.255.255'],
    ['198.18.0.1'], ['198.19.255.255'], ['0.0.0.0'], ['224.0.0.1'], ['240.0.0.1'], ['255.255.255.255'], ['192.0.2.1'],
    ['::'], ['::1'], ['::ffff:127.0.0.1'], ['::ffff:a9fe:a9fe'], ['64:ff9b::a9fe:a9fe'], ['fd00::1'], ['fc00::1'],
    ['fe80::1'], ['fe80::1%eth0'], ['ff02::1'], ['2001:db8::1'], ['2002:7f00:1::'], ['2001:0:4136:e378:8000:63bf:3fff:fdd2'], ['::127.0.0.1'],
  ])('refuses %s', (address) => {
    expect(classifyAddress(address)).not.toBeNull();
  });

  it.each([['93.184.216.34'], ['8.8.8.8'], ['100.128.0.1'], ['198.20.0.1'], ['2a00:1450:4010:c05::71'], ['2606:4700::6810:84e5']])('accepts public %s', (address) => {
    expect(classifyAddress(address)).toBeNull();
  });
});

describe('checkUrl', () => {
  it('matches allowlisted hosts case-insensitively, with or without a trailing dot, and IDN by punycode', () => {
    expect(checkUrl('https://WWW.MOS.RU./rss', ['www.mos.ru'], strictAddressPolicy).hostname).toBe('www.mos.ru.');
    expect(checkUrl('https://правительство.рф/', ['Правительство.РФ'], strictAddressPolicy).protocol).toBe('https:');
    expect(() => checkUrl('https://mos.ru.evil.test/', ['mos.ru'], strictAddressPolicy)).toThrow(SsrfBlockedError);
    expect(() => checkUrl('https://evilmos.ru/', ['mos.ru'], strictAddressPolicy)).toThrow(SsrfBlockedError);
  });
});

describe('SSRF: every trap target is blocked and no connection reaches a trap', () => {
  let trap: TrapListener;
  const permitted: string[] = [];
  let resolverCalls: string[] = [];
  let rebindCalls = 0;

  const dnsTable: Record<string, ResolvedAddress[]> = {
    'loop.mos.test': [{ address: '127.0.0.1', family: 4 }],
    'meta.mos.test': [{ address: '169.254.169.254', family: 4 }],
    'private10.mos.test': [{ address: '10.0.0.1', family: 4 }],
    'private192.mos.test': [{ address: '192.168.1.10', family: 4 }],
    'mapped.mos.test': [{ address: '::ffff:127.0.0.1', family: 6 }],
    'v6loop.mos.test': [{ address: '::1', family: 6 }],
    'cgnat.mos.test': [{ address: '100.64.0.1', family: 4 }],
    'bench.mos.test': [{ address: '198.18.0.1', family: 4 }],
    'ula.mos.test': [{ address: 'fd00::1', family: 6 }],
    'linklocal.mos.test': [{ address: 'fe80::1', family: 6 }],
    'nat64.mos.test': [{ address: '64:ff9b::7f00:1', family: 6 }],
    'mixed.mos.test': [{ address: PUBLIC, family: 4 }, { address: '127.0.0.1', family: 4 }],
    localhost: [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }],
    '127.0.0.1.nip.io': [{ address: '127.0.0.1', family: 4 }],
  };

  const resolver: Resolver = async (hostname) => {
    resolverCalls.push(hostname);
    // DNS rebinding: the first answer is public, every later one is loopback.
    if (hostname === 'rebind.mos.test') return [{ address: rebindCalls++ === 0 ? PUBLIC : '127.0.0.1', family: 4 }];
    const found = dnsTable[hostname];
    if (found) return found;
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  };

  let policy: AddressPolicy;
  let fetcher: HttpPageFetcher;

  beforeAll(async () => {
    trap = await new TrapListener().start();
    const inner = createAddressPolicy({ ports: [80, 443, trap.port] });
    // Records every destination the policy lets through.
    policy = {
      allowsPort: (port) => inner.allowsPort(port),
      refuse(address, port) {
        const reason = inner.refuse(address, port);
        if (reason === null) permitted.push(`${address}:${port}`);
        return reason;
      },
    };
    fetcher = new HttpPageFetcher({ contactUrl: 'https://example.org/c', resolver, addressPolicy: policy, connectTimeoutMs: 1000, deadlineMs: 2000, retries: 0 });
  });

  afterAll(async () => {
    await fetcher.close();
    await trap.stop();
  });

  const targets = (t: number): string[] => [
    `http://127.0.0.1:${t}/`,
    `http://127.1:${t}/`,
    `http://0.0.0.0:${t}/`,
    `http://0:${t}/`,
    `http://2130706433:${t}/`,
    `http://0x7f000001:${t}/`,
    `http://0177.0.0.1:${t}/`,
    `http://127.000.000.001:${t}/`,
    `http://0x7f.1:${t}/`,
    `http://%31%32%37.0.0.1:${t}/`,
    `http://①②⑦.0.0.1:${t}/`,
    `http://[::1]:${t}/`,
    `http://[::]:${t}/`,
    `http://[::ffff:127.0.0.1]:${t}/`,
    `http://[::ffff:7f00:1]:${t}/`,
    `http://[0:0:0:0:0:ffff:127.0.0.1]:${t}/`,
    `http://[::127.0.0.1]:${t}/`,
    `http://[64:ff9b::7f00:1]:${t}/`,
    'http://[::ffff:a9fe:a9fe]/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://2852039166/latest/meta-data/',
    'http://0xA9FEA9FE/',
    'http://0251.0376.0251.0376/',
    'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://10.0.0.1/',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://198.18.0.1/',
    'http://[fd00::1]/',
    'http://[fc00::1]/',
    'http://[fe80::1]/',
    'http://[fe80::1%25eth0]/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://240.0.0.1/',
    'http://[ff02::1]/',
    'http://[2002:7f00:1::]/',
    'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
    `http://mos.test@127.0.0.1:${t}/`,
    `http://user:pass@mos.test:${t}/`,
    'file:///etc/passwd',
    `gopher://127.0.0.1:${t}/_GET%20/`,
    'ftp://mos.test/',
    'dict://127.0.0.1:11211/stat',
    'data:text/plain,hello',
    'javascript:alert(1)',
    'http://mos.test:22/',
    'http://mos.test:9001/2018-06-01/runtime/invocation/next',
    'https://mos.test:8443/',
    `http://loop.mos.test:${t}/`,
    'http://meta.mos.test/latest/meta-data/',
    `http://private10.mos.test:${t}/`,
    `http://private192.mos.test:${t}/`,
    `http://mapped.mos.test:${t}/`,
    `http://v6loop.mos.test:${t}/`,
    `http://cgnat.mos.test:${t}/`,
    `http://bench.mos.test:${t}/`,
    `http://ula.mos.test:${t}/`,
    `http://linklocal.mos.test:${t}/`,
    `http://nat64.mos.test:${t}/`,
    `http://mixed.mos.test:${t}/`,
    `http://rebind.mos.test:${t}/`,
    `http://localhost:${t}/`,
    `http://127.0.0.1.nip.io:${t}/`,
  ];

  const hostOf = (raw: string) => {
    try {
      return new URL(raw).hostname;
    } catch {
      return '';
    }
  };

  it('blocks ≥ 40 targets with ssrf_blocked, both by the allowlist and by the address guard alone', async () => {
    const list = targets(trap.port);
    const realAllowlist = ['mos.test', 'www.mos.test', ...Object.keys(dnsTable).filter((h) => h.endsWith('.mos.test')), 'rebind.mos.test'];
    const notBlocked: string[] = [];
    let blocked = 0;
    for (const url of list) {
      // (a) the source's real allowlist; (b) an allowlist naming the target's own host, so only the guard stands in the way.
      for (const hosts of [realAllowlist, [hostOf(url) || 'mos.test']]) {
        rebindCalls = 0;
        try {
          await fetcher.fetch({ url, source: testSource(hosts) });
          notBlocked.push(`${url} (fetched)`);
        } catch (error) {
          if (error instanceof PipelineError && error.code === 'ssrf_blocked') blocked++;
          else notBlocked.push(`${url} → ${error instanceof PipelineError ? error.code : String(error)}`);
        }
      }
    }
    console.info(`SSRF: ${blocked}/${list.length * 2} fetches of ${list.length} targets blocked (allowlist pass + guard-only pass); trap connections: ${trap.connections}`);
    expect(list.length).toBeGreaterThanOrEqual(40);
    expect(notBlocked).toEqual([]);
    expect(trap.connections).toBe(0);
    // Only the public first answers (rebinding, mixed) passed a check, and none of them was
    // connected to: every outcome above is ssrf_blocked, never a network error or timeout.
    expect(permitted.every((destination) => destination.startsWith(`${PUBLIC}:`))).toBe(true);
  });

  it('catches DNS rebinding at connect time: the first answer passes, the connected one is refused', async () => {
    rebindCalls = 0;
    resolverCalls = [];
    const url = `http://rebind.mos.test:${trap.port}/`;
    const error = await fetcher.fetch({ url, source: testSource(['rebind.mos.test']) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SsrfBlockedError);
    expect((error as SsrfBlockedError).message).toMatch(/127\.0\.0\.1/);
    // Pre-flight (public, passed) and connect-time (loopback, refused).
    expect(resolverCalls.filter((h) => h === 'rebind.mos.test')).toHaveLength(2);
    expect(trap.connections).toBe(0);
  });
});

describe.skipIf(!existsSync(corpora))('SSRF: payload URLs from the corpora (../shared/corpora)', () => {
  const realHosts = ['www.mos.ru', 'mos.ru', 'economy.gov.ru', 'www.economy.gov.ru'];

  function verdict(url: string): 'guard' | 'allowlist' | 'allowed' {
    try {
      checkUrl(url, realHosts, strictAddressPolicy);
      return 'allowed';
    } catch (error) {
      expect(error).toBeInstanceOf(SsrfBlockedError);
      return /allowlist/.test((error as Error).message) ? 'allowlist' : 'guard';
    }
  }

  it('rejects every URL in the PayloadsAllTheThings SSRF files', () => {
    const dir = path.join(corpora, 'payloadsallthethings', 'Server_Side_Request_Forgery', 'Files');
    const urls = readdirSync(dir).flatMap((name) =>
      [...readFileSync(path.join(dir, name), 'utf8').matchAll(/(?:href|src)\s*=\s*["']([^"']+)["']|url\(([^)]+)\)/g)].map((m) => (m[1] ?? m[2])!.trim()),
    );
    const verdicts = urls.map((url) => ({ url, verdict: verdict(url) }));
    const byGuard = verdicts.filter((v) => v.verdict === 'guard').length;
    const byAllowlist = verdicts.filter((v) => v.verdict === 'allowlist');
    const allowed = verdicts.filter((v) => v.verdict === 'allowed').length;
    console.info(`PayloadsAllTheThings SSRF URLs: ${urls.length}; blocked by the guard ${byGuard}, by the allowlist ${byAllowlist.length}, allowed ${allowed}`);
    expect(urls.length).toBeGreaterThan(0);
    expect(verdicts.filter((v) => v.verdict === 'allowed')).toEqual([]);
    // What only the allowlist stopped must be a public destination (a name or a public literal).
    for (const { url } of byAllowlist) {
      const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
      expect(/^[\d.:a-f]+$/i.test(host) ? classifyAddress(host) : null, url).toBeNull();
    }
  });

  it('rejects every item link of generated/ssrf_links_in_items.xml', () => {
    const xml = readFileSync(path.join(corpora, 'generated', 'ssrf_links_in_items.xml'), 'utf8');
    const links = [...xml.matchAll(/<link>([^<]+)<\/link>/g)].map((m) => m[1]!.trim().replace(/&amp;/g, '&')).filter((l) => !/^https?:\/\/(www\.)?example\.(com|org)\/?$/.test(l));
    const verdicts = links.map((url) => ({ url, verdict: verdict(url) }));
    console.info(`ssrf_links_in_items.xml: ${links.length} links, guard ${verdicts.filter((v) => v.verdict === 'guard').length}, allowlist ${verdicts.filter((v) => v.verdict === 'allowlist').length}`);
    expect(links.length).toBeGreaterThan(0);
    expect(verdicts.filter((v) => v.verdict === 'allowed')).toEqual([]);
    // With the link's own host allowlisted, the guard alone still refuses every one of them.
    const guardOnly = links.filter((url) => {
      try {
        const host = new URL(url).hostname;
        checkUrl(url, [host], strictAddressPolicy);
        return /^[\d.:a-fx[\]]+$/i.test(host);
      } catch {
        return false;
      }
    });
    expect(guardOnly).toEqual([]);
  });
});
