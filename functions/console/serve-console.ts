import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleCatalogues } from './catalogues.js';
import type { ConsoleConfig } from './console-types.js';
import { geodataLicence, MAP_LICENCE_FILE, russiaMapJson } from './russia-map.js';

export interface ConsoleResponderOptions {
  /** Folder holding index.html, the modules and the stylesheet; defaults to `static/` beside this file. */
  staticDir?: string;
  config: ConsoleConfig;
}

/** Handles a request if it belongs to the console; returns false to let the caller route it elsewhere. */
export type ConsoleResponder = (req: IncomingMessage, res: ServerResponse) => boolean;

const PREFIX = '/console/';
/** The public page, served at `/` (its modules, stylesheet and map file load from `/console/`). */
export const PUBLIC_PAGE = 'public.html';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const defaultStaticDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');

function originOf(url: string): string | null {
  if (!url) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`console config: ${url} is not an http(s) URL`);
  return parsed.origin;
}

/**
 * The Content-Security-Policy the console is served with. `connect-src` also lists the API's
 * origin when it is not the console's, and the Cognito domain, because the code-for-token
 * exchange of the PKCE flow is a fetch from the page.
 */
export function consoleContentSecurityPolicy(config: ConsoleConfig): string {
  const connect = new Set(["'self'"]);
  const apiOrigin = originOf(config.apiBaseUrl);
  if (apiOrigin) connect.add(apiOrigin);
  if (config.auth.mode === 'cognito') {
    const authOrigin = originOf(config.auth.domain);
    if (authOrigin) connect.add(authOrigin);
  }
  return [
    "default-src 'self'",
    `connect-src ${[...connect].join(' ')}`,
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

function validateConfig(config: ConsoleConfig): void {
  originOf(config.apiBaseUrl);
  if (config.auth.mode === 'cognito') {
    originOf(config.auth.domain);
    originOf(config.auth.redirectUri);
    if (!config.auth.clientId) throw new Error('console config: cognito clientId is empty');
  } else if (config.auth.mode !== 'local') {
    throw new Error('console config: auth.mode must be local or cognito');
  }
}

/**
 * Maps a request path under `/console/` to a file inside `staticDir`, or null when the path is
 * not a plain file name chain (encoded slashes, dot segments, NUL and backslashes are refused
 * rather than normalised, so nothing outside the folder can be named).
 */
function resolveStaticPath(staticDir: string, pathname: string): string | null {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(PREFIX.length));
  } catch {
    return null;
  }
  if (relative === '') relative = 'index.html';
  const segments = relative.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.') || /[\\\0:]/.test(s))) return null;
  const full = path.resolve(staticDir, ...segments);
  if (!full.startsWith(path.resolve(staticDir) + path.sep)) return null;
  return full;
}

/**
 * Creates the request handler that serves the editors' console under `/console/`: the static
 * files with strict security headers, `/console/config.json` generated from `config`,
 * `/console/catalogues.json` from the catalogues and `/console/russia-map.json` from the geodata
 * package; and the public page (no sign-in) at `/`.
 * Used by the local runtime and by the tests; on AWS the same files sit in S3 behind CloudFront.
 */
export function createConsoleResponder(options: ConsoleResponderOptions): ConsoleResponder {
  const staticDir = options.staticDir ?? defaultStaticDir;
  validateConfig(options.config);
  const configBody = JSON.stringify(options.config);
  const cataloguesBody = JSON.stringify(consoleCatalogues());
  const headers = {
    'Content-Security-Policy': consoleContentSecurityPolicy(options.config),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-cache',
  };

  const send = (req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), ...extra });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  return (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0]!.split('#')[0]!;
    if (pathname === '/' || pathname === '/index.html') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(req, res, 405, 'text/plain; charset=utf-8', 'method not allowed', { Allow: 'GET, HEAD' });
        return true;
      }
      readFile(path.join(staticDir, PUBLIC_PAGE)).then(
        (body) => send(req, res, 200, CONTENT_TYPES['.html']!, body),
        () => send(req, res, 404, 'text/plain; charset=utf-8', 'not found'),
      );
      return true;
    }
    if (pathname === '/console') {
      send(req, res, 308, 'text/plain; charset=utf-8', 'moved', { Location: PREFIX });
      return true;
    }
    if (!pathname.startsWith(PREFIX)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, 405, 'text/plain; charset=utf-8', 'method not allowed', { Allow: 'GET, HEAD' });
      return true;
    }
    if (pathname === `${PREFIX}config.json`) {
      send(req, res, 200, CONTENT_TYPES['.json']!, configBody);
      return true;
    }
    if (pathname === `${PREFIX}catalogues.json`) {
      send(req, res, 200, CONTENT_TYPES['.json']!, cataloguesBody);
      return true;
    }
    if (pathname === `${PREFIX}russia-map.json`) {
      send(req, res, 200, CONTENT_TYPES['.json']!, russiaMapJson());
      return true;
    }
    if (pathname === `${PREFIX}${MAP_LICENCE_FILE}`) {
      send(req, res, 200, 'text/plain; charset=utf-8', geodataLicence());
      return true;
    }
    const file = resolveStaticPath(staticDir, pathname);
    const type = file ? CONTENT_TYPES[path.extname(file).toLowerCase()] : undefined;
    if (!file || !type) {
      send(req, res, 404, 'text/plain; charset=utf-8', 'not found');
      return true;
    }
    readFile(file).then(
      (body) => send(req, res, 200, type, body),
      () => send(req, res, 404, 'text/plain; charset=utf-8', 'not found'),
    );
    return true;
  };
}
