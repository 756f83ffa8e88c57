import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier } from '../../../functions/adapters/auth/jwt-verifier.js';
import { mintEditorToken, openLocalIssuer, type LocalIssuer } from '../../../functions/adapters/auth/local-issuer.js';
import { ForbiddenError, UnauthorizedError } from '../../../functions/core/errors.js';
import type { AccessTokenVerifier } from '../../../functions/core/ports.js';
import { forgedTokens } from './forged-tokens.js';

describe('createJwtVerifier over the local issuer', () => {
  let dir: string;
  let issuer: LocalIssuer;
  let verifier: AccessTokenVerifier;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pw-auth-'));
    issuer = await openLocalIssuer(dir);
    verifier = createJwtVerifier(issuer.verifierOptions());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts an editor access token minted by mintEditorToken and names the editor', async () => {
    const token = await mintEditorToken({ dir, editor: 'alice', ttlSeconds: 60 });
    const principal = await verifier.verifyEditor(token);
    expect(principal.username).toBe('alice');
    expect(principal.groups).toContain('editors');
    expect(principal.scopes).toContain('editor');
  });

  it('keeps its key across openings of the same directory', async () => {
    const again = await openLocalIssuer(dir);
    expect(again.kid).toBe(issuer.kid);
    await expect(createJwtVerifier(again.verifierOptions()).verifyEditor(await issuer.mintAccessToken({ username: 'bob' }))).resolves.toMatchObject({ username: 'bob' });
  });

  it('rejects every forged or foreign token with 401 and valid non-editors with 403', async () => {
    const cases = await forgedTokens(issuer);
    expect(cases.length).toBeGreaterThanOrEqual(12);
    for (const forged of cases) {
      const outcome = await verifier.verifyEditor(forged.token).then(
        () => 'accepted',
        (error: unknown) => (error instanceof ForbiddenError ? 403 : error instanceof UnauthorizedError ? 401 : `other: ${String(error)}`),
      );
      expect({ name: forged.name, outcome }).toEqual({ name: forged.name, outcome: forged.expect });
    }
  });

  it('rejects a token signed by another RS256 key under the issuer kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ token_use: 'access', client_id: issuer.clientId, scope: 'editor', 'cognito:groups': ['editors'], username: 'mallory' })
      .setProtectedHeader({ alg: 'RS256', kid: issuer.kid })
      .setIssuer(issuer.issuer)
      .setExpirationTime('1h')
      .sign(privateKey);
    await expect(verifier.verifyEditor(token)).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
