import pg from 'pg';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { dbSafe } from '../domain/db-errors.js';
import { mapAppError } from '../http/map-error.js';
import { postgresAvailable, PG_URL } from '../../test/support/services.js';
import { DatabaseBusyError } from './errors.js';
import { databaseBusyAnswers, poolConnections, trackPool } from './pool-metrics.js';

const hasPg = await postgresAvailable();

const busyCount = async (reason: string) =>
  (await databaseBusyAnswers.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

const poolState = async () => {
  const registry = new Registry();
  registry.registerMetric(poolConnections);
  const m = await registry.getSingleMetricAsString('db_pool_connections');
  return Object.fromEntries(
    [...m.matchAll(/^db_pool_connections\{state="(\w+)"\} (\d+)$/gm)].map((x) => [
      x[1],
      Number(x[2]),
    ]),
  );
};

describe('db_busy_responses_total', () => {
  it('starts every reason at zero and counts a busy error the HTTP layer maps to 503', async () => {
    expect((await databaseBusyAnswers.get()).values.map((v) => v.labels.reason).sort()).toEqual([
      'pool_exhausted',
      'statement_timeout',
      'too_many_connections',
    ]);
    const before = await busyCount('statement_timeout');
    expect(mapAppError(new DatabaseBusyError('statement_timeout'))?.problem.status).toBe(503);
    expect(mapAppError(new Error('a bug'))).toBeUndefined();
    expect(await busyCount('statement_timeout')).toBe(before + 1);
  });

  it('counts once when a handler answers the 503 itself (dbSafe), not for other failures', async () => {
    const before = await busyCount('pool_exhausted');
    const r = await dbSafe([503], () => Promise.reject(new DatabaseBusyError('pool_exhausted')));
    expect(r).toMatchObject({ ok: false, failure: { status: 503 } });
    expect(await busyCount('pool_exhausted')).toBe(before + 1);
  });
});

describe('db_pool_connections', () => {
  const untrack: Array<() => void> = [];
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    untrack.splice(0).forEach((u) => u());
    await Promise.all(pools.splice(0).map((p) => p.end()));
  });

  it('reads zero with no pool, and the sum over tracked pools', async () => {
    expect(await poolState()).toEqual({ total: 0, idle: 0, waiting: 0 });
    const pool = new pg.Pool({ connectionString: PG_URL });
    pools.push(pool);
    untrack.push(trackPool(pool));
    expect(await poolState()).toEqual({ total: 0, idle: 0, waiting: 0 });
  });

  it.skipIf(!hasPg)('sees a checked-out and an idle connection of a real pool', async () => {
    const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
    pools.push(pool);
    const stop = trackPool(pool);
    untrack.push(stop);
    const a = await pool.connect();
    const b = await pool.connect();
    b.release();
    expect(await poolState()).toEqual({ total: 2, idle: 1, waiting: 0 });
    a.release();
    stop();
    expect(await poolState()).toEqual({ total: 0, idle: 0, waiting: 0 });
  });
});
