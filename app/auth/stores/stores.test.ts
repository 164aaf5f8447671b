/**
 * One contract, run against the in-memory stores and against the real Redis at
 * 127.0.0.1:6379 (skipped visibly when unreachable, failed under REQUIRE_SERVICES=1),
 * plus Redis on a closed port to show fail-closed (denylist) and fail-open (rate limits).
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAvailable } from '../../../test/support/services.js';
import { StoreUnavailableError } from '../errors.js';
import { storeFailures } from '../observe.js';
import { captureLogs } from '../../../test/support/logs.js';
import { DenylistDataLostError, type DenylistStore } from './denylist.js';
import { FailOpenRateLimitStore } from './fail-open-ratelimit.js';
import { MemoryDenylistStore } from './memory-denylist.js';
import { MemoryRateLimitStore } from './memory-ratelimit.js';
import type { RateLimitStore } from './ratelimit.js';
import { createAuthRedis, redisReady } from './redis-client.js';
import { RedisDenylistStore } from './redis-denylist.js';
import { RedisRateLimitStore } from './redis-ratelimit.js';

const hasRedis = await redisAvailable();
const nowSec = () => Math.floor(Date.now() / 1000);

function denylistContract(name: string, make: () => DenylistStore) {
  describe(`${name} denylist`, () => {
    const q = () => ({ jti: randomUUID(), sid: randomUUID(), sub: randomUUID(), gen: 3 });

    it('knows nothing about a fresh token', async () => {
      expect(await make().isRevoked(q())).toBe(false);
    });

    it('revokes by jti, by device, and by user generation mark', async () => {
      const store = make();
      const a = q();
      await store.revokeToken(a.jti, nowSec() + 60);
      expect(await store.isRevoked(a)).toBe(true);
      expect(await store.isRevoked({ ...q(), sub: a.sub })).toBe(false);

      const b = q();
      await store.revokeDevice(b.sid, nowSec() + 60);
      expect(await store.isRevoked({ ...q(), sid: b.sid })).toBe(true);

      const c = q();
      await store.revokeGenerationsBelow(c.sub, c.gen, nowSec() + 60);
      expect(await store.isRevoked({ ...c, gen: c.gen - 1 })).toBe(true);
      expect(await store.isRevoked({ ...c, gen: c.gen })).toBe(false);
      expect(await store.isRevoked({ ...c, gen: c.gen + 1 })).toBe(false);
    });

    it('keeps the higher generation mark when marks race', async () => {
      const store = make();
      const c = q();
      await store.revokeGenerationsBelow(c.sub, c.gen + 10, nowSec() + 60);
      await store.revokeGenerationsBelow(c.sub, c.gen, nowSec() + 30);
      expect(await store.isRevoked({ ...c, gen: c.gen + 5 })).toBe(true);
    });

    it('ignores revocations that already expired', async () => {
      const store = make();
      const a = q();
      await store.revokeToken(a.jti, nowSec() - 1);
      expect(await store.isRevoked(a)).toBe(false);
    });
  });
}

function rateLimitContract(name: string, make: () => RateLimitStore) {
  describe(`${name} rate-limit counters`, () => {
    it('counts hits in a window and reports time to reset', async () => {
      const store = make();
      const key = randomUUID();
      const hits = [];
      for (let i = 0; i < 3; i++) hits.push(await store.hit(key, 60_000));
      expect(hits.map((h) => h.count)).toEqual([1, 2, 3]);
      expect(hits[2]!.resetInMs).toBeGreaterThan(55_000);
      expect(hits[2]!.resetInMs).toBeLessThanOrEqual(60_000);
      expect((await store.hit(randomUUID(), 60_000)).count).toBe(1);
      await store.reset(key);
      expect((await store.hit(key, 60_000)).count).toBe(1);
    });

    it('counts parallel hits exactly', async () => {
      const store = make();
      const key = randomUUID();
      const results = await Promise.all(Array.from({ length: 50 }, () => store.hit(key, 60_000)));
      expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
    });
  });
}

denylistContract('memory', () => new MemoryDenylistStore());
rateLimitContract('memory', () => new MemoryRateLimitStore());

describe('memory stores with a fake clock', () => {
  it('expire denylist entries and windows, and sweep them', async () => {
    let now = 1_000_000_000_000;
    const denylist = new MemoryDenylistStore(() => now);
    await denylist.revokeToken('j', now / 1000 + 10);
    expect(await denylist.isRevoked({ jti: 'j', sid: 's', sub: 'u', gen: 0 })).toBe(true);
    now += 10_000;
    expect(await denylist.isRevoked({ jti: 'j', sid: 's', sub: 'u', gen: 0 })).toBe(false);
    await denylist.revokeDevice('s', now / 1000 + 1);
    now += 5_000;
    denylist.sweep();
    expect(denylist.size).toBe(0);

    const limits = new MemoryRateLimitStore(() => now);
    expect((await limits.hit('k', 1000)).count).toBe(1);
    expect((await limits.hit('k', 1000)).count).toBe(2);
    now += 1000;
    expect(await limits.hit('k', 1000)).toEqual({ count: 1, resetInMs: 1000 });
  });
});

describe.skipIf(!hasRedis)('Redis stores (real server)', () => {
  const prefix = `test:auth:${process.pid}:${randomUUID().slice(0, 8)}:`;
  let redis: Redis;
  beforeAll(async () => {
    redis = createAuthRedis(REDIS_URL);
    await redisReady(redis);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  denylistContract('redis', () => new RedisDenylistStore(redis, `${prefix}dl:`));
  rateLimitContract('redis', () => new RedisRateLimitStore(redis, `${prefix}rl:`));

  it('stores denylist entries with an expiry at the token exp, never shortened', async () => {
    const store = new RedisDenylistStore(redis, `${prefix}dl:`);
    await store.revokeToken('exp-check', nowSec() + 100);
    await store.revokeToken('exp-check', nowSec() + 10);
    const ttl = await redis.ttl(`${prefix}dl:jti:exp-check`);
    expect(ttl).toBeGreaterThan(90);
    expect(ttl).toBeLessThanOrEqual(100);
  });

  it('a missing epoch marker means lost data: rebuilt from the snapshot, retried after a failure', async () => {
    const dl = `${prefix}epoch-${randomUUID().slice(0, 8)}:`;
    const logs = captureLogs();
    const errors = () => logs.messages('error');
    let failSnapshot = true;
    const store = new RedisDenylistStore(redis, dl, Date.now, {
      logger: logs.logger,
      snapshot: async () => {
        if (failSnapshot) throw new Error('db down');
        return {
          devices: [
            { sid: 'gone', untilSec: nowSec() + 60 },
            { sid: 'long-expired', untilSec: nowSec() - 60 },
          ],
          users: [{ sub: 'raised', generation: 4, untilSec: nowSec() + 60 }],
        };
      },
    });
    const query = { jti: 'j', sid: 'gone', sub: 'raised', gen: 3 };
    await expect(store.isRevoked(query)).rejects.toBeInstanceOf(DenylistDataLostError);
    await expect.poll(() => errors().length).toBe(1);
    expect(errors()[0]).toBe('denylist rebuild failed; will retry');
    expect(await redis.exists(`${dl}epoch`)).toBe(0);

    failSnapshot = false;
    await expect(store.isRevoked(query)).rejects.toBeInstanceOf(DenylistDataLostError);
    await store.rebuild();
    expect(await redis.exists(`${dl}epoch`)).toBe(1);
    expect(await redis.exists(`${dl}sid:long-expired`)).toBe(0);
    expect(logs.messages('warn')).toContain(
      'denylist rebuilt from the database (its data was lost or new)',
    );
    expect(await store.isRevoked(query)).toBe(true);
    expect(await store.isRevoked({ ...query, sid: 'other' })).toBe(true);
    expect(await store.isRevoked({ ...query, sid: 'other', gen: 4 })).toBe(false);
  });

  it('shares state between two clients (replicas)', async () => {
    const other = createAuthRedis(REDIS_URL);
    await redisReady(other);
    try {
      const a = new RedisDenylistStore(redis, `${prefix}dl:`);
      const b = new RedisDenylistStore(other, `${prefix}dl:`);
      await a.revokeDevice('shared-sid', nowSec() + 60);
      expect(await b.isRevoked({ jti: 'x', sid: 'shared-sid', sub: 'u', gen: 0 })).toBe(true);
      const ra = new RedisRateLimitStore(redis, `${prefix}rl:`);
      const rb = new RedisRateLimitStore(other, `${prefix}rl:`);
      await ra.hit('shared', 60_000);
      expect((await rb.hit('shared', 60_000)).count).toBe(2);
    } finally {
      other.disconnect();
    }
  });
});

describe('Redis unreachable (closed port)', () => {
  let dead: Redis;
  beforeAll(() => {
    dead = createAuthRedis('redis://127.0.0.1:1', { connectTimeoutMs: 200 });
  });
  afterAll(() => dead.disconnect());

  it('denylist fails closed: isRevoked throws StoreUnavailableError fast', async () => {
    const store = new RedisDenylistStore(dead);
    const started = performance.now();
    await expect(store.isRevoked({ jti: 'j', sid: 's', sub: 'u', gen: 0 })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await expect(store.revokeToken('j', nowSec() + 60)).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('rate limits fail open to per-process counters, logged and counted', async () => {
    const logs = captureLogs();
    const store = new FailOpenRateLimitStore(new RedisRateLimitStore(dead), logs.logger);
    const before =
      (await storeFailures.get()).values.find((v) => v.labels.store === 'ratelimit')?.value ?? 0;
    expect((await store.hit('k', 60_000)).count).toBe(1);
    expect((await store.hit('k', 60_000)).count).toBe(2);
    const after =
      (await storeFailures.get()).values.find((v) => v.labels.store === 'ratelimit')?.value ?? 0;
    expect(after - before).toBe(2);
    expect(logs.messages('error')).toEqual([
      'auth ratelimit store failed (fail_open)',
      'auth ratelimit store failed (fail_open)',
    ]);
  });
});
