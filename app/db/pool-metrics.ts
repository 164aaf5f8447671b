/**
 * PostgreSQL pool occupancy for Prometheus (`db_pool_connections{state}`): a pool whose
 * `waiting` stays above zero is the step before DatabaseBusyError 503s (app/db/errors.ts).
 * Per process, like the other auth/db counters; the app's registry exposes it
 * (app/http/metrics.ts). PGlite has no pool, so the series stay at zero there.
 */
import { Counter, Gauge } from 'prom-client';
import type pg from 'pg';
import type { BusyReason } from './errors.js';

const pools = new Set<pg.Pool>();

export function trackPool(pool: pg.Pool): () => void {
  pools.add(pool);
  return () => pools.delete(pool);
}

const sum = (read: (p: pg.Pool) => number) => [...pools].reduce((n, p) => n + read(p), 0);

export const poolConnections = new Gauge({
  name: 'db_pool_connections',
  help: 'PostgreSQL pool connections by state: total open, idle, and requests waiting for one.',
  labelNames: ['state'],
  registers: [],
  collect() {
    this.set(
      { state: 'total' },
      sum((p) => p.totalCount),
    );
    this.set(
      { state: 'idle' },
      sum((p) => p.idleCount),
    );
    this.set(
      { state: 'waiting' },
      sum((p) => p.waitingCount),
    );
  },
});

/** 503s answered because the database was busy; alerting reads it (JobboardDatabaseBusy). */
export const databaseBusyAnswers = new Counter({
  name: 'db_busy_responses_total',
  help: 'Requests answered 503 because the database was busy (pool exhausted, statement timeout, too many connections).',
  labelNames: ['reason'],
  registers: [],
});
// Every reason exists from the first scrape, so rate() and increase() see the first one.
for (const reason of ['pool_exhausted', 'statement_timeout', 'too_many_connections'] as const)
  databaseBusyAnswers.inc({ reason }, 0);

export function countDatabaseBusy(reason: BusyReason): void {
  databaseBusyAnswers.inc({ reason });
}
