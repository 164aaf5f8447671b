/**
 * Wires the auth module from its config: keys, stores (Redis when configured, else
 * in-memory), RBAC cache, authenticator, service, handler operations, rate limits.
 * main.ts builds one of these and hands `authenticator` and `operationRateLimits` to createApi, `operations` to
 * the auth handlers, `mountRateLimits` (global limit) to the Hono app, and `onUserAccessChanged` to AppDeps.
 */
import type { Redis } from 'ioredis';
import type { MiddlewareHandler } from 'hono';
import type { Database } from '../db/client.js';
import { createAuthenticator, type Authenticator } from './authenticator.js';
import { clientIpResolver } from './client-ip.js';
import type { AuthConfig } from './config.js';
import { permissionLoader, revocationSnapshot, sessionStateLookup } from './db-sources.js';
import { createKeyRing, type KeyRing } from './keys.js';
import type { Logger } from '../telemetry/logger.js';
import { createAuthOperations } from './operations.js';
import { PasswordHasher } from './passwords.js';
import { mountGlobalRateLimit, operationRateLimits } from './rate-limit.js';
import { PermissionCache } from './rbac.js';
import { createAuthService, type AuthService } from './service.js';
import type { DenylistStore } from './stores/denylist.js';
import { FailOpenRateLimitStore } from './stores/fail-open-ratelimit.js';
import { MemoryDenylistStore } from './stores/memory-denylist.js';
import { MemoryRateLimitStore } from './stores/memory-ratelimit.js';
import type { RateLimitStore } from './stores/ratelimit.js';
import { createAuthRedis, redisReady } from './stores/redis-client.js';
import { RedisDenylistStore } from './stores/redis-denylist.js';
import { RedisRateLimitStore } from './stores/redis-ratelimit.js';

/** Staleness bound of the database answers used while the denylist is being rebuilt. */
export const DURABLE_FALLBACK_CACHE_MS = 1000;
/** How long a readiness probe waits for Redis to (re)connect; under the probe's 2 s limit. */
const REDIS_READY_WAIT_MS = 1500;

export interface AuthModuleOptions {
  config: AuthConfig;
  db: Database;
  logger: Logger;
  now?: () => number;
  /** A shared client; otherwise one is created from `config.redisUrl` (and closed by `close`). */
  redis?: Redis;
  /** Namespace for every Redis key of this module (default `auth:`), e.g. per test run. */
  redisPrefix?: string;
}

export interface AuthModule {
  keys: KeyRing;
  authenticator: Authenticator;
  service: AuthService;
  operations: ReturnType<typeof createAuthOperations>;
  permissions: PermissionCache;
  denylist: DenylistStore;
  rateLimitStore: RateLimitStore;
  clientIp: ReturnType<typeof clientIpResolver>;
  /** The global per-IP limit, as app middleware. */
  mountRateLimits(app: { use: (path: string, ...handlers: MiddlewareHandler[]) => unknown }): void;
  /** Per-operation limits (login, register, refresh) for createApi's `operationMiddleware`. */
  operationRateLimits: (op: { operationId: string }) => MiddlewareHandler[] | undefined;
  /**
   * For AppDeps.onUserAccessChanged: a suspension revokes the user's devices and
   * denylists their tokens; a role change expires access tokens carrying the old role.
   */
  onUserAccessChanged(event: {
    userId: string;
    actorId: string;
    change: 'suspended' | 'role_changed';
  }): Promise<void>;
  /** Readiness: Redis answers (undefined when Redis is not configured). */
  pingRedis?: () => Promise<boolean>;
  close(): Promise<void>;
}

export async function createAuthModule(options: AuthModuleOptions): Promise<AuthModule> {
  const { config, db, logger } = options;
  const now = options.now ?? Date.now;
  const keys = createKeyRing(config.keys.specs, {
    activeKid: config.keys.activeKid,
    warn: (m) => logger.warn(m),
  });
  const ownsRedis = !options.redis && !!config.redisUrl;
  const redis = options.redis ?? (config.redisUrl ? createAuthRedis(config.redisUrl) : undefined);

  const prefix = options.redisPrefix ?? 'auth:';
  // How long a revocation must be remembered: an access token's lifetime plus skew.
  const revocationWindowSec = config.tokens.accessTtlSeconds + config.tokens.clockSkewSeconds + 1;
  const denylist: DenylistStore = redis
    ? new RedisDenylistStore(redis, `${prefix}dl:`, now, {
        snapshot: revocationSnapshot(db, revocationWindowSec, now),
        logger,
      })
    : new MemoryDenylistStore(now);
  const rateLimitStore: RateLimitStore = redis
    ? new FailOpenRateLimitStore(
        new RedisRateLimitStore(redis, `${prefix}rl:`),
        logger,
        new MemoryRateLimitStore(now),
      )
    : new MemoryRateLimitStore(now);

  const permissions = new PermissionCache(permissionLoader(db), {
    refreshMs: config.permissionsRefreshMs,
    logger,
  });
  await permissions.start();

  const authenticator = createAuthenticator({
    keys,
    tokens: config.tokens,
    denylist,
    permissions,
    logger,
    now,
    verifiedTokenCacheSize: config.accessTokenCacheSize,
    ...(config.sessionCheckCacheMs !== undefined
      ? { sessionState: { lookup: sessionStateLookup(db), cacheMs: config.sessionCheckCacheMs } }
      : {}),
    // While a lost denylist is rebuilt (seconds), revocation answers come from PostgreSQL,
    // at most this stale on other replicas (POL-A-005).
    durableFallback: { lookup: sessionStateLookup(db), cacheMs: DURABLE_FALLBACK_CACHE_MS },
  });
  const service = createAuthService({
    db,
    keys,
    tokens: config.tokens,
    hasher: new PasswordHasher({ cost: config.bcryptCost, concurrency: config.hashConcurrency }),
    denylist,
    settings: {
      refreshTtlSeconds: config.refreshTtlSeconds,
      refreshGraceSeconds: config.refreshGraceSeconds,
      maxDevices: config.maxDevices,
    },
    logger,
    now,
    onSessionsChanged: (userId) => authenticator.forgetSession(userId),
  });
  const clientIp = clientIpResolver(config.trustedProxies);

  return {
    keys,
    authenticator,
    service,
    operations: createAuthOperations({ service, keys }),
    permissions,
    denylist,
    rateLimitStore,
    clientIp,
    mountRateLimits: (app) =>
      mountGlobalRateLimit(app, { store: rateLimitStore, clientIp }, config.rateLimits),
    operationRateLimits: operationRateLimits(
      { store: rateLimitStore, clientIp },
      config.rateLimits,
    ),
    onUserAccessChanged: (event) =>
      event.change === 'suspended'
        ? service.revokeUserSessions(event.userId, event.actorId)
        : service.expireAccessTokens(event.userId),
    ...(redis
      ? {
          pingRedis: async () => {
            try {
              // Commands fail at once while the client (re)connects (no offline queue), so
              // a probe during the first connect waits for it, within the probe's timeout.
              await redisReady(redis, REDIS_READY_WAIT_MS);
              return (await redis.ping()) === 'PONG';
            } catch {
              return false;
            }
          },
        }
      : {}),
    close: async () => {
      permissions.stop();
      if (ownsRedis) redis?.disconnect();
    },
  };
}
