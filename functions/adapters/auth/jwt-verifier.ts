import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { ForbiddenError, UnauthorizedError } from '../../core/errors.js';
import type { AccessTokenVerifier } from '../../core/ports.js';

export interface JwtVerifierOptions {
  /** Expected `iss` (Cognito: `https://cognito-idp.<region>.amazonaws.com/<pool-id>`). */
  issuer: string;
  /** App client ids whose access tokens are accepted (`client_id` claim). */
  clientIds: readonly string[];
  /** Where the signing keys come from: a JWKS URL (fetched and cached) or a key set in hand. */
  keys: { jwksUrl: string } | { jwks: JSONWebKeySet };
  /** Scope required on editor routes; on Cognito `<resource-server-id>/editor`. */
  editorScope?: string;
  /** Cognito group required on editor routes. */
  editorGroup?: string;
  /** Allowed clock skew for `exp`/`nbf`/`iat`, in seconds. */
  clockToleranceSeconds?: number;
  /**
   * Longest life a token may have, in seconds: one issued longer ago, or declaring a longer life
   * (`exp - iat`), is refused whatever its `exp` says. Cognito access tokens live at most a day.
   */
  maxTokenLifetimeSeconds?: number;
}

/** Cognito's longest access-token validity. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

/** One answer for every rejected token: which check failed helps an attacker, not the caller. */
const invalidToken = () => new UnauthorizedError('the access token is not valid');

const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * Bearer JWT verification shaped after Cognito access tokens: RS256 only (no `none`, no HMAC, so a
 * public key can never be used as a shared secret), a known `kid`, `iss`, `exp`/`nbf` with a small
 * skew, `iat` neither in the future nor older than the longest lifetime (nor a declared life longer
 * than that), `token_use: access` (ID tokens are refused: they would otherwise pass any authorizer
 * that checks only the signature) and an allowed `client_id`; then the `editor` scope and `editors`
 * group. Every 401 says the same: the caller learns nothing about which check failed.
 */
export function createJwtVerifier(options: JwtVerifierOptions): AccessTokenVerifier {
  const keySet =
    'jwksUrl' in options.keys
      ? createRemoteJWKSet(new URL(options.keys.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 })
      : createLocalJWKSet(options.keys.jwks);
  const editorScope = options.editorScope ?? 'editor';
  const editorGroup = options.editorGroup ?? 'editors';
  const clockTolerance = options.clockToleranceSeconds ?? 30;
  const maxLifetime = options.maxTokenLifetimeSeconds ?? MAX_TOKEN_LIFETIME_SECONDS;
  const clients = new Set(options.clientIds);

  return {
    async verifyEditor(token) {
      let payload: JWTPayload;
      try {
        // A token that never expires is refused even when correctly signed: Cognito always sets exp.
        // maxTokenAge also refuses an `iat` in the future beyond the skew.
        ({ payload } = await jwtVerify(token, keySet, {
          issuer: options.issuer,
          algorithms: ['RS256'],
          clockTolerance,
          requiredClaims: ['exp', 'iat'],
          maxTokenAge: maxLifetime,
        }));
      } catch (error) {
        // Key-set outages (timeouts, network) are ours, not the caller's fault: let them become a 500.
        if (!(error instanceof joseErrors.JOSEError) || error instanceof joseErrors.JWKSTimeout) throw error;
        throw invalidToken();
      }
      if (payload['token_use'] !== 'access' || payload.aud !== undefined) throw invalidToken();
      if ((payload.exp ?? 0) - (payload.iat ?? 0) > maxLifetime) throw invalidToken();
      const clientId = payload['client_id'];
      if (typeof clientId !== 'string' || !clients.has(clientId)) throw invalidToken();
      const subject = typeof payload.sub === 'string' ? payload.sub : '';
      const username = typeof payload['username'] === 'string' ? payload['username'] : subject;
      if (!username || username.length > 128) throw invalidToken();
      const scopes = typeof payload['scope'] === 'string' ? payload['scope'].split(' ').filter(Boolean) : [];
      const groups = asStrings(payload['cognito:groups']);
      if (!scopes.includes(editorScope)) throw new ForbiddenError('the token lacks the editor scope');
      if (!groups.includes(editorGroup)) throw new ForbiddenError('the user is not in the editors group');
      return { username, subject, groups, scopes };
    },
  };
}
