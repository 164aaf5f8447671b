/**
 * Revocation state for access tokens (POL-A-005), keyed so that one lookup answers for a
 * token: its jti (logout), its device sid (device revoked/evicted, logout-all), and its
 * user (tokens issued before a moment: suspension, password change). Entries live only
 * as long as an access token can, so the store stays small; PostgreSQL holds the durable
 * state (devices.revoked_at, users.tokens_valid_after) and is checked on refresh.
 */
export interface RevocationQuery {
  jti: string;
  sid: string;
  sub: string;
  /** The token's iat, in seconds. */
  iat: number;
}

export interface DenylistStore {
  /** Rejects this one access token until `untilSec` (its exp). */
  revokeToken(jti: string, untilSec: number): Promise<void>;
  /** Rejects every access token of this device until `untilSec` (now + access TTL). */
  revokeDevice(sid: string, untilSec: number): Promise<void>;
  /** Rejects the user's tokens with iat < `issuedBeforeSec`, remembered until `untilSec`. */
  revokeUserTokensBefore(sub: string, issuedBeforeSec: number, untilSec: number): Promise<void>;
  /** True when revoked. Throws when the store cannot answer: callers fail closed. */
  isRevoked(query: RevocationQuery): Promise<boolean>;
  close(): Promise<void>;
}

export const denylistKeys = {
  jti: (jti: string) => `jti:${jti}`,
  sid: (sid: string) => `sid:${sid}`,
  user: (sub: string) => `usr:${sub}`,
};
