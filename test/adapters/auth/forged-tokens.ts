import { exportSPKI, generateKeyPair, importJWK, SignJWT } from 'jose';
import type { LocalIssuer } from '../../../functions/adapters/auth/local-issuer.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The forged and foreign tokens of the auth check, each with the status it must get:
 * 401 for anything not a valid access token of our issuer and client, 403 for valid non-editors.
 */
export async function forgedTokens(issuer: LocalIssuer): Promise<Array<{ name: string; token: string; expect: 401 | 403 }>> {
  const now = Math.floor(Date.now() / 1000);
  const good = {
    iss: issuer.issuer,
    client_id: issuer.clientId,
    token_use: 'access',
    scope: 'editor',
    'cognito:groups': ['editors'],
    username: 'mallory',
    sub: 'local-mallory',
    iat: now,
    exp: now + 3600,
  };
  const valid = await issuer.sign(good);
  const [h, p, s] = valid.split('.') as [string, string, string];
  const sig = Buffer.from(s, 'base64url');
  sig[sig.length - 1] = sig[sig.length - 1]! ^ 0x01;
  const flipped = `${h}.${p}.${sig.toString('base64url')}`;

  const pem = await exportSPKI((await importJWK(issuer.jwks.keys[0]!, 'RS256')) as Parameters<typeof exportSPKI>[0]);
  const hs256 = await new SignJWT(good).setProtectedHeader({ alg: 'HS256', kid: issuer.kid }).sign(new TextEncoder().encode(pem));
  const other = await generateKeyPair('RS256');
  const wrongKid = await new SignJWT(good).setProtectedHeader({ alg: 'RS256', kid: 'not-our-key' }).sign(other.privateKey);

  return [
    { name: 'alg none', token: `${b64({ alg: 'none', typ: 'JWT' })}.${b64(good)}.`, expect: 401 },
    { name: 'HS256 signed with the public key', token: hs256, expect: 401 },
    { name: 'wrong kid', token: wrongKid, expect: 401 },
    { name: 'our kid, payload swapped', token: `${h}.${b64({ ...good, username: 'root' })}.${s}`, expect: 401 },
    { name: 'flipped signature bit', token: flipped, expect: 401 },
    { name: 'expired', token: await issuer.sign({ ...good, iat: now - 7200, exp: now - 3600 }), expect: 401 },
    { name: 'no expiry', token: await issuer.sign({ ...good, exp: undefined }), expect: 401 },
    { name: 'not yet valid', token: await issuer.sign({ ...good, nbf: now + 3600 }), expect: 401 },
    { name: 'wrong issuer', token: await issuer.sign({ ...good, iss: 'https://evil.example/issuer' }), expect: 401 },
    { name: 'wrong audience (other client)', token: await issuer.sign({ ...good, client_id: 'another-client' }), expect: 401 },
    {
      name: 'ID token instead of an access token',
      token: await issuer.sign({ ...good, token_use: 'id', aud: issuer.clientId, client_id: undefined, scope: undefined }),
      expect: 401,
    },
    { name: 'access token carrying an audience', token: await issuer.sign({ ...good, aud: 'someone-else' }), expect: 401 },
    { name: 'garbage', token: 'not.a.jwt', expect: 401 },
    { name: 'issued a year ahead', token: await issuer.sign({ ...good, iat: now + 365 * 86400, exp: now + 365 * 86400 + 3600 }), expect: 401 },
    { name: 'issued two days ago, expiring in a year', token: await issuer.sign({ ...good, iat: now - 2 * 86400, exp: now + 365 * 86400 }), expect: 401 },
    { name: 'declaring a life of a year', token: await issuer.sign({ ...good, iat: now, exp: now + 365 * 86400 }), expect: 401 },
    { name: 'no scope', token: await issuer.sign({ ...good, scope: 'openid profile' }), expect: 403 },
    { name: 'no group', token: await issuer.sign({ ...good, 'cognito:groups': ['readers'] }), expect: 403 },
  ];
}

