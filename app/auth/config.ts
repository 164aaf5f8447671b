/**
 * Auth settings from the environment, validated with one clear message per bad value.
 * app/config.ts (the app-wide config) can call `loadAuthConfig(process.env)` and merge.
 */
import { z } from 'zod';
import { keySpecsFromEnv, type KeySpec } from './keys.js';
import { defaultAuthRateLimits, type AuthRateLimitSettings } from './rate-limit.js';
import type { TokenSettings } from './tokens.js';

export interface AuthConfig {
  keys: { specs: KeySpec[]; activeKid?: string };
  tokens: TokenSettings;
  refreshTtlSeconds: number;
  /** Seconds during which the immediate parent of a rotated refresh token still works once. */
  refreshGraceSeconds: number;
  maxDevices: number;
  bcryptCost: number;
  hashConcurrency: number;
  trustedProxies: number;
  redisUrl: string | undefined;
  rateLimits: AuthRateLimitSettings;
  permissionsRefreshMs: number;
  /** Check the DB (cached) on every authenticated request as a backstop to the denylist. */
  sessionCheckCacheMs: number | undefined;
  /** Verified access tokens remembered until they expire (verified-tokens.ts); 0 = off. */
  accessTokenCacheSize: number;
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const rule = z.object({ limit: z.number().int().min(1), windowMs: z.number().int().min(1000) });

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  AUTH_ISSUER: z.string().min(1).default('jobboard'),
  AUTH_AUDIENCE: z.string().min(1).default('jobboard-api'),
  ACCESS_TOKEN_TTL_SECONDS: int(60, 86_400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: int(300, 400 * 86_400).default(30 * 86_400),
  REFRESH_GRACE_SECONDS: int(0, 60).default(10),
  AUTH_CLOCK_SKEW_SECONDS: int(0, 300).default(30),
  AUTH_MAX_DEVICES: int(1, 100).default(5),
  BCRYPT_COST: int(4, 16).default(12),
  BCRYPT_CONCURRENCY: int(1, 64).default(2),
  TRUSTED_PROXIES: int(0, 10).default(0),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a URL starting with redis:// or rediss://' })
    .optional(),
  RATE_LIMITS: z.string().optional(),
  PERMISSIONS_REFRESH_SECONDS: int(0, 86_400).default(60),
  AUTH_SESSION_CHECK_CACHE_MS: int(0, 600_000).optional(),
  ACCESS_TOKEN_CACHE_SIZE: int(0, 1_000_000).default(10_000),
});

const rateLimitsSchema = z
  .object({
    globalPerIp: rule,
    login: z.object({ perIp: rule, perAccount: rule }).partial(),
    register: z.object({ perIp: rule, perAccount: rule }).partial(),
    refresh: z.object({ perIp: rule }).partial(),
  })
  .partial()
  .strict();

export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid auth configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function parseRateLimits(text: string | undefined): AuthRateLimitSettings {
  if (!text?.trim()) return defaultAuthRateLimits;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AuthConfigError(['RATE_LIMITS: not valid JSON']);
  }
  const parsed = rateLimitsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AuthConfigError(
      parsed.error.issues.map((i) => `RATE_LIMITS.${i.path.join('.')}: ${i.message}`),
    );
  }
  const o = parsed.data;
  const d = defaultAuthRateLimits;
  return {
    globalPerIp: o.globalPerIp ?? d.globalPerIp,
    login: { ...d.login, ...o.login },
    register: { ...d.register, ...o.register },
    refresh: { ...d.refresh, ...o.refresh },
  };
}

export function loadAuthConfig(env: Record<string, string | undefined>): AuthConfig {
  const blanksRemoved = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    throw new AuthConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  // POL-A-003: cost >= 10 in production; lower costs exist only to keep tests fast.
  if (e.NODE_ENV === 'production' && e.BCRYPT_COST < 10) {
    throw new AuthConfigError([`BCRYPT_COST: must be >= 10 in production (got ${e.BCRYPT_COST})`]);
  }
  let keys: AuthConfig['keys'];
  try {
    keys = keySpecsFromEnv(env);
  } catch (err) {
    throw new AuthConfigError([(err as Error).message]);
  }
  // A generated development key dies with the process and differs per replica: every
  // restart would log everyone out and replicas would reject each other's tokens.
  if (e.NODE_ENV === 'production' && keys.specs.length === 0) {
    throw new AuthConfigError([
      'AUTH_KEYS or AUTH_PRIVATE_KEY: required in production (a generated development key is not shared by replicas)',
    ]);
  }
  return {
    keys,
    tokens: {
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      clockSkewSeconds: e.AUTH_CLOCK_SKEW_SECONDS,
    },
    refreshTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    refreshGraceSeconds: e.REFRESH_GRACE_SECONDS,
    maxDevices: e.AUTH_MAX_DEVICES,
    bcryptCost: e.BCRYPT_COST,
    hashConcurrency: e.BCRYPT_CONCURRENCY,
    trustedProxies: e.TRUSTED_PROXIES,
    redisUrl: e.REDIS_URL,
    rateLimits: parseRateLimits(e.RATE_LIMITS),
    permissionsRefreshMs: e.PERMISSIONS_REFRESH_SECONDS * 1000,
    sessionCheckCacheMs: e.AUTH_SESSION_CHECK_CACHE_MS,
    accessTokenCacheSize: e.ACCESS_TOKEN_CACHE_SIZE,
  };
}
