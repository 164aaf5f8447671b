/**
 * The AuthHooks the generated route table calls (runtime/contract.ts):
 *
 *   bearer parse → synchronous signature/claims check → revocation lookup → principal
 *
 * The hot path needs no database round trip (POL-A-001): revocations (logout,
 * device revoked or evicted, logout-all, password change, suspension) are written to the
 * denylist store when they happen and live there until the affected tokens expire. The
 * database (users.tokens_valid_after, users.status, devices.revoked_at) stays the durable
 * truth: refresh always consults it, and an optional session-state lookup can back the
 * denylist up on the hot path too, cached for a few seconds, for deployments that accept
 * one query per user per cache period.
 * When the denylist reports that it lost its data (DenylistDataLostError: Redis flushed,
 * restarted empty, failed over), the same durable lookup answers instead, with a short
 * cache, until the store has been rebuilt from the database (POL-A-005).
 * The denylist or the lookup failing means we cannot tell a revoked token from a good
 * one, so the request fails closed with 503.
 */
import type { AuthHooks, AuthOutcome } from '../../runtime/contract.js';
import { AuthError } from './errors.js';
import type { KeyRing } from './keys.js';
import { reportStoreFailure } from './observe.js';
import type { Logger } from '../telemetry/logger.js';
import type { PermissionCache } from './rbac.js';
import { DenylistDataLostError, type DenylistStore } from './stores/denylist.js';
import type { AccessClaims, TokenSettings } from './tokens.js';
import { cachedAccessTokenVerifier } from './verified-tokens.js';

export interface Principal {
  userId: string;
  role: string;
  deviceId: string;
  tokenId: string;
  expiresAt: Date;
}

/** What the database knows about a user and one of their devices. */
export interface SessionState {
  userActive: boolean;
  /** Tokens issued before this moment are void (logout-all, password change). */
  tokensValidAfter: Date | null;
  /** Tokens of an older generation are void (role change, suspension, logout-all, ...). */
  tokenGeneration: number;
  /** The device is revoked, evicted or unknown. */
  deviceRevoked: boolean;
}

/** Implemented by the DB layer; undefined when the user does not exist. */
export type SessionStateLookup = (
  userId: string,
  deviceId: string,
) => Promise<SessionState | undefined>;

export interface AuthenticatorDeps {
  keys: KeyRing;
  tokens: TokenSettings;
  denylist: DenylistStore;
  permissions: PermissionCache;
  logger: Logger;
  now?: () => number;
  /** Optional durable backstop on the hot path; off by default (see the module note). */
  sessionState?: { lookup: SessionStateLookup; cacheMs: number; maxEntries?: number };
  /** The durable state consulted while the denylist has lost its data; else 503 then. */
  durableFallback?: { lookup: SessionStateLookup; cacheMs: number };
  /** Verified tokens remembered until expiry (verified-tokens.ts); default 10,000, 0 = off. */
  verifiedTokenCacheSize?: number;
}

export interface Authenticator extends AuthHooks<Principal> {
  /** Verifies a bearer token outside a request (GraphQL, WebSocket upgrades, tests). */
  verify(authorization: string | undefined): Promise<AuthOutcome<Principal>>;
  /** Drops cached session state after a local revocation so this replica sees it at once. */
  forgetSession(userId: string): void;
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

const unauthenticated = (detail: string): AuthOutcome<Principal> => ({
  ok: false,
  status: 401,
  detail,
});
const INVALID = 'Invalid access token.';

/** Small TTL cache with in-flight de-duplication and a size bound (oldest evicted). */
class SessionCache {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<SessionState | undefined> }
  >();
  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly now: () => number,
  ) {}

  get(
    key: string,
    load: () => Promise<SessionState | undefined>,
  ): Promise<SessionState | undefined> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { at: this.now(), value });
    // A failed load must not be cached.
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  forgetUser(userId: string): void {
    for (const key of this.entries.keys())
      if (key.startsWith(`${userId}\u0000`)) this.entries.delete(key);
  }
}

export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const now = deps.now ?? Date.now;
  const verifyAccessToken = cachedAccessTokenVerifier(deps.verifiedTokenCacheSize ?? 10_000);
  const cache = deps.sessionState
    ? new SessionCache(deps.sessionState.cacheMs, deps.sessionState.maxEntries ?? 10_000, now)
    : undefined;
  const fallbackCache = deps.durableFallback
    ? new SessionCache(deps.durableFallback.cacheMs, 10_000, now)
    : undefined;

  /** True when the database says the token is still good. */
  async function durablyValid(
    claims: AccessClaims,
    source: { lookup: SessionStateLookup },
    sessions: SessionCache,
  ): Promise<boolean> {
    const state = await sessions.get(`${claims.sub}\u0000${claims.sid}`, () =>
      source.lookup(claims.sub, claims.sid),
    );
    if (!state || !state.userActive || state.deviceRevoked) return false;
    if (claims.gen < state.tokenGeneration) return false;
    return (
      !state.tokensValidAfter || claims.iat >= Math.floor(state.tokensValidAfter.getTime() / 1000)
    );
  }

  /** The denylist's answer, or the database's while the denylist has lost its data. */
  async function revocationCheck(claims: AccessClaims): Promise<'valid' | 'revoked'> {
    try {
      const revoked = await deps.denylist.isRevoked({
        jti: claims.jti,
        sid: claims.sid,
        sub: claims.sub,
        gen: claims.gen,
      });
      return revoked ? 'revoked' : 'valid';
    } catch (err) {
      if (!(err instanceof DenylistDataLostError) || !deps.durableFallback || !fallbackCache)
        throw err;
      return (await durablyValid(claims, deps.durableFallback, fallbackCache))
        ? 'valid'
        : 'revoked';
    }
  }

  async function verify(authorization: string | undefined): Promise<AuthOutcome<Principal>> {
    if (!authorization) return unauthenticated('Missing bearer token.');
    const match = BEARER.exec(authorization);
    if (!match) return unauthenticated('Authorization must use the Bearer scheme.');

    let claims: AccessClaims;
    try {
      claims = verifyAccessToken(match[1], deps.keys, deps.tokens, now());
    } catch (err) {
      if (err instanceof AuthError)
        return unauthenticated(err.code === 'expired' ? 'Access token expired.' : INVALID);
      throw err;
    }

    try {
      if ((await revocationCheck(claims)) === 'revoked')
        return unauthenticated('Access token revoked.');
    } catch (err) {
      reportStoreFailure(deps.logger, 'denylist', 'fail_closed', err);
      return { ok: false, status: 503, detail: 'Authentication is temporarily unavailable.' };
    }

    try {
      if (deps.sessionState && cache && !(await durablyValid(claims, deps.sessionState, cache)))
        return unauthenticated('Access token revoked.');
    } catch (err) {
      reportStoreFailure(deps.logger, 'session', 'fail_closed', err);
      return { ok: false, status: 503, detail: 'Authentication is temporarily unavailable.' };
    }

    return {
      ok: true,
      principal: {
        userId: claims.sub,
        role: claims.role,
        deviceId: claims.sid,
        tokenId: claims.jti,
        expiresAt: new Date(claims.exp * 1000),
      },
    };
  }

  return {
    verify,
    authenticate: ({ authorization }) => verify(authorization),
    authorize: (principal, permissions) =>
      // Sync when the matrix is loaded (the normal case): no promise per request.
      deps.permissions.allowsLoaded(principal.role, permissions) ||
      deps.permissions.allows(principal.role, permissions),
    forgetSession: (userId) => {
      cache?.forgetUser(userId);
      fallbackCache?.forgetUser(userId);
    },
  };
}
