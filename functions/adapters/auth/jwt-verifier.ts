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
}

const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * Bearer JWT verification shaped after Cognito access tokens: RS256 only (no `none`, no HMAC, so a
 * public key can never be used as a shared secret), a known `kid`, `iss`, `exp`/`nbf` with a small
 * skew, `token_use: access` (ID tokens are refused: they would otherwise pass any authorizer that
 * checks only the signature) and an allowed `client_id`; then the `editor` scope and `editors` group.
 */
export function createJwtVerifier(options: JwtVerifierOptions): AccessTokenVerifier {
  const keySet =
    'jwksUrl' in options.keys
      ? createRemoteJWKSet(new URL(options.keys.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 })
      : createLocalJWKSet(options.keys.jwks);
  const editorScope = options.editorScope ?? 'editor';
  const editorGroup = options.editorGroup ?? 'editors';
  const clockTolerance = options.clockToleranceSeconds ?? 30;
  const clients = new Set(options.clientIds);

  return {
    async verifyEditor(token) {
      let payload: JWTPayload;
      try {
        // A token that never expires is refused even when correctly signed: Cognito always sets exp.
        ({ payload } = await jwtVerify(token, keySet, { issuer: options.issuer, algorithms: ['RS256'], clockTolerance, requiredClaims: ['exp', 'iat'] }));
      } catch (error) {
        // Key-set outages (timeouts, network) are ours, not the caller's fault: let them become a 500.
        if (!(error instanceof joseErrors.JOSEError) || error instanceof joseErrors.JWKSTimeout) throw error;
        throw new UnauthorizedError('invalid token', { reason: error.code });
      }
      if (payload['token_use'] !== 'access') throw new UnauthorizedError('an access token is required', { reason: 'ERR_NOT_ACCESS_TOKEN' });
      if (payload.aud !== undefined) throw new UnauthorizedError('an access token is required', { reason: 'ERR_UNEXPECTED_AUDIENCE' });
      const clientId = payload['client_id'];
      if (typeof clientId !== 'string' || !clients.has(clientId)) throw new UnauthorizedError('token issued to another client', { reason: 'ERR_CLIENT' });
      const subject = typeof payload.sub === 'string' ? payload.sub : '';
      const username = typeof payload['username'] === 'string' ? payload['username'] : subject;
      if (!username) throw new UnauthorizedError('token names no user', { reason: 'ERR_SUBJECT' });
      const scopes = typeof payload['scope'] === 'string' ? payload['scope'].split(' ').filter(Boolean) : [];
      const groups = asStrings(payload['cognito:groups']);
      if (!scopes.includes(editorScope)) throw new ForbiddenError('the token lacks the editor scope');
      if (!groups.includes(editorGroup)) throw new ForbiddenError('the user is not in the editors group');
      return { username, subject, groups, scopes };
    },
  };
}
