import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthError, type AuthErrorCode } from './errors.js';
import { createKeyRing } from './keys.js';
import { signAccessToken, verifyAccessToken, type TokenSettings } from './tokens.js';

const settings: TokenSettings = {
  issuer: 'https://jobboard.test',
  audience: 'jobboard-api',
  accessTtlSeconds: 900,
  clockSkewSeconds: 30,
};
const ring = createKeyRing([]);
const attacker = generateKeyPairSync('ed25519');
const NOW = Date.UTC(2030, 0, 1);
const nowS = NOW / 1000;

const b64 = (v: unknown) =>
  Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const goodHeader = { alg: 'EdDSA', typ: 'at+jwt', kid: ring.active.kid };
const goodClaims = {
  iss: settings.issuer,
  aud: settings.audience,
  sub: 'u1',
  role: 'job_seeker',
  sid: 'd1',
  jti: 'j1',
  iat: nowS,
  exp: nowS + 900,
};

/** A token signed by the real key (or `key`) over whatever header and payload we choose. */
function forge(header: object, claims: object, key = ring.active.privateKey): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
}
const without = (o: Record<string, unknown>, k: string) =>
  Object.fromEntries(Object.entries(o).filter(([n]) => n !== k));
const valid = forge(goodHeader, goodClaims);
const [vh, vp, vs] = valid.split('.') as [string, string, string];
const publicDer = ring.active.publicKey.export({ format: 'der', type: 'spki' });
const publicPem = ring.active.publicKey.export({ format: 'pem', type: 'spki' }).toString();
const hs256 = (secret: Buffer | string) => {
  const input = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: ring.active.kid })}.${b64(goodClaims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};
const attackerJwk = attacker.publicKey.export({ format: 'jwk' });

const attacks: Array<[string, unknown, AuthErrorCode]> = [
  ['alg none', `${b64({ alg: 'none', typ: 'at+jwt', kid: ring.active.kid })}.${vp}.`, 'malformed'],
  [
    'alg none with signature',
    `${b64({ alg: 'none', typ: 'at+jwt', kid: ring.active.kid })}.${vp}.${vs}`,
    'unsupported_alg',
  ],
  [
    'alg None',
    `${b64({ alg: 'None', typ: 'at+jwt', kid: ring.active.kid })}.${vp}.${vs}`,
    'unsupported_alg',
  ],
  [
    'alg NONE',
    `${b64({ alg: 'NONE', typ: 'at+jwt', kid: ring.active.kid })}.${vp}.${vs}`,
    'unsupported_alg',
  ],
  [
    'alg nOnE',
    `${b64({ alg: 'nOnE', typ: 'at+jwt', kid: ring.active.kid })}.${vp}.${vs}`,
    'unsupported_alg',
  ],
  [
    'alg eddsa (case variant)',
    forge({ ...goodHeader, alg: 'eddsa' }, goodClaims),
    'unsupported_alg',
  ],
  ['alg missing', forge(without(goodHeader, 'alg'), goodClaims), 'unsupported_alg'],
  ['HS256 keyed with public key DER', hs256(publicDer), 'unsupported_alg'],
  ['HS256 keyed with public key PEM', hs256(publicPem), 'unsupported_alg'],
  ['ES256 claimed', forge({ ...goodHeader, alg: 'ES256' }, goodClaims), 'unsupported_alg'],
  ['tampered payload', `${vh}.${b64({ ...goodClaims, role: 'admin' })}.${vs}`, 'bad_signature'],
  [
    'tampered header kid swap keeps signature',
    `${b64({ ...goodHeader, typ: 'AT+JWT' })}.${vp}.${vs}`,
    'bad_signature',
  ],
  ['signature truncated', `${vh}.${vp}.${vs.slice(0, 40)}`, 'bad_signature'],
  ['signature of another key', forge(goodHeader, goodClaims, attacker.privateKey), 'bad_signature'],
  ['missing exp', forge(goodHeader, without(goodClaims, 'exp')), 'missing_claim'],
  ['missing iat', forge(goodHeader, without(goodClaims, 'iat')), 'missing_claim'],
  ['missing jti', forge(goodHeader, without(goodClaims, 'jti')), 'missing_claim'],
  ['missing sub', forge(goodHeader, without(goodClaims, 'sub')), 'missing_claim'],
  ['missing sid', forge(goodHeader, without(goodClaims, 'sid')), 'missing_claim'],
  ['exp as string', forge(goodHeader, { ...goodClaims, exp: String(nowS + 900) }), 'bad_claim'],
  ['sub as number', forge(goodHeader, { ...goodClaims, sub: 42 }), 'bad_claim'],
  [
    'expired beyond skew',
    forge(goodHeader, { ...goodClaims, iat: nowS - 1000, exp: nowS - 31 }),
    'expired',
  ],
  ['future nbf', forge(goodHeader, { ...goodClaims, nbf: nowS + 3600 }), 'not_yet_valid'],
  [
    'future iat',
    forge(goodHeader, { ...goodClaims, iat: nowS + 3600, exp: nowS + 4500 }),
    'not_yet_valid',
  ],
  ['exp not after iat', forge(goodHeader, { ...goodClaims, iat: nowS, exp: nowS }), 'bad_claim'],
  ['wrong iss', forge(goodHeader, { ...goodClaims, iss: 'https://evil.test' }), 'wrong_issuer'],
  ['wrong aud', forge(goodHeader, { ...goodClaims, aud: 'other-api' }), 'wrong_audience'],
  ['aud array without us', forge(goodHeader, { ...goodClaims, aud: ['a', 'b'] }), 'wrong_audience'],
  ['typ JWT (id token or other)', forge({ ...goodHeader, typ: 'JWT' }, goodClaims), 'bad_type'],
  ['typ missing', forge(without(goodHeader, 'typ'), goodClaims), 'bad_type'],
  ['unknown kid', forge({ ...goodHeader, kid: 'nope' }, goodClaims), 'unknown_kid'],
  ['missing kid', forge(without(goodHeader, 'kid'), goodClaims), 'unknown_kid'],
  [
    'path traversal kid',
    forge({ ...goodHeader, kid: '../../../../dev/null' }, goodClaims),
    'unknown_kid',
  ],
  [
    'SQL injection kid',
    forge({ ...goodHeader, kid: "x' UNION SELECT 'key' --" }, goodClaims),
    'unknown_kid',
  ],
  ['kid as object', forge({ ...goodHeader, kid: { $ne: null } }, goodClaims), 'unknown_kid'],
  ['prototype kid', forge({ ...goodHeader, kid: '__proto__' }, goodClaims), 'unknown_kid'],
  [
    'embedded jwk of attacker',
    forge({ ...goodHeader, kid: 'evil', jwk: attackerJwk }, goodClaims, attacker.privateKey),
    'unknown_kid',
  ],
  [
    'embedded jwk with our kid',
    forge({ ...goodHeader, jwk: attackerJwk }, goodClaims, attacker.privateKey),
    'bad_signature',
  ],
  [
    'jku to attacker JWKS',
    forge({ ...goodHeader, jku: 'https://evil.test/jwks.json' }, goodClaims, attacker.privateKey),
    'bad_signature',
  ],
  [
    'x5u to attacker cert',
    forge({ ...goodHeader, x5u: 'https://evil.test/cert.pem' }, goodClaims, attacker.privateKey),
    'bad_signature',
  ],
  ['crit extension', forge({ ...goodHeader, crit: ['exp'] }, goodClaims), 'malformed'],
  ['opaque refresh token', 'kq3J0y8x5m7Z1QeD6sY9fL2vN4pR8tW0uB3cE5gH7jK', 'malformed'],
  ['empty string', '', 'malformed'],
  ['undefined', undefined, 'malformed'],
  ['number', 12345, 'malformed'],
  ['two parts', `${vh}.${vp}`, 'malformed'],
  ['four parts', `${valid}.x`, 'malformed'],
  ['padding characters', `${vh}=.${vp}.${vs}`, 'malformed'],
  ['standard base64 chars', `${vh}.${vp}+/.${vs}`, 'malformed'],
  ['header not JSON', `${b64('not json')}.${vp}.${vs}`, 'malformed'],
  ['header JSON array', `${b64([1, 2])}.${vp}.${vs}`, 'malformed'],
  ['header JSON null', `${b64('null')}.${vp}.${vs}`, 'malformed'],
  [
    'payload not JSON (validly signed)',
    (() => {
      const input = `${b64(goodHeader)}.${b64('{{{')}`;
      return `${input}.${sign(null, Buffer.from(input), ring.active.privateKey).toString('base64url')}`;
    })(),
    'malformed',
  ],
  ['huge token', 'a'.repeat(10_000), 'malformed'],
  ['unicode garbage', 'é.é.é', 'malformed'],
];

describe('verifyAccessToken', () => {
  it('accepts a token it signed and returns the claims', () => {
    const { token, claims } = signAccessToken(
      ring,
      settings,
      { userId: 'u9', role: 'employer', deviceId: 'd9' },
      NOW,
    );
    const verified = verifyAccessToken(token, ring, settings, NOW + 1000);
    expect(verified).toEqual(claims);
    expect(verified).toMatchObject({ sub: 'u9', role: 'employer', sid: 'd9', exp: nowS + 900 });
    expect(verifyAccessToken(valid, ring, settings, NOW)).toMatchObject({ jti: 'j1' });
  });

  it('tolerates small clock skew but not more', () => {
    const { token } = signAccessToken(
      ring,
      settings,
      { userId: 'u', role: 'r', deviceId: 'd' },
      NOW,
    );
    expect(() => verifyAccessToken(token, ring, settings, NOW + (900 + 29) * 1000)).not.toThrow();
    expect(() => verifyAccessToken(token, ring, settings, NOW + (900 + 30) * 1000)).toThrow(
      AuthError,
    );
    expect(() => verifyAccessToken(token, ring, settings, NOW - 29 * 1000)).not.toThrow();
  });

  it('verifies with a rotated-out key kept verify-only, and rejects once it is dropped', () => {
    const old = generateKeyPairSync('ed25519');
    const oldRing = createKeyRing([
      { kid: 'old', privateKey: old.privateKey.export({ format: 'jwk' }) },
    ]);
    const { token } = signAccessToken(
      oldRing,
      settings,
      { userId: 'u', role: 'r', deviceId: 'd' },
      NOW,
    );
    const fresh = generateKeyPairSync('ed25519');
    const rotated = createKeyRing([
      { kid: 'new', privateKey: fresh.privateKey.export({ format: 'jwk' }) },
      { kid: 'old', publicKey: old.publicKey.export({ format: 'jwk' }) },
    ]);
    expect(verifyAccessToken(token, rotated, settings, NOW).sub).toBe('u');
    const dropped = createKeyRing([
      { kid: 'new', privateKey: fresh.privateKey.export({ format: 'jwk' }) },
    ]);
    expect(() => verifyAccessToken(token, dropped, settings, NOW)).toThrow(/unknown kid/);
  });

  it('produces tokens a standard library (jose) accepts from the published JWKS', async () => {
    const { token } = signAccessToken(
      ring,
      settings,
      { userId: 'u1', role: 'admin', deviceId: 'd1' },
      Date.now(),
    );
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(ring.jwks()), {
      issuer: settings.issuer,
      audience: settings.audience,
      typ: 'at+jwt',
      algorithms: ['EdDSA'],
      requiredClaims: ['jti', 'sub', 'exp', 'iat'],
    });
    expect(protectedHeader.kid).toBe(ring.active.kid);
    expect(payload.sub).toBe('u1');
  });

  it(`rejects ${attacks.length} attack tokens, each with a typed AuthError`, () => {
    expect(attacks.length).toBeGreaterThanOrEqual(35);
  });

  it.each(attacks)('rejects %s', (_name, token, code) => {
    let caught: unknown;
    try {
      verifyAccessToken(token, ring, settings, NOW);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AuthError);
    expect((caught as AuthError).code).toBe(code);
  });
});
