/**
 * The one way app/ gets a database: a drizzle instance typed with the generated schema,
 * on embedded PGlite (default; data in DATA_DIR, migrated on first start) or on
 * PostgreSQL (DATABASE_URL; a bounded node-postgres pool). Both drivers give the same
 * `Database` type, so handlers and tests never care which one they run on.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { Tracer } from '@opentelemetry/api';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from '../../generated/db/schema.js';
import { traceDatabaseCalls } from '../telemetry/db-spans.js';
import { BusyAwarePool } from './errors.js';
import { trackPool } from './pool-metrics.js';
import {
  migrate,
  pendingMigrations,
  pgClientSession,
  pgliteSession,
  readDefaultInputs,
  SchemaNotMigratedError,
  type MigrateResult,
} from './migrate.js';

export type Schema = typeof schema;
/** A drizzle database over either driver. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** What `db.transaction(async (tx) => ...)` hands its callback. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Code that works inside or outside a transaction takes this. */
export type Executor = Database | Transaction;

export interface DatabaseConfig {
  /** postgres://... selects PostgreSQL; otherwise embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data folder (created if missing). Ignored with databaseUrl. */
  dataDir?: string;
  /**
   * Apply db/migrations and the seed rows before returning. Default: true for PGlite
   * (zero-setup start), false for PostgreSQL (run `npm run db:migrate` as a deploy step;
   * concurrent runs are serialised by an advisory lock if you enable it anyway).
   */
  migrate?: boolean;
  /**
   * PostgreSQL without `migrate`: connect at once and refuse a database with pending
   * migrations (SchemaNotMigratedError), so start-up fails with one clear line instead of
   * the first request failing. Default false (connect lazily).
   */
  requireMigrated?: boolean;
  /** Repository root holding db/ (default: this checkout). */
  root?: string;
  /**
   * Tracing on: PGlite calls get client spans (app/telemetry/db-spans.ts). PostgreSQL's
   * come from the pg instrumentation that app/telemetry/register.ts installs.
   */
  tracer?: Tracer;
  pool?: {
    /** Connections per process (default 10). */
    max?: number;
    /** How long a request waits for a free connection before DatabaseBusyError (default 2000). */
    connectionTimeoutMs?: number;
    /** Server-side statement_timeout per statement (default 5000). */
    statementTimeoutMs?: number;
    idleTimeoutMs?: number;
  };
}

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** What `migrate` did at start, when it ran. */
  migration: MigrateResult | null;
  /** Resolves true when a round trip through drizzle succeeds, false otherwise. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const DEFAULT_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The readiness probe: one indexed single-row read through the ORM, no raw SQL. */
async function pingWith(db: Database): Promise<boolean> {
  try {
    await db.select({ code: schema.roles.code }).from(schema.roles).limit(1);
    return true;
  } catch {
    return false;
  }
}

export async function createDatabase(config: DatabaseConfig = {}): Promise<DatabaseHandle> {
  const root = config.root ?? DEFAULT_ROOT;
  if (config.databaseUrl) return createPostgres(config.databaseUrl, config, root);
  return createPglite(config, root);
}

/**
 * PostgreSQL settings for the embedded database (docs/operating.md, "Memory"). The wasm
 * heap holds shared_buffers, so PostgreSQL's 128 MB default costs that much resident memory
 * once touched; the data files stay in the OS page cache anyway (PGlite reads them through
 * Node's fs), so a small buffer pool loses little.
 */
export const PGLITE_START_PARAMS: readonly string[] = [
  ...PGlite.defaultStartParams,
  ...['-c', 'shared_buffers=16MB'],
  ...['-c', 'maintenance_work_mem=16MB'],
];

async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  return PGlite.create({ ...(dataDir ? { dataDir } : {}), startParams: [...PGLITE_START_PARAMS] });
}

async function createPglite(config: DatabaseConfig, root: string): Promise<DatabaseHandle> {
  let dataDir: string | undefined;
  if (config.dataDir) {
    dataDir = path.resolve(config.dataDir);
    await mkdir(dataDir, { recursive: true });
  }
  const migrateNow = config.migrate ?? true;
  let migration: MigrateResult | null = null;
  // initdb grows the wasm heap to ~650 MB and wasm memory never shrinks: create and migrate
  // a new data folder in a first instance, close it, and serve from a fresh one (~0.7 s).
  if (dataDir && !existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const first = await openPglite(dataDir);
    try {
      if (migrateNow)
        migration = await migrate(pgliteSession(first), await readDefaultInputs(root));
    } finally {
      await first.close();
    }
  }
  const client = await openPglite(dataDir);
  try {
    if (migrateNow && !migration) {
      migration = await migrate(pgliteSession(client), await readDefaultInputs(root));
    }
  } catch (err) {
    await client.close();
    throw err;
  }
  if (config.tracer) traceDatabaseCalls(client, config.tracer);
  const db: Database = drizzlePglite({ client, schema });
  return {
    db,
    kind: 'pglite',
    migration,
    ping: () => pingWith(db),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

async function createPostgres(
  url: string,
  config: DatabaseConfig,
  root: string,
): Promise<DatabaseHandle> {
  const p = config.pool ?? {};
  const pool = new BusyAwarePool({
    connectionString: url,
    max: p.max ?? 10,
    connectionTimeoutMillis: p.connectionTimeoutMs ?? 2000,
    idleTimeoutMillis: p.idleTimeoutMs ?? 30_000,
    statement_timeout: p.statementTimeoutMs ?? 5000,
    application_name: 'jobboard',
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const untrack = trackPool(pool);
  let migration: MigrateResult | null = null;
  if (config.migrate || config.requireMigrated) {
    let client: pg.PoolClient | undefined;
    try {
      client = await pool.connect();
      const session = pgClientSession(client);
      const inputs = await readDefaultInputs(root);
      if (config.migrate) {
        migration = await migrate(session, { ...inputs, lock: true });
      } else {
        const pending = await pendingMigrations(session, inputs.migrations);
        if (pending.length) throw new SchemaNotMigratedError(pending);
      }
    } catch (err) {
      client?.release();
      await pool.end();
      throw err;
    }
    client.release();
  }
  const db: Database = drizzleNodePg({ client: pool as pg.Pool, schema });
  let closed = false;
  return {
    db,
    kind: 'postgres',
    migration,
    ping: () => pingWith(db),
    close: async () => {
      if (closed) return;
      closed = true;
      untrack();
      await pool.end();
    },
  };
}
