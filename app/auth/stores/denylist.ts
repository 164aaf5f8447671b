/**
 * Revocation state for access tokens (POL-A-005), keyed so that one lookup answers for a
 * token: its jti (logout), its device sid (device revoked/evicted, logout-all), and its
 * user (tokens of an older generation: role change, suspension, logout-all, password
 * change). Entries live only as long as an access token can, so the store stays small;
 * PostgreSQL holds the durable state (devices.revoked_at, users.token_generation, status)
 * and is checked on refresh, and on every request while a store's data is lost.
 */
export interface RevocationQuery {
  jti: string;
  sid: string;
  sub: string;
  /** The token's generation claim (`gen`; 0 when absent). */
  gen: number;
}

/** Revocations still able to matter (their tokens may not have expired), from the DB. */
export interface RevocationSnapshot {
  devices: { sid: string; untilSec: number }[];
  users: { sub: string; generation: number; untilSec: number }[];
}

export interface DenylistStore {
  /** Rejects this one access token until `untilSec` (its exp). */
  revokeToken(jti: string, untilSec: number): Promise<void>;
  /** Rejects every access token of this device until `untilSec` (now + access TTL). */
  revokeDevice(sid: string, untilSec: number): Promise<void>;
  /** Rejects the user's tokens with gen < `generation`, remembered until `untilSec`. */
  revokeGenerationsBelow(sub: string, generation: number, untilSec: number): Promise<void>;
  /**
   * True when revoked. Throws StoreUnavailableError when the store cannot answer (callers
   * fail closed) and DenylistDataLostError when it answers but has lost its data (callers
   * consult the durable state until the store is rebuilt).
   */
  isRevoked(query: RevocationQuery): Promise<boolean>;
  close(): Promise<void>;
}

export const denylistKeys = {
  jti: (jti: string) => `jti:${jti}`,
  sid: (sid: string) => `sid:${sid}`,
  // Not `usr:`, which held issued-before times in seconds: after an upgrade those marks
  // would read as huge generations and refuse every token until they expired.
  user: (sub: string) => `gen:${sub}`,
  /** Written only after a complete rebuild from the database; its absence means data loss. */
  epoch: () => 'epoch',
};

/** The store answered, but its data was lost (flush, restart without persistence, failover). */
export class DenylistDataLostError extends Error {
  override readonly name = 'DenylistDataLostError';
  constructor() {
    super('denylist data lost; answering from the database until it is rebuilt');
  }
}
