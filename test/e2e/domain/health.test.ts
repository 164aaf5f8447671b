/**
 * Readiness (GET /api/v1/ready): 200 when the database answers and Redis (if configured)
 * does; 503 problem+json with Retry-After when either is down or hangs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import type { AppDeps } from '../../../app/deps.js';
import { createDomainApp } from './harness.js';
import { redisAvailable, REDIS_URL } from '../../support/services.js';
import { Redis } from 'ioredis';

const hasRedis = await redisAvailable();
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb?.close());

const ready = async (ping?: AppDeps['ping']) => {
  const t = await createDomainApp(tdb.db, { extraDeps: ping ? { ping } : {} });
  const res = await t.app.request('/api/v1/ready');
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as Record<string, unknown>,
  };
};

describe('getReadiness', () => {
  it('is up with the real database and Redis disabled when not configured', async () => {
    expect(await ready()).toMatchObject({
      status: 200,
      body: { status: 'ok', checks: { database: 'up', redis: 'disabled' } },
    });
  });

  it.each([
    ['the database ping fails', { database: async () => false }, /database down/],
    [
      'the database ping throws',
      { database: async () => Promise.reject(new Error('boom')) },
      /database down/,
    ],
    ['redis is down', { redis: async () => false }, /redis down/],
  ])('answers 503 when %s', async (_n, ping, detail) => {
    const res = await ready(ping);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.body.detail).toMatch(detail);
  });

  it('answers 503 once the database is closed', async () => {
    const other = await createTestDatabase();
    const t = await createDomainApp(other.db);
    await other.close();
    const res = await t.app.request('/api/v1/ready');
    expect(res.status).toBe(503);
  });

  it.skipIf(!hasRedis)('reports a real Redis as up', async () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      const res = await ready({ redis: async () => (await redis.ping()) === 'PONG' });
      expect(res).toMatchObject({ status: 200, body: { checks: { database: 'up', redis: 'up' } } });
    } finally {
      redis.disconnect();
    }
  });
});
