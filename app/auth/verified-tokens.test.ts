import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthError } from './errors.js';
import { createKeyRing } from './keys.js';
import { signAccessToken, verifyAccessToken, type TokenSettings } from './tokens.js';
import { cachedAccessTokenVerifier } from './verified-tokens.js';

const settings: TokenSettings = {
  issuer: 'https://jobboard.test',
  audience: 'jobboard-api',
  accessTtlSeconds: 900,
  clockSkewSeconds: 30,
};
const pem = (k: ReturnType<typeof generateKeyPairSync>['privateKey']) =>
  k.export({ format: 'pem', type: 'pkcs8' }).toString();
const pair = () => generateKeyPairSync('ed25519');
const first = pair();
const ring = createKeyRing([{ kid: 'k1', privateKey: pem(first.privateKey) }]);
const NOW = Date.UTC(2030, 0, 1);
const token = signAccessToken(
  ring,
  settings,
  { userId: 'u1', role: 'employer', deviceId: 'd1' },
  NOW,
).token;

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AuthError) return err.code;
    throw err;
  }
  return 'accepted';
};

describe('cachedAccessTokenVerifier', () => {
  it('answers a token it verified before from memory, with the same claims', () => {
    const verify = cachedAccessTokenVerifier(10);
    const claims = verify(token, ring, settings, NOW);
    expect(claims).toEqual(verifyAccessToken(token, ring, settings, NOW));
    // The very object it stored: no second signature check built new claims.
    expect(verify(token, ring, settings, NOW + 1000)).toBe(claims);
    expect(verifyAccessToken(token, ring, settings, NOW)).not.toBe(claims);
  });

  it('still refuses an altered copy of a cached token', () => {
    const verify = cachedAccessTokenVerifier(10);
    verify(token, ring, settings, NOW);
    const i = token.length - 5;
    const altered = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
    expect(code(() => verify(altered, ring, settings, NOW))).toBe('bad_signature');
  });

  it('lets a cached token expire', () => {
    const verify = cachedAccessTokenVerifier(10);
    verify(token, ring, settings, NOW);
    const after = NOW + (settings.accessTtlSeconds + settings.clockSkewSeconds + 1) * 1000;
    expect(code(() => verify(token, ring, settings, after))).toBe('expired');
  });

  it('drops a cached token whose key left the ring or was replaced under its kid', () => {
    const verify = cachedAccessTokenVerifier(10);
    verify(token, ring, settings, NOW);
    const other = createKeyRing([{ kid: 'k2', privateKey: pem(pair().privateKey) }]);
    expect(code(() => verify(token, other, settings, NOW))).toBe('unknown_kid');
    const reused = createKeyRing([{ kid: 'k1', privateKey: pem(pair().privateKey) }]);
    expect(code(() => verify(token, reused, settings, NOW))).toBe('bad_signature');
    // The original ring still accepts it (verified again, then cached again).
    expect(code(() => verify(token, ring, settings, NOW))).toBe('accepted');
  });

  it('keeps at most maxEntries tokens and is the plain verifier at 0', () => {
    const verify = cachedAccessTokenVerifier(1);
    const second = signAccessToken(
      ring,
      settings,
      { userId: 'u2', role: 'employer', deviceId: 'd2' },
      NOW,
    ).token;
    const a = verify(token, ring, settings, NOW);
    verify(second, ring, settings, NOW);
    expect(verify(token, ring, settings, NOW)).not.toBe(a);
    expect(cachedAccessTokenVerifier(0)).toBe(verifyAccessToken);
  });
});
