/**
 * The auth service behind the spec's auth handlers: one object over three modules named
 * for their jobs — accounts (accounts.ts), sessions (sessions.ts) and revocation
 * (revocation.ts). PostgreSQL (via drizzle) holds the durable state; the denylist store
 * gets the revocations access tokens must feel before they expire. Expected failures are
 * `Result`s (app/domain/result.ts).
 */
import type { Database } from '../db/client.js';
import type { Logger } from '../telemetry/logger.js';
import { Accounts } from './accounts.js';
import type { KeyRing } from './keys.js';
import type { PasswordHasher } from './passwords.js';
import { Revocation } from './revocation.js';
import { Sessions } from './sessions.js';
import type { DenylistStore } from './stores/denylist.js';
import type { TokenSettings } from './tokens.js';

export type { TokenPair } from './sessions.js';
export { SELF_SERVICE_ROLES } from './accounts.js';

export interface AuthServiceSettings {
  refreshTtlSeconds: number;
  refreshGraceSeconds: number;
  maxDevices: number;
}

export interface AuthServiceDeps {
  db: Database;
  keys: KeyRing;
  tokens: TokenSettings;
  hasher: PasswordHasher;
  denylist: DenylistStore;
  settings: AuthServiceSettings;
  logger: Logger;
  now?: () => number;
  /** Told when a user's sessions changed here (e.g. authenticator.forgetSession). */
  onSessionsChanged?: (userId: string) => void;
}

/** The deps the three parts share, with the clock settled. */
export type AuthParts = AuthServiceDeps & { now: () => number };

export function createAuthService(options: AuthServiceDeps) {
  const deps: AuthParts = { ...options, now: options.now ?? Date.now };
  const revocation = new Revocation(deps);
  const accounts = new Accounts(deps, revocation);
  const sessions = new Sessions(deps, revocation);
  return {
    register: accounts.register.bind(accounts),
    changePassword: accounts.changePassword.bind(accounts),
    getMe: accounts.getMe.bind(accounts),
    ensureAdmin: accounts.ensureAdmin.bind(accounts),
    login: sessions.login.bind(sessions),
    refresh: sessions.refresh.bind(sessions),
    listDevices: sessions.listDevices.bind(sessions),
    logout: revocation.logout.bind(revocation),
    logoutAll: revocation.logoutAll.bind(revocation),
    revokeDevice: revocation.revokeDevice.bind(revocation),
    revokeUserSessions: revocation.revokeUserSessions.bind(revocation),
    expireAccessTokens: revocation.expireAccessTokens.bind(revocation),
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
