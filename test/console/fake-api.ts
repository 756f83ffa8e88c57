import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConsoleResponder } from '../../functions/console/serve-console.js';

/** A PracticeView as the editor routes return it; loose on purpose, as the console must be. */
export type View = Record<string, any> & { id: string; version: number; status: string };

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: any;
}

const OVERRIDABLE = ['title', 'lead', 'isPracticeAnnouncement', 'practices', 'regions', 'organisations', 'people', 'platforms', 'figures', 'topics', 'publishedAt'];

/** Builds an unsigned JWT-shaped token; the fake accepts exactly the tokens it was given. */
export function fakeJwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

function problem(res: ServerResponse, status: number, title: string, extra: Record<string, unknown> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail: title, ...extra }));
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * An in-memory fake of the API contract the console uses: the review queue with filters and
 * offset cursors (`pageSize` overrides the client's limit, to hand over a whole corpus at once),
 * versioned editor actions (412 on a stale If-Match, 428 without one), history
 * and the public source list with its per-day activity. Every request is recorded for assertions.
 */
export function createFakeApi(options: { items: View[]; sources: unknown[]; tokens: Record<string, string>; pageSize?: number; projection?: unknown }) {
  const store = new Map<string, View>(options.items.map((item) => [item.id, structuredClone(item)]));
  const history = new Map<string, any[]>();
  const requests: RecordedRequest[] = [];

  const effective = (item: View): View => {
    const out: View = { ...item };
    for (const field of OVERRIDABLE) out[field] = Object.hasOwn(item.overrides ?? {}, field) ? item.overrides[field] : item.machine[field];
    return out;
  };

  const matches = (item: View, q: URLSearchParams): boolean => {
    if ((q.get('status') ?? 'pending') !== item.status) return false;
    const classified = q.get('classified') ?? 'positive';
    if (classified === 'positive' && item.isPracticeAnnouncement !== true) return false;
    if (classified === 'negative' && item.isPracticeAnnouncement !== false) return false;
    // As the API's uncertainty band (core/learning/uncertainty.ts): 0.2–0.8, not classified by an editor.
    if (classified === 'uncertain' && !(item.confidence >= 0.2 && item.confidence <= 0.8 && !Object.hasOwn(item.overrides ?? {}, 'isPracticeAnnouncement'))) return false;
    if (q.get('region') && !(item.regions ?? []).some((r: any) => r.code === q.get('region'))) return false;
    if (q.get('organisation') && !(item.organisations ?? []).some((o: any) => o.id === q.get('organisation'))) return false;
    if (q.get('source') && item.sourceId !== q.get('source')) return false;
    if (q.get('topic') && !(item.topics ?? []).includes(q.get('topic'))) return false;
    if (q.get('from') && String(item.publishedAt ?? '') < q.get('from')!) return false;
    if (q.get('to') && String(item.publishedAt ?? '').slice(0, 10) > q.get('to')!) return false;
    const words = (q.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    return words.every((w) => String(item.title).toLowerCase().includes(w));
  };

  const editor = (req: IncomingMessage): string | null => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    return options.tokens[token] ?? null;
  };

  /** Applies a write as another editor would, bumping the version behind the console's back. */
  const touchBehindTheBack = (id: string): void => {
    const item = store.get(id)!;
    store.set(id, { ...item, version: item.version + 1, updatedAt: new Date().toISOString() });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any = null;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        problem(res, 400, 'body is not JSON');
        return;
      }
    }
    requests.push({ method: req.method ?? 'GET', url, headers: req.headers, body });

    if (req.method === 'GET' && url.pathname === '/sources') {
      json(res, 200, { items: options.sources, ...(options.projection === undefined ? {} : { projection: options.projection }) });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/sources/activity') {
      // Days ending today; the first source published on every third day, i items on day i mod 4.
      const n = Number(url.searchParams.get('days') ?? 30);
      const days = Array.from({ length: n }, (_, i) => new Date(Date.now() - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
      const items = options.sources.map((source: any, k) => {
        const counts = days.map((_, i) => (k === 0 && i % 3 === 0 ? i % 4 : 0));
        return { sourceId: String(source.id), counts, total: counts.reduce((a, b) => a + b, 0), truncated: false };
      });
      json(res, 200, { days, items });
      return;
    }
    const actor = editor(req);
    if (!actor) {
      problem(res, 401, 'missing or invalid token');
      return;
    }
    if (req.method === 'GET' && url.pathname === '/review') {
      const all = [...store.values()].map(effective).filter((item) => matches(item, url.searchParams)).sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
      const offset = Number(url.searchParams.get('cursor') ?? 0);
      const limit = options.pageSize ?? Math.min(Number(url.searchParams.get('limit') ?? 20), 100);
      const items = all.slice(offset, offset + limit);
      json(res, 200, { items, nextCursor: offset + limit < all.length ? String(offset + limit) : null });
      return;
    }
    const historyMatch = /^\/practices\/([^/]+)\/history$/.exec(url.pathname);
    if (req.method === 'GET' && historyMatch) {
      json(res, 200, { items: history.get(decodeURIComponent(historyMatch[1]!)) ?? [], nextCursor: null });
      return;
    }
    const practiceMatch = /^\/practices\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'PATCH' && practiceMatch) {
      const id = decodeURIComponent(practiceMatch[1]!);
      const item = store.get(id);
      if (!item) {
        problem(res, 404, 'no such practice');
        return;
      }
      const ifMatch = req.headers['if-match'];
      if (!ifMatch) {
        problem(res, 428, 'If-Match required');
        return;
      }
      if (ifMatch !== `"${item.version}"`) {
        problem(res, 412, 'version mismatch', { currentVersion: item.version });
        return;
      }
      const next: View = structuredClone(item);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const at = new Date().toISOString();
      switch (body?.action) {
        case 'approve':
          Object.assign(next, { status: 'approved', reviewer: actor, reviewedAt: at, rejectReason: null });
          changes.status = { from: item.status, to: 'approved' };
          break;
        case 'reject':
          if (typeof body.reason !== 'string' || !body.reason.trim()) {
            problem(res, 400, 'reason required');
            return;
          }
          Object.assign(next, { status: 'rejected', reviewer: actor, reviewedAt: at, rejectReason: body.reason });
          changes.status = { from: item.status, to: 'rejected' };
          break;
        case 'edit':
          for (const [field, value] of Object.entries(body.overrides ?? {})) {
            if (!OVERRIDABLE.includes(field)) {
              problem(res, 400, `field ${field} cannot be overridden`);
              return;
            }
            changes[field] = { from: effective(item)[field], to: value ?? item.machine[field] };
            if (value === null) delete next.overrides[field];
            else next.overrides[field] = value;
          }
          break;
        case 'set-announcement':
          next.overrides.isPracticeAnnouncement = body.value;
          changes.isPracticeAnnouncement = { from: effective(item).isPracticeAnnouncement, to: body.value };
          break;
        default:
          problem(res, 400, 'unknown action');
          return;
      }
      next.version = item.version + 1;
      next.updatedAt = at;
      store.set(id, next);
      history.set(id, [...(history.get(id) ?? []), { practiceId: id, at, actor, action: body.action, changes, version: next.version, reason: body.reason ?? null }]);
      json(res, 200, effective(next), { ETag: `"${next.version}"` });
      return;
    }
    problem(res, 404, 'not found');
  };

  return { handle, requests, store, touchBehindTheBack, effective };
}

/** A request handler of a fake: true (or a promise) when it answered, false when the request is not its. */
export type FakeHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<void>;

/**
 * One loopback server for a browser test: the console's static files at `/` and `/console/`, then
 * each fake in turn (a fake that returns false passes the request on; the last one answers all).
 * An error in a fake answers 500 with its text, so that the test sees it instead of a hang.
 */
export async function serveConsoleWith(...fakes: FakeHandler[]): Promise<{ origin: string; close: () => Promise<void> }> {
  const serveConsole = createConsoleResponder({ config: { apiBaseUrl: '', auth: { mode: 'local' } } });
  const server = createServer((req, res) => {
    if (serveConsole(req, res)) return;
    const fail = (error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    };
    try {
      for (const fake of fakes) {
        const answered = fake(req, res);
        if (answered instanceof Promise) return void answered.catch(fail);
        if (answered) return;
      }
      res.writeHead(404);
      res.end();
    } catch (error) {
      fail(error);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
