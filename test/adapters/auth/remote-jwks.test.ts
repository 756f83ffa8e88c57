import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier } from '../../../functions/adapters/auth/jwt-verifier.js';
import { openLocalIssuer, type LocalIssuer } from '../../../functions/adapters/auth/local-issuer.js';
import { UnauthorizedError } from '../../../functions/core/errors.js';

describe('createJwtVerifier with a remote JWKS (the AWS path)', () => {
  let dir: string;
  let issuer: LocalIssuer;
  let server: Server;
  let jwksUrl: string;
  let hits = 0;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pw-jwks-'));
    issuer = await openLocalIssuer(dir);
    server = createServer((_req, res) => {
      hits += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(issuer.jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('fetches the key set once, then verifies from its cache', async () => {
    const verifier = createJwtVerifier({ ...issuer.verifierOptions(), keys: { jwksUrl } });
    for (const editor of ['a', 'b', 'c']) {
      await expect(verifier.verifyEditor(await issuer.mintAccessToken({ username: editor }))).resolves.toMatchObject({ username: editor });
    }
    expect(hits).toBe(1);
  });

  it('does not blame the caller when the key set cannot be fetched: the error is not a 401', async () => {
    const verifier = createJwtVerifier({ ...issuer.verifierOptions(), keys: { jwksUrl: 'http://127.0.0.1:1/jwks.json' } });
    const outcome = await verifier.verifyEditor(await issuer.mintAccessToken({ username: 'a' })).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(Error);
    expect(outcome).not.toBeInstanceOf(UnauthorizedError);
  });
});
