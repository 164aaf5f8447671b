/**
 * What stores.test.ts leaves out: `reset` through the fail-open wrapper (a successful
 * login clears its counter on both the shared and the local store, also while Redis is
 * down), and the memory store's periodic sweep of expired windows.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAvailable } from '../../../test/support/services.js';
import { captureLogs } from '../../../test/support/logs.js';
import { FailOpenRateLimitStore } from './fail-open-ratelimit.js';
import { MemoryRateLimitStore } from './memory-ratelimit.js';
import { createAuthRedis, redisReady } from './redis-client.js';
import { RedisRateLimitStore } from './redis-ratelimit.js';

const hasRedis = await redisAvailable();

describe('FailOpenRateLimitStore.reset with Redis down (closed port)', () => {
  let dead: Redis;
  beforeAll(() => {
    dead = createAuthRedis('redis://127.0.0.1:1', { connectTimeoutMs: 200 });
  });
  afterAll(() => dead.disconnect());

  it('clears the local fallback counter, logs the primary failure, does not throw', async () => {
    const { logger, messages } = captureLogs();
    const fallback = new MemoryRateLimitStore();
    const store = new FailOpenRateLimitStore(new RedisRateLimitStore(dead), logger, fallback);
    await store.hit('login:a', 60_000);
    await store.hit('login:a', 60_000);
    await store.hit('login:b', 60_000);
    expect(fallback.size).toBe(2);

    await expect(store.reset('login:a')).resolves.toBeUndefined();
    expect(fallback.size).toBe(1);
    expect((await store.hit('login:a', 60_000)).count).toBe(1);
    expect((await store.hit('login:b', 60_000)).count).toBe(2);
    // 5 hits and 1 reset, each a primary failure.
    expect(messages('error')).toHaveLength(6);
    expect(new Set(messages('error'))).toEqual(
      new Set(['auth ratelimit store failed (fail_open)']),
    );
  });
});

describe.skipIf(!hasRedis)('FailOpenRateLimitStore.reset with Redis up', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = createAuthRedis(REDIS_URL);
    await redisReady(redis);
  });
  afterAll(() => redis.disconnect());

  it('resets the shared counter (another replica sees it cleared) and logs nothing', async () => {
    const { logger, messages } = captureLogs();
    const prefix = `test:${randomUUID()}:`;
    const replicaA = new FailOpenRateLimitStore(new RedisRateLimitStore(redis, prefix), logger);
    const replicaB = new FailOpenRateLimitStore(new RedisRateLimitStore(redis, prefix), logger);
    await replicaA.hit('login:x', 60_000);
    expect((await replicaB.hit('login:x', 60_000)).count).toBe(2);
    await replicaA.reset('login:x');
    expect((await replicaB.hit('login:x', 60_000)).count).toBe(1);
    expect(messages('error')).toEqual([]);
    await redis.del(`${prefix}login:x`);
  });
});

describe('MemoryRateLimitStore sweep', () => {
  it('drops expired windows every 1024 hits, keeping live ones', async () => {
    let now = 1_000_000;
    const store = new MemoryRateLimitStore(() => now);
    for (let i = 0; i < 1000; i++) await store.hit(`short:${i}`, 10);
    await store.hit('long', 60_000);
    expect(store.size).toBe(1001);
    now += 11; // every short window has ended; 'long' has not
    for (let i = 1001; i < 1023; i++) await store.hit('long', 60_000);
    expect(store.size).toBe(1001); // expired windows linger until the sweep...
    await store.hit('long', 60_000); // ...which the 1024th hit triggers
    expect(store.size).toBe(1);
    expect((await store.hit('long', 60_000)).count).toBe(25);
  });
});
