import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import { MAX_TOKEN_LIFETIME_SECONDS, type JwtVerifierOptions } from './jwt-verifier.js';

/** Issuer name of locally minted tokens. */
export const LOCAL_ISSUER = 'urn:practice-watch:local-issuer';
/** App client id of locally minted tokens. */
export const LOCAL_CLIENT_ID = 'practice-watch-local';
/** Scope that editor routes require locally (Cognito uses `<resource-server-id>/editor`). */
export const LOCAL_EDITOR_SCOPE = 'editor';

const KEY_FILE = 'signing-key.json';

interface StoredKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** A local stand-in for Cognito: one persistent RS256 key, its JWKS, and a token minter. */
export interface LocalIssuer {
  issuer: string;
  clientId: string;
  kid: string;
  jwks: JSONWebKeySet;
  /**
   * Signs arbitrary claims with the issuer's key (tests use it to forge near-valid tokens).
   * `iat` defaults to now; `kid` and `alg` to the issuer's.
   */
  sign(claims: JWTPayload, header?: { kid?: string }): Promise<string>;
  /** An access token shaped like Cognito's for `username`, valid for `ttlSeconds`. */
  mintAccessToken(input: { username: string; groups?: string[]; scope?: string; ttlSeconds?: number }): Promise<string>;
  /** Options for `createJwtVerifier` that accept this issuer's tokens. */
  verifierOptions(): JwtVerifierOptions;
}

async function loadOrCreateKey(dir: string): Promise<StoredKey> {
  const file = path.join(dir, KEY_FILE);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as StoredKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const stored: StoredKey = {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
    publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' },
  };
  try {
    // `wx`: when two processes race, the first key written wins and both use it.
    await writeFile(file, JSON.stringify(stored), { flag: 'wx', mode: 0o600 });
    return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(await readFile(file, 'utf8')) as StoredKey;
  }
}

/** Opens (creating on first use) the local issuer whose key lives under `dir` (`.local/auth/` for `npm start`). */
export async function openLocalIssuer(dir: string): Promise<LocalIssuer> {
  const stored = await loadOrCreateKey(dir);
  const privateKey = await importJWK(stored.privateJwk, 'RS256');
  const jwks: JSONWebKeySet = { keys: [stored.publicJwk] };

  const sign: LocalIssuer['sign'] = (claims, header = {}) => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: header.kid ?? stored.kid });
    if (claims.iat === undefined) jwt.setIssuedAt();
    return jwt.sign(privateKey);
  };

  return {
    issuer: LOCAL_ISSUER,
    clientId: LOCAL_CLIENT_ID,
    kid: stored.kid,
    jwks,
    sign,
    mintAccessToken({ username, groups = ['editors'], scope = LOCAL_EDITOR_SCOPE, ttlSeconds = 3600 }) {
      if (!(ttlSeconds > 0 && ttlSeconds <= MAX_TOKEN_LIFETIME_SECONDS)) {
        return Promise.reject(new Error(`a token lives at most ${MAX_TOKEN_LIFETIME_SECONDS} seconds (the verifier refuses longer ones)`));
      }
      const now = Math.floor(Date.now() / 1000);
      return sign({
        sub: `local-${username}`,
        'cognito:groups': groups,
        iss: LOCAL_ISSUER,
        client_id: LOCAL_CLIENT_ID,
        origin_jti: randomUUID(),
        token_use: 'access',
        scope,
        auth_time: now,
        exp: now + ttlSeconds,
        iat: now,
        jti: randomUUID(),
        username,
      });
    },
    verifierOptions() {
      return { issuer: LOCAL_ISSUER, clientIds: [LOCAL_CLIENT_ID], keys: { jwks }, editorScope: LOCAL_EDITOR_SCOPE, editorGroup: 'editors' };
    },
  };
}

/** Mints an editor access token from the local issuer under `dir` (`npm run cli -- token --editor NAME`). */
export async function mintEditorToken(input: { dir: string; editor: string; ttlSeconds?: number }): Promise<string> {
  const issuer = await openLocalIssuer(input.dir);
  return issuer.mintAccessToken({ username: input.editor, ttlSeconds: input.ttlSeconds ?? 12 * 3600 });
}

/** Verifier options accepting the tokens of the local issuer under `dir`. */
export async function localVerifierOptions(dir: string): Promise<JwtVerifierOptions> {
  return (await openLocalIssuer(dir)).verifierOptions();
}
