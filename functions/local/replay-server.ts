import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { HttpPageFetcherOptions } from '../adapters/fetcher/fetcher-options.js';
import { createAddressPolicy } from '../adapters/fetcher/ssrf-guard.js';
import type { SourceProfile } from '../core/source-definition.js';

/** One recorded response: the URL the fetcher asks for and the fixture bytes to answer with. */
interface ReplayEntry {
  url: string;
  file: string;
  contentType: string;
}

/** A response the replay server answers with: the bytes, their type and an ETag of the bytes. */
export interface RecordedResponse {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** One request the replay server answered (for counts and timings in tests and the bench). */
export interface ReplayRequest {
  host: string;
  path: string;
  status: number;
  at: number;
}

export interface ReplayServer {
  port: number;
  /** Number of recorded URLs served. */
  size: number;
  /** Requests answered so far, for the startup summary and tests. */
  hits(): number;
  close(): Promise<void>;
}

/** Host + path + query: replay ignores the scheme because the fetcher is pointed at plain HTTP. */
function replayKey(url: URL): string {
  return `${url.hostname.toLowerCase()}${url.pathname}${url.search}`;
}

/** A table of responses built from documents given in memory (URL, bytes, content type). */
export function replayTable(documents: Iterable<{ url: string; body: Buffer; contentType: string }>): Map<string, RecordedResponse> {
  const table = new Map<string, RecordedResponse>();
  for (const { url, body, contentType } of documents) {
    table.set(replayKey(new URL(url)), { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` });
  }
  return table;
}

/**
 * Loads every source's `test/sources/<id>/fixtures/replay.json` manifest. The manifests are the
 * recorded fixtures the parsers' golden tests use, so a replay run exercises exactly that markup.
 */
export function loadReplayManifests(root: string): Map<string, RecordedResponse> {
  const table = new Map<string, RecordedResponse>();
  const sourcesDir = path.join(root, 'test', 'sources');
  if (!existsSync(sourcesDir)) return table;
  for (const id of readdirSync(sourcesDir)) {
    const fixtures = path.join(sourcesDir, id, 'fixtures');
    const manifest = path.join(fixtures, 'replay.json');
    if (!existsSync(manifest)) continue;
    const entries = JSON.parse(readFileSync(manifest, 'utf8')) as ReplayEntry[];
    for (const [key, response] of replayTable(entries.map((entry) => ({ url: entry.url, body: readFileSync(path.join(fixtures, entry.file)), contentType: entry.contentType })))) {
      table.set(key, response);
    }
  }
  return table;
}

/**
 * Serves recorded fixtures on 127.0.0.1 as if it were every source's host (the `Host` header
 * picks the site). robots.txt is absent (404 → allowed, per RFC 9309); unknown URLs get 404.
 * Responses carry an ETag and honour `If-None-Match`, so replayed runs exercise conditional GET.
 * `source` is the project root (every source's `replay.json`) or a table built by {@link replayTable}.
 */
export async function startReplayServer(
  source: string | Map<string, RecordedResponse>,
  port = 0,
  options: { onRequest?: (request: ReplayRequest) => void } = {},
): Promise<ReplayServer> {
  const table = typeof source === 'string' ? loadReplayManifests(source) : source;
  let hits = 0;
  const server: Server = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', `http://${host}`);
    const found = table.get(replayKey(url));
    const status = !found ? 404 : req.headers['if-none-match'] === found.etag ? 304 : 200;
    options.onRequest?.({ host, path: `${url.pathname}${url.search}`, status, at: performance.now() });
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not recorded\n');
      return;
    }
    hits += 1;
    if (status === 304) {
      res.writeHead(304, { etag: found.etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': found.contentType, 'content-length': found.body.length, etag: found.etag }).end(found.body);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('replay server has no port');
  return {
    port: address.port,
    size: table.size,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Fetcher options that send every request to a server on 127.0.0.1:`port` (replay, tests): every
 * host "resolves" there and exactly that address and port are permitted, nothing else.
 */
export function loopbackFetcherOptions(port: number): Partial<HttpPageFetcherOptions> {
  return {
    resolver: async () => [{ address: '127.0.0.1', family: 4 as const }],
    addressPolicy: createAddressPolicy({ allow: [{ address: '127.0.0.1', port }] }),
    connectOverride: { host: '127.0.0.1', port },
  };
}

/** The sources as the replay serves them: over plain HTTP (the replay server has no TLS). */
export function overPlainHttp(sources: readonly SourceProfile[]): SourceProfile[] {
  return sources.map((s) => ({ ...s, politeness: { ...s.politeness, scheme: 'http' as const } }));
}
