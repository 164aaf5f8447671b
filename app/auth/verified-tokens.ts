/**
 * Access tokens whose signature and claims verified, remembered until they expire, so a
 * client sending the same token on every request pays the Ed25519 check once (POL-A-001:
 * the check stays synchronous; the profile of an authenticated POST put it at ~120 µs, the
 * largest single cost of the request).
 *
 * Only what `verifyAccessToken` accepted is stored, keyed by the exact token text, so a
 * forged or altered token is never a hit; revocation is not cached here (the authenticator
 * still asks the denylist on every request). A hit is re-checked against the clock (expiry)
 * and the key ring (a key taken out of the ring, or replaced under its kid, voids its tokens at once).
 */
import type { KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { KeyRing } from './keys.js';
import { verifyAccessToken, type AccessClaims, type TokenSettings } from './tokens.js';

export type AccessTokenVerifier = (
  token: string,
  keys: KeyRing,
  settings: TokenSettings,
  nowMs: number,
) => AccessClaims;

interface Verified {
  claims: AccessClaims;
  kid: string;
  /** The key it verified with: a ring that now maps the kid to another key is a miss. */
  key: KeyObject;
}

/** `maxEntries` 0 verifies every time (no cache). */
export function cachedAccessTokenVerifier(maxEntries: number): AccessTokenVerifier {
  if (maxEntries <= 0) return verifyAccessToken;
  const verified = new LRUCache<string, Verified>({ max: maxEntries });
  return (token, keys, settings, nowMs) => {
    const hit = verified.get(token);
    if (
      hit &&
      hit.claims.exp > nowMs / 1000 - settings.clockSkewSeconds &&
      keys.publicKey(hit.kid) === hit.key
    )
      return hit.claims;
    verified.delete(token);
    const claims = verifyAccessToken(token, keys, settings, nowMs);
    const kid = kidOf(token);
    verified.set(token, { claims, kid, key: keys.publicKey(kid)! });
    return claims;
  };
}

/** The header's `kid` of a token `verifyAccessToken` accepted (so the header is sound). */
function kidOf(token: string): string {
  const header = JSON.parse(
    Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString(),
  );
  return (header as { kid: string }).kid;
}
