import { describe, expect, it } from 'vitest';
import { AuthConfigError, loadAuthConfig } from './config.js';
import { defaultAuthRateLimits } from './rate-limit.js';

describe('loadAuthConfig', () => {
  it('has safe defaults with an empty environment', () => {
    const c = loadAuthConfig({});
    expect(c.tokens).toEqual({
      issuer: 'jobboard',
      audience: 'jobboard-api',
      accessTtlSeconds: 900,
      clockSkewSeconds: 30,
    });
    expect(c.bcryptCost).toBeGreaterThanOrEqual(10);
    expect(c).toMatchObject({
      maxDevices: 5,
      hashConcurrency: 2,
      trustedProxies: 0,
      redisUrl: undefined,
      refreshGraceSeconds: 10,
      accessTokenCacheSize: 10_000,
    });
    expect(c.keys.specs).toEqual([]);
    expect(c.rateLimits).toEqual(defaultAuthRateLimits);
  });

  it('reads overrides, treating blank values as unset', () => {
    const c = loadAuthConfig({
      ACCESS_TOKEN_TTL_SECONDS: '300',
      BCRYPT_COST: '4',
      TRUSTED_PROXIES: '',
      ACCESS_TOKEN_CACHE_SIZE: '0',
      REDIS_URL: 'redis://127.0.0.1:6379/2',
      RATE_LIMITS: JSON.stringify({ login: { perAccount: { limit: 3, windowMs: 60000 } } }),
    });
    expect(c.tokens.accessTtlSeconds).toBe(300);
    expect(c.bcryptCost).toBe(4);
    expect(c.trustedProxies).toBe(0);
    expect(c.accessTokenCacheSize).toBe(0);
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379/2');
    expect(c.rateLimits.login).toEqual({
      perIp: defaultAuthRateLimits.login.perIp,
      perAccount: { limit: 3, windowMs: 60000 },
    });
  });

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ ACCESS_TOKEN_TTL_SECONDS: 'soon' }, /ACCESS_TOKEN_TTL_SECONDS/],
    [{ ACCESS_TOKEN_TTL_SECONDS: '10' }, /ACCESS_TOKEN_TTL_SECONDS/],
    [{ BCRYPT_COST: '8', NODE_ENV: 'production' }, /BCRYPT_COST: must be >= 10 in production/],
    [{ NODE_ENV: 'production' }, /AUTH_KEYS or AUTH_PRIVATE_KEY: required in production/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL/],
    [{ TRUSTED_PROXIES: '-1' }, /TRUSTED_PROXIES/],
    [{ ACCESS_TOKEN_CACHE_SIZE: 'many' }, /ACCESS_TOKEN_CACHE_SIZE/],
    [{ RATE_LIMITS: '{' }, /RATE_LIMITS: not valid JSON/],
    [
      { RATE_LIMITS: '{"login":{"perIp":{"limit":0,"windowMs":1000}}}' },
      /RATE_LIMITS.login.perIp.limit/,
    ],
    [{ RATE_LIMITS: '{"nope":1}' }, /RATE_LIMITS/],
    [{ AUTH_KEYS: 'nope' }, /AUTH_KEYS/],
  ];
  it.each(bad)('rejects %j', (env, message) => {
    expect(() => loadAuthConfig(env)).toThrow(AuthConfigError);
    expect(() => loadAuthConfig(env)).toThrow(message);
  });

  it('lists every bad value at once', () => {
    try {
      loadAuthConfig({ ACCESS_TOKEN_TTL_SECONDS: 'x', BCRYPT_COST: '99' });
      expect.unreachable();
    } catch (err) {
      expect((err as AuthConfigError).problems).toHaveLength(2);
    }
  });
});
