import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { localLambdaContext } from './lambda-context.js';

/** A Lambda handler for API Gateway HTTP API (v2) events, as our middy factories produce. */
export type HttpApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2 | void>;

/** One API Gateway route, e.g. `GET /practices/{id}`, and the handler behind it. */
export interface BridgeRoute {
  routeKey: string;
  handler: HttpApiHandler;
}

export interface HttpBridgeOptions {
  /** Serves requests no route matches (the console's static files); unset → 404 problem. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
  /** Largest request body accepted, in bytes (API Gateway's own limit is 10 MB). */
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

interface CompiledRoute extends BridgeRoute {
  method: string;
  segments: Array<{ literal: string } | { param: string; greedy: boolean }>;
  literalCount: number;
}

function compile(route: BridgeRoute): CompiledRoute {
  const match = /^([A-Z]+|ANY) (\/.*)$/.exec(route.routeKey);
  if (!match) throw new Error(`not a route key: ${route.routeKey}`);
  const segments = match[2]!
    .split('/')
    .slice(1)
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
      return param ? { param: param[1]!, greedy: param[2] === '+' } : { literal: segment };
    });
  return { ...route, method: match[1]!, segments, literalCount: segments.filter((s) => 'literal' in s).length };
}

function matchPath(route: CompiledRoute, parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i += 1) {
    const segment = route.segments[i]!;
    if ('literal' in segment) {
      if (parts[i] !== segment.literal) return null;
      continue;
    }
    if (segment.greedy) {
      const rest = parts.slice(i);
      if (rest.length === 0 || rest.join('/') === '') return null;
      params[segment.param] = rest.map(safeDecode).join('/');
      return params;
    }
    if (parts[i] === undefined || parts[i] === '') return null;
    params[segment.param] = safeDecode(parts[i]!);
  }
  return parts.length === route.segments.length ? params : null;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

const TEXTUAL = /^(text\/|application\/(json|[a-z.+-]*\+json|x-www-form-urlencoded|xml|[a-z.+-]*\+xml|javascript))/i;

/** Writes a problem of the closed set (404 not_found, 405, 413 too_large, else internal) straight to a node response. */
export function problem(res: ServerResponse, status: number, title: string, detail: string, extra: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...extra });
  res.end(JSON.stringify({ type: `urn:practice-watch:problem:${status === 404 ? 'not-found' : status === 405 ? 'method-not-allowed' : status === 413 ? 'too-large' : 'internal'}`, title, status, detail }));
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Builds the API Gateway HTTP API v2 event of a node:http request, as API Gateway would. */
function toEvent(req: IncomingMessage, url: URL, route: CompiledRoute, pathParameters: Record<string, string>, body: Buffer): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') {
      cookies = (Array.isArray(value) ? value.join('; ') : value).split(/;\s*/).filter(Boolean);
      continue;
    }
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  // API Gateway joins repeated query parameters with commas.
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const rawQueryString = url.search.startsWith('?') ? url.search.slice(1) : '';
  const contentType = headers['content-type'] ?? '';
  const textual = body.length === 0 || TEXTUAL.test(contentType);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers['host'] ?? 'localhost',
      domainPrefix: (headers['host'] ?? 'localhost').split('.')[0]!,
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !textual,
  };
}

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const sortMethods = (methods: Set<string>) => [...methods].sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));

function writeResult(res: ServerResponse, result: APIGatewayProxyResultV2 | void, head = false) {
  // API Gateway's v2 rule: anything that is not a structured result is a 200 JSON body.
  const structured: APIGatewayProxyStructuredResultV2 =
    result !== null && typeof result === 'object' && 'statusCode' in result
      ? result
      : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: typeof result === 'string' ? result : JSON.stringify(result ?? null) };
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const body = structured.body === undefined ? Buffer.alloc(0) : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8');
  const status = structured.statusCode ?? 200;
  // A HEAD answer states the length the GET body would have (the handler says it); node sends no body.
  if (status !== 304 && status !== 204 && !(head && headers['content-length'] !== undefined)) headers['content-length'] = String(body.length);
  res.writeHead(status, headers);
  res.end(status === 304 || status === 204 || head ? undefined : body);
}

/**
 * The local API Gateway: a node:http server that turns requests into HTTP API v2 events for the
 * very handlers Lambda runs, and their results back into responses. Not listening yet: call
 * `listen(port, '127.0.0.1')`.
 */
export function createHttpServer(routes: BridgeRoute[], options: HttpBridgeOptions = {}): Server {
  // Most specific first, as API Gateway chooses: more literal segments win over parameters.
  const compiled = routes.map(compile).sort((a, b) => b.literalCount - a.literalCount);
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const log = options.log ?? (() => {});

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const parts = url.pathname.split('/').slice(1);
      const method = req.method ?? 'GET';
      let found: { route: CompiledRoute; params: Record<string, string> } | null = null;
      let getTwin: { route: CompiledRoute; params: Record<string, string> } | null = null;
      const allowed = new Set<string>();
      for (const route of compiled) {
        const params = matchPath(route, parts);
        if (!params) continue;
        if (route.method === method || route.method === 'ANY') {
          found = { route, params };
          break;
        }
        allowed.add(route.method);
        if (route.method === 'GET') {
          allowed.add('HEAD');
          getTwin ??= { route, params };
        }
      }
      // HEAD is served by the GET route as a HEAD route key, as API Gateway does with the CDK app's HEAD twins.
      if (!found && method === 'HEAD' && getTwin) found = { route: { ...getTwin.route, routeKey: `HEAD ${getTwin.route.routeKey.slice(4)}`, method: 'HEAD' }, params: getTwin.params };
      if (!found) {
        // A known path with another method is the API's answer (405), never the fallback's.
        if (allowed.size > 0) return problem(res, 405, 'Method Not Allowed', `${method} is not supported here`, { allow: sortMethods(allowed).join(', ') });
        if (options.fallback) return void (await options.fallback(req, res));
        return problem(res, 404, 'Not Found', 'no such route');
      }
      const body = await readBody(req, maxBody);
      if (body === null) return problem(res, 413, 'Content Too Large', `request bodies are limited to ${maxBody} bytes`, { connection: 'close' });
      const event = toEvent(req, url, found.route, found.params, body);
      const result = await found.route.handler(event, localLambdaContext('http-api', event.requestContext.requestId));
      writeResult(res, result, method === 'HEAD');
    } catch (error) {
      log(`http bridge: handler failed: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) problem(res, 500, 'Internal Server Error', 'an internal error occurred');
      else res.destroy();
    }
  });
  // Requests node refuses before any route sees them (oversized request line or headers, malformed
  // HTTP) still get a problem of the closed set, not node's bare status line.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return;
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const title = tooLarge ? 'Request Header Fields Too Large' : 'Bad Request';
    const body = JSON.stringify({
      type: `urn:practice-watch:problem:${tooLarge ? 'too-large' : 'validation'}`,
      title,
      status,
      detail: tooLarge ? 'the request line and headers are limited to 16 KB' : 'the request is not valid HTTP',
    });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\ncache-control: no-store\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}
