/**
 * Migrations: the ordered SQL files in db/migrations/ applied once each, recorded in
 * `schema_migrations`, then the seed rows of db/schema.sql applied (idempotent INSERT ...
 * ON CONFLICT DO NOTHING). Works on PGlite and PostgreSQL through `SqlSession`.
 *
 * This is the one module in app/ that runs SQL text: migration files and seed rows ARE
 * the DDL ("DDL and migrations are the only SQL", spec-coding rule 5). The raw-SQL check
 * (scripts/check-raw-sql.ts) exempts exactly this file, and nothing here takes input
 * from a request.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import {
  MigrationError,
  readMigrations,
  type MigrationFile,
} from '../../runtime/migration-files.js';
import { seedStatements } from './sql-text.js';

export interface SqlSession {
  /** Runs a script of one or more statements without parameters. */
  exec(script: string): Promise<void>;
  rows<T>(statement: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction: all of it commits or none. */
  transaction<T>(fn: (s: SqlSession) => Promise<T>): Promise<T>;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
  seedStatements: number;
}

/** Arbitrary constant: serialises concurrent `migrate` runs (replicas starting together). */
const LOCK_KEY = 4_242_001;

export const LEDGER_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  name        text PRIMARY KEY,
  checksum    text NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Brings the database to the newest migration, then applies the seed. Each migration
 * runs in its own transaction together with its ledger row. A migration whose file
 * changed after it was applied stops the run: write a new migration instead.
 */
export async function migrate(
  session: SqlSession,
  opts: { migrations: MigrationFile[]; seedSql?: string; lock?: boolean },
): Promise<MigrateResult> {
  if (opts.lock) await session.rows('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
  try {
    await session.exec(LEDGER_DDL);
    const done = new Map(
      (
        await session.rows<{ name: string; checksum: string }>(
          'SELECT name, checksum FROM schema_migrations',
        )
      ).map((r) => [r.name, r.checksum]),
    );
    const known = new Set(opts.migrations.map((m) => m.name));
    const unknown = [...done.keys()].filter((n) => !known.has(n)).sort();
    if (unknown.length) {
      throw new MigrationError(
        `the database has migrations this code does not know: ${unknown.join(', ')} (newer code ran here?)`,
      );
    }
    const applied: string[] = [];
    const alreadyApplied: string[] = [];
    for (const m of opts.migrations) {
      const checksum = done.get(m.name);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) {
          throw new MigrationError(
            `${m.name} was edited after it was applied (checksum differs); add a new migration instead`,
          );
        }
        alreadyApplied.push(m.name);
        continue;
      }
      try {
        await session.transaction(async (tx) => {
          await tx.exec(m.sql);
          await tx.rows('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [
            m.name,
            m.checksum,
          ]);
        });
      } catch (err) {
        throw new MigrationError(`${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
    const seeds = opts.seedSql ? seedStatements(opts.seedSql) : [];
    if (seeds.length) {
      await session.transaction(async (tx) => {
        for (const s of seeds) await tx.exec(s);
      });
    }
    return { applied, alreadyApplied, seedStatements: seeds.length };
  } finally {
    if (opts.lock) await session.rows('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
  }
}

/**
 * The migrations in `migrations` not yet recorded in the database's ledger, in order
 * (all of them when there is no ledger yet). Reads only: start-up uses it to refuse an
 * unmigrated database with the command to run instead of failing on the first query.
 */
export async function pendingMigrations(
  session: Pick<SqlSession, 'rows'>,
  migrations: MigrationFile[],
): Promise<string[]> {
  const [ledger] = await session.rows<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  if (!ledger?.present) return migrations.map((m) => m.name);
  const done = new Set(
    (await session.rows<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
  );
  return migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
}

export class SchemaNotMigratedError extends Error {
  override name = 'SchemaNotMigratedError';
  constructor(readonly pending: string[]) {
    super(
      `the database schema is not migrated (${pending.length} pending: ${pending.join(', ')}): run \`npm run db:migrate\` with the same DATABASE_URL`,
    );
  }
}

/** The default inputs: db/migrations/*.sql and the seed rows of db/schema.sql. */
export async function readDefaultInputs(root: string): Promise<{
  migrations: MigrationFile[];
  seedSql: string;
}> {
  return {
    migrations: await readMigrations(path.join(root, 'db', 'migrations')),
    seedSql: await readFile(path.join(root, 'db', 'schema.sql'), 'utf8'),
  };
}

export function pgliteSession(db: PGlite): SqlSession {
  const wrap = (q: Pick<PGlite, 'exec' | 'query'>): Omit<SqlSession, 'transaction'> => ({
    exec: async (script) => {
      await q.exec(script);
    },
    rows: async <T>(statement: string, params: unknown[] = []) =>
      (await q.query<T>(statement, params)).rows,
  });
  return {
    ...wrap(db),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({ ...wrap(tx), transaction: () => Promise.reject(new Error('nested transaction')) }),
      ),
  };
}

/** A session on one checked-out client (the advisory lock is per connection). */
export function pgClientSession(client: pg.PoolClient | pg.Client): SqlSession {
  const base: Omit<SqlSession, 'transaction'> = {
    exec: async (script) => {
      await client.query(script);
    },
    rows: async <T>(statement: string, params: unknown[] = []) =>
      (await client.query(statement, params)).rows as T[],
  };
  return {
    ...base,
    transaction: async (fn) => {
      await client.query('BEGIN');
      try {
        const result = await fn({
          ...base,
          transaction: () => Promise.reject(new Error('nested transaction')),
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    },
  };
}
