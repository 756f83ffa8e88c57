// @ts-check
// Sign-in: a pasted token locally, Cognito's hosted UI (authorization code + PKCE) on AWS.
// Tokens live in sessionStorage only, so closing the tab signs the editor out.

/** @import { ConsoleAuthConfig } from '../console-types.js' */
/** @typedef {Extract<ConsoleAuthConfig, {mode: 'cognito'}>} CognitoAuth */

const TOKEN_KEY = 'pw.console.token';
const PKCE_KEY = 'pw.console.pkce';
const EXPIRED_KEY = 'pw.console.expired';

/**
 * Decodes a JWT's payload without verifying it (the API verifies; the console only shows who is
 * signed in and when the token expires). Returns null when the token is not a JWT.
 * @param {string} token
 * @returns {Record<string, unknown>|null}
 */
export function decodeJwtPayload(token) {
  const parts = String(token).split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const bytes = base64UrlToBytes(parts[1]);
    const payload = JSON.parse(new TextDecoder().decode(bytes));
    return payload && typeof payload === 'object' ? payload : null;
  } catch {
    return null;
  }
}

/** @param {string} text */
function base64UrlToBytes(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** @param {Uint8Array} bytes */
export function bytesToBase64Url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A PKCE code verifier: 32 random bytes, base64url (43 characters, RFC 7636 §4.1). */
export function createCodeVerifier() {
  return bytesToBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * The S256 code challenge of a verifier: base64url(SHA-256(verifier)).
 * @param {string} verifier
 */
export async function codeChallengeS256(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return bytesToBase64Url(new Uint8Array(digest));
}

/**
 * The signed-in session, or null. Expired tokens count as signed out.
 * @returns {{token: string, username: string, expiresAt: number|null}|null}
 */
export function currentSession() {
  const raw = sessionStorage.getItem(TOKEN_KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw);
    if (typeof session?.token !== 'string') return null;
    if (typeof session.expiresAt === 'number' && session.expiresAt <= Date.now()) {
      sessionStorage.removeItem(TOKEN_KEY);
      sessionStorage.setItem(EXPIRED_KEY, '1');
      return null;
    }
    return session;
  } catch {
    sessionStorage.removeItem(TOKEN_KEY);
    return null;
  }
}

/**
 * Stores a token, reading the name and expiry from its payload. Throws on something that is
 * not a JWT or has already expired, so that a mistyped paste is caught before any request.
 * @param {string} token
 * @param {number|null} [expiresInSeconds]
 */
export function storeToken(token, expiresInSeconds = null) {
  const trimmed = String(token).trim().replace(/^Bearer\s+/i, '');
  const payload = decodeJwtPayload(trimmed);
  if (!payload) throw new Error('Это не похоже на токен (ожидается JWT из трёх частей).');
  const username = String(payload.username ?? payload['cognito:username'] ?? payload.sub ?? 'редактор');
  let expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  if (expiresInSeconds) expiresAt = Math.min(expiresAt ?? Infinity, Date.now() + expiresInSeconds * 1000);
  if (expiresAt !== null && expiresAt <= Date.now()) throw new Error('Срок действия токена истёк. Получите новый.');
  const session = { token: trimmed, username, expiresAt };
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify(session));
  sessionStorage.removeItem(EXPIRED_KEY);
  return session;
}

/** True once after a stored token was found expired, so the sign-in form can say why it is back. */
export function consumeExpiry() {
  const expired = sessionStorage.getItem(EXPIRED_KEY) === '1';
  sessionStorage.removeItem(EXPIRED_KEY);
  return expired;
}

/** Forgets the token. */
export function clearSession() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(EXPIRED_KEY);
}

/**
 * Starts the Cognito hosted-UI sign-in: stores a fresh verifier and state, then navigates away.
 * @param {CognitoAuth} auth
 */
export async function beginCognitoSignIn(auth) {
  const verifier = createCodeVerifier();
  const state = createCodeVerifier();
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, returnHash: location.hash }));
  const url = new URL('/oauth2/authorize', auth.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: (auth.scopes ?? []).join(' '),
    state,
    code_challenge: await codeChallengeS256(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/**
 * Completes the hosted-UI sign-in when the page was opened with `?code=…&state=…`: checks the
 * state, exchanges the code for tokens and keeps the ACCESS token (the API's editor routes
 * require its scope; an ID token would not carry it). Returns true when a code was handled.
 * @param {CognitoAuth} auth
 */
export async function completeCognitoSignIn(auth) {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return false;
  const pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null');
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', `${location.pathname}${pending?.returnHash ?? ''}`);
  if (error) throw new Error(`Вход отклонён: ${params.get('error_description') ?? error}`);
  if (!pending || pending.state !== params.get('state')) throw new Error('Ответ входа не совпадает с запросом (state). Войдите снова.');
  const response = await fetch(new URL('/oauth2/token', auth.domain).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      // Not null: a missing code returned or threw above.
      code: String(code),
      redirect_uri: auth.redirectUri,
      code_verifier: pending.verifier,
    }).toString(),
  });
  if (!response.ok) throw new Error(`Не удалось получить токен (HTTP ${response.status}). Войдите снова.`);
  const tokens = await response.json();
  if (typeof tokens.access_token !== 'string') throw new Error('Сервер входа не вернул access token.');
  storeToken(tokens.access_token, typeof tokens.expires_in === 'number' ? tokens.expires_in : null);
  return true;
}

/**
 * Signs out; on Cognito also ends the hosted-UI session.
 * @param {ConsoleAuthConfig} auth
 */
export function signOut(auth) {
  clearSession();
  if (auth.mode === 'cognito' && auth.domain && auth.clientId && auth.redirectUri) {
    const url = new URL('/logout', auth.domain);
    url.search = new URLSearchParams({ client_id: auth.clientId, logout_uri: auth.redirectUri }).toString();
    location.assign(url.href);
  }
}
