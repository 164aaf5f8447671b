/**
 * Builds a complete auth stack for tests and the benchmark: key ring, token settings,
 * stores and authenticator, all real (in-memory stores unless given others).
 */
import { createAuthenticator, type AuthenticatorDeps } from '../../app/auth/authenticator.js';
import { createKeyRing } from '../../app/auth/keys.js';
import { silentLogger } from '../../app/telemetry/logger.js';
import { PermissionCache, type PermissionMatrix } from '../../app/auth/rbac.js';
import { MemoryDenylistStore } from '../../app/auth/stores/memory-denylist.js';
import { signAccessToken, type TokenSettings } from '../../app/auth/tokens.js';

export const testTokenSettings: TokenSettings = {
  issuer: 'https://jobboard.test',
  audience: 'jobboard-api',
  accessTtlSeconds: 900,
  clockSkewSeconds: 30,
};

export const testMatrix: PermissionMatrix = {
  admin: ['auth:self', 'users:read', 'users:update'],
  employer: ['auth:self', 'jobs:create'],
  job_seeker: ['auth:self', 'applications:create'],
};

export function createTestAuth(overrides: Partial<AuthenticatorDeps> = {}) {
  const keys = overrides.keys ?? createKeyRing([]);
  const denylist = overrides.denylist ?? new MemoryDenylistStore();
  const permissions =
    overrides.permissions ??
    new PermissionCache(async () => testMatrix, { refreshMs: 0, logger: silentLogger });
  const deps: AuthenticatorDeps = {
    keys,
    tokens: testTokenSettings,
    denylist,
    permissions,
    logger: silentLogger,
    ...overrides,
  };
  const authenticator = createAuthenticator(deps);
  const issue = (
    userId: string,
    role: string,
    deviceId: string,
    nowMs = Date.now(),
    generation = 0,
  ) => signAccessToken(keys, deps.tokens, { userId, role, deviceId, generation }, nowMs);
  return { ...deps, authenticator, issue };
}
