import { Hono } from 'hono';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAvailable } from '../../test/support/services.js';
import { clientIpResolver } from './client-ip.js';
import { silentLogger } from '../telemetry/logger.js';
import {
  defaultAuthRateLimits,
  mountAuthRateLimits,
  type AuthRateLimitSettings,
} from './rate-limit.js';
import { FailOpenRateLimitStore } from './stores/fail-open-ratelimit.js';
import { MemoryRateLimitStore } from './stores/memory-ratelimit.js';
import type { RateLimitStore } from './stores/ratelimit.js';
import { createAuthRedis, redisReady } from './stores/redis-client.js';
import { RedisRateLimitStore } from './stores/redis-ratelimit.js';

const hasRedis = await redisAvailable();
const PROXY = '10.0.0.1';

const settings: AuthRateLimitSettings = {
  ...defaultAuthRateLimits,
  globalPerIp: { limit: 50, windowMs: 60_000 },
  login: { perIp: { limit: 8, windowMs: 60_000 }, perAccount: { limit: 5, windowMs: 60_000 } },
};

/**
 * An app behind one trusted proxy whose login handler echoes the parsed body; the password
 * `right` succeeds (200), any other fails (401).
 */
function makeApp(store: RateLimitStore = new MemoryRateLimitStore()) {
  const app = new Hono();
  mountAuthRateLimits(app, { store, clientIp: clientIpResolver(1, () => PROXY) }, settings);
  app.post('/api/v1/auth/login', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { email?: string; password?: string };
    return c.json({ email: body.email ?? null }, body.password === 'right' ? 200 : 401);
  });
  app.get('/api/v1/jobs', (c) => c.json({ items: [] }));
  return app;
}

const success = (app: Hono, email: string, xff: string) =>
  login(app, email, xff, JSON.stringify({ email, password: 'right' }));

const login = async (app: Hono, email: string, xff: string, body?: string) =>
  app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': xff },
    body: body ?? JSON.stringify({ email, password: 'wrong-password' }),
  });

async function statuses(n: number, fn: (i: number) => Promise<Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await fn(i)).status);
  return out;
}

describe('auth rate limits', () => {
  it('brute force on one account from rotating client IPs → 429 after the per-account limit', async () => {
    const app = makeApp();
    // One account in any casing and padding (the key is the normalised email).
    const spellings = ['Victim@Example.com ', 'victim@example.com', ' VICTIM@EXAMPLE.COM'];
    const codes = await statuses(7, (i) => login(app, spellings[i % 3]!, `198.51.100.${i}`));
    expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // Another account from a fresh IP is unaffected.
    expect((await login(app, 'other@example.com', '198.51.100.200')).status).toBe(401);
  });

  it('per account only failures count: many successful devices never lock, a success clears failures', async () => {
    const app = makeApp();
    // 12 devices (distinct IPs) log in successfully: well over the per-account limit of 5.
    const ok = await statuses(12, (i) => success(app, 'busy@example.com', `198.51.100.${i}`));
    expect(ok).toEqual(Array(12).fill(200));
    // 4 failures, then a success clears them, then 5 more failures are allowed again.
    const mixed = await statuses(11, (i) =>
      i === 4
        ? success(app, 'busy@example.com', `198.51.101.${i}`)
        : login(app, 'busy@example.com', `198.51.101.${i}`),
    );
    expect(mixed).toEqual([401, 401, 401, 401, 200, 401, 401, 401, 401, 401, 429]);
    // Locked now: even the right password waits for the window (the guesser cannot test it).
    expect((await success(app, 'busy@example.com', '198.51.102.1')).status).toBe(429);
  });

  it('per IP every attempt counts, successes included', async () => {
    const app = makeApp();
    const codes = await statuses(9, (i) => success(app, `u${i}@example.com`, '203.0.113.99'));
    expect(codes).toEqual([...Array(8).fill(200), 429]);
  });

  it('rotating X-Forwarded-For entries on the client side is still limited per IP', async () => {
    const app = makeApp();
    // The client forges the left part; our one trusted proxy appends the real address.
    const codes = await statuses(10, (i) =>
      login(app, `user${i}@example.com`, `6.6.6.${i}, 203.0.113.9`),
    );
    expect(codes.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(codes.slice(8)).toEqual([429, 429]);
  });

  it('answers 429 as problem+json with Retry-After, and the handler still reads the body', async () => {
    const app = makeApp();
    const first = await login(app, 'a@example.com', '203.0.113.10');
    expect(await first.json()).toEqual({ email: 'a@example.com' });
    let res = first;
    for (let i = 0; i < 6; i++) res = await login(app, 'a@example.com', '203.0.113.10');
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(await res.json()).toEqual({
      type: 'https://jobboard.dev/problems/too-many-requests',
      title: 'Too Many Requests',
      status: 429,
      detail: `Too many attempts; try again in ${retryAfter} seconds.`,
    });
  });

  it('applies the global per-IP limit to every route', async () => {
    const app = makeApp();
    const codes = await statuses(52, async () =>
      app.request('/api/v1/jobs', { headers: { 'x-forwarded-for': '203.0.113.50' } }),
    );
    expect(codes.filter((s) => s === 200)).toHaveLength(50);
    expect(codes.slice(50)).toEqual([429, 429]);
  });

  it('still limits per IP when the body is not JSON or has no email', async () => {
    const app = makeApp();
    const codes = await statuses(9, () => login(app, '', '203.0.113.77', '{not json'));
    expect(codes).toEqual([...Array(8).fill(401), 429]);
  });

  it('groups an IPv6 /64 under one per-IP counter', async () => {
    const app = makeApp();
    const codes = await statuses(9, (i) =>
      login(app, `v6-${i}@example.com`, `2001:db8:1:2::${i + 1}`),
    );
    expect(codes[8]).toBe(429);
  });
});

describe.skipIf(!hasRedis)('auth rate limits on Redis', () => {
  const clients: Redis[] = [];
  afterAll(async () => {
    const keys = await clients[0]!.keys('test:rl-mw:*');
    if (keys.length) await clients[0]!.del(...keys);
    for (const c of clients) c.disconnect();
  });

  it('two replicas share the per-account counter', async () => {
    const prefix = `test:rl-mw:${process.pid}:${Date.now()}:`;
    for (let i = 0; i < 2; i++) {
      const c = createAuthRedis(REDIS_URL);
      await redisReady(c);
      clients.push(c);
    }
    const a = makeApp(new RedisRateLimitStore(clients[0]!, prefix));
    const b = makeApp(new RedisRateLimitStore(clients[1]!, prefix));
    const codes = await statuses(6, (i) =>
      login(i % 2 ? b : a, 'shared@example.com', `198.51.100.${i}`),
    );
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe('auth rate limits with Redis down', () => {
  it('fail open to per-process counters: requests pass, limits still hold locally', async () => {
    const dead = createAuthRedis('redis://127.0.0.1:1', { connectTimeoutMs: 200 });
    try {
      const app = makeApp(new FailOpenRateLimitStore(new RedisRateLimitStore(dead), silentLogger));
      const codes = await statuses(6, (i) => login(app, 'down@example.com', `198.51.100.${i}`));
      expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
    } finally {
      dead.disconnect();
    }
  });
});
