/**
 * Rate limits as Hono middleware (POL-A-007): a global per-IP limit on every request,
 * and on login/register/refresh per IP and per account (the email in the JSON body).
 * Over the limit: 429 problem+json with Retry-After. Counters live in a RateLimitStore
 * (Redis shared by replicas, failing open to per-process counters).
 *
 * Account keys are hashed so Redis never holds email addresses. Per IP every attempt
 * counts; per account at login only attempts that do not succeed count, and a successful
 * login clears the account's counter (as OWASP's authentication guidance, Auth0 and
 * Keycloak do): a user signing in from several devices is never locked out, while
 * guessing against one account from many addresses still is. The attempt is counted
 * before it runs (atomic increment) and forgiven on success, so parallel guesses cannot
 * slip past the limit between a check and a later increment.
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { problem, problemResponse } from '../../runtime/problem.js';
import { ipRateLimitKey } from './client-ip.js';
import { normaliseEmail } from './email.js';
import type { RateLimitStore } from './stores/ratelimit.js';

export interface LimitRule {
  limit: number;
  windowMs: number;
}

/** A named counter keyed per request; `key` returning undefined skips the rule. */
export interface KeyedRule extends LimitRule {
  name: string;
  key: (c: Context) => string | undefined | Promise<string | undefined>;
  /** Count only attempts that fail: a 2xx answer clears this key's counter. */
  resetOnSuccess?: boolean;
}

export interface RateLimiterDeps {
  store: RateLimitStore;
  clientIp: (c: Context) => string | undefined;
}

function tooMany(retryAfterSec: number): Response {
  return problemResponse(
    problem('tooManyRequests', `Too many attempts; try again in ${retryAfterSec} seconds.`),
    { 'retry-after': String(retryAfterSec) },
  );
}

/** Checks rules in order and stops at the first one over its limit. */
export function rateLimit(store: RateLimitStore, rules: readonly KeyedRule[]): MiddlewareHandler {
  return async (c, next) => {
    const forgiven: string[] = [];
    for (const rule of rules) {
      const key = await rule.key(c);
      if (key === undefined) continue;
      const counter = `${rule.name}:${key}`;
      const { count, resetInMs } = await store.hit(counter, rule.windowMs);
      if (count > rule.limit) return tooMany(Math.max(1, Math.ceil(resetInMs / 1000)));
      if (rule.resetOnSuccess) forgiven.push(counter);
    }
    await next();
    if (c.res.status >= 200 && c.res.status < 300) {
      for (const counter of forgiven) {
        try {
          await store.reset(counter);
        } catch {
          // The store reports its own failures; the login itself has succeeded.
        }
      }
    }
  };
}

function hashAccount(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}

/**
 * The email from a JSON body, read from a clone so the route's own body parsing is
 * untouched. Bodies that are not JSON objects with a string email yield no key (the
 * per-IP rule still applies, and validation rejects them anyway).
 */
export async function emailFromJsonBody(c: Context): Promise<string | undefined> {
  if (!/^application\/(.+\+)?json/i.test(c.req.header('content-type') ?? '')) return undefined;
  try {
    const body = (await c.req.raw.clone().json()) as unknown;
    const email = (body as { email?: unknown } | null)?.email;
    if (typeof email !== 'string' || email.length === 0 || email.length > 254) return undefined;
    return hashAccount(normaliseEmail(email));
  } catch {
    return undefined;
  }
}

export interface AuthRateLimitSettings {
  globalPerIp: LimitRule;
  login: { perIp: LimitRule; perAccount: LimitRule };
  register: { perIp: LimitRule; perAccount: LimitRule };
  refresh: { perIp: LimitRule };
}

export const defaultAuthRateLimits: AuthRateLimitSettings = {
  globalPerIp: { limit: 600, windowMs: 60_000 },
  login: {
    perIp: { limit: 20, windowMs: 60_000 },
    perAccount: { limit: 10, windowMs: 15 * 60_000 },
  },
  register: {
    perIp: { limit: 10, windowMs: 60 * 60_000 },
    perAccount: { limit: 3, windowMs: 60 * 60_000 },
  },
  refresh: { perIp: { limit: 60, windowMs: 60_000 } },
};

/** Middleware per concern; the app mounts them (see `mountAuthRateLimits`). */
export function createAuthRateLimits(
  deps: RateLimiterDeps,
  settings: AuthRateLimitSettings = defaultAuthRateLimits,
) {
  const ip = (c: Context) => ipRateLimitKey(deps.clientIp(c));
  return {
    global: rateLimit(deps.store, [{ name: 'global:ip', ...settings.globalPerIp, key: ip }]),
    login: rateLimit(deps.store, [
      { name: 'login:ip', ...settings.login.perIp, key: ip },
      {
        name: 'login:acct',
        ...settings.login.perAccount,
        key: emailFromJsonBody,
        resetOnSuccess: true,
      },
    ]),
    register: rateLimit(deps.store, [
      { name: 'register:ip', ...settings.register.perIp, key: ip },
      { name: 'register:acct', ...settings.register.perAccount, key: emailFromJsonBody },
    ]),
    refresh: rateLimit(deps.store, [{ name: 'refresh:ip', ...settings.refresh.perIp, key: ip }]),
  };
}

export interface AuthPaths {
  login: string;
  register: string;
  refresh: string;
}

export const defaultAuthPaths: AuthPaths = {
  login: '/api/v1/auth/login',
  register: '/api/v1/auth/register',
  refresh: '/api/v1/auth/refresh',
};

/** Mount before the generated routes so limits run ahead of validation and handlers. */
export function mountAuthRateLimits(
  app: { use: (path: string, ...handlers: MiddlewareHandler[]) => unknown },
  deps: RateLimiterDeps,
  settings: AuthRateLimitSettings = defaultAuthRateLimits,
  paths: AuthPaths = defaultAuthPaths,
): void {
  const limits = createAuthRateLimits(deps, settings);
  app.use('*', limits.global);
  app.use(paths.login, limits.login);
  app.use(paths.register, limits.register);
  app.use(paths.refresh, limits.refresh);
}

/** The global per-IP limit alone; per-operation limits run in the operation pipeline. */
export function mountGlobalRateLimit(
  app: { use: (path: string, ...handlers: MiddlewareHandler[]) => unknown },
  deps: RateLimiterDeps,
  settings: AuthRateLimitSettings = defaultAuthRateLimits,
): void {
  app.use('*', createAuthRateLimits(deps, settings).global);
}

/**
 * Limits by operationId (POL-A-007), for createApi's `operationMiddleware`: every surface
 * that runs an operation (REST route, GraphQL field) meets the same counters, so a GraphQL
 * `login` cannot bypass the login limits.
 */
export function operationRateLimits(
  deps: RateLimiterDeps,
  settings: AuthRateLimitSettings = defaultAuthRateLimits,
): (op: { operationId: string }) => MiddlewareHandler[] | undefined {
  const limits = createAuthRateLimits(deps, settings);
  const byOperation: Record<string, MiddlewareHandler[]> = {
    login: [limits.login],
    register: [limits.register],
    refreshToken: [limits.refresh],
  };
  return (op) =>
    Object.hasOwn(byOperation, op.operationId) ? byOperation[op.operationId] : undefined;
}
