/**
 * Fast, isolated databases for tests: a migrated + seeded PGlite in ~0.3 s.
 *
 * Starting PGlite from nothing (initdb in wasm) and migrating costs ~2 s; loading a
 * data-directory snapshot costs ~0.3 s. So the first call in a process builds the
 * snapshot once (or reads it from node_modules/.cache, keyed by a hash of the PGlite
 * version, db/migrations and db/schema.sql, so later test files skip even that) and
 * every call loads a private copy of it.
 *
 *   const t = await createTestDatabase();   // beforeAll
 *   await t.reset();                        // beforeEach, if tests must not see each other
 *   await t.close();                        // afterAll
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from '../../generated/db/schema.js';
import { DEFAULT_ROOT, type Database, type DatabaseHandle } from '../../app/db/client.js';
import { migrate, pgliteSession, readDefaultInputs } from '../../app/db/migrate.js';
import { seedStatements } from '../../app/db/sql-text.js';

export interface TestDatabase extends DatabaseHandle {
  kind: 'pglite';
  /** The PGlite underneath, for tests that need to look at it directly. */
  client: PGlite;
  /** Deletes every row except the seed rows (roles, permissions, matrix). */
  reset(): Promise<void>;
}

let snapshot: Promise<Blob> | undefined;

async function cacheKey(root: string): Promise<string> {
  const { migrations, seedSql } = await readDefaultInputs(root);
  const pgliteVersion = JSON.parse(
    await readFile(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ).version as string;
  const h = createHash('sha256').update(pgliteVersion).update(seedSql);
  for (const m of migrations) h.update(m.name).update(m.checksum);
  return h.digest('hex').slice(0, 16);
}

async function buildSnapshot(root: string): Promise<Blob> {
  const file = path.join(
    root,
    'node_modules/.cache/jobboard-test-db',
    `${await cacheKey(root)}.tar`,
  );
  if (existsSync(file)) return new Blob([await readFile(file)]);
  const pg = await PGlite.create();
  try {
    await migrate(pgliteSession(pg), await readDefaultInputs(root));
    const dump = await pg.dumpDataDir('none');
    // Write-then-rename: parallel test processes may race to fill the cache.
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
    await rename(tmp, file);
    return dump;
  } finally {
    await pg.close();
  }
}

/** Tables holding seed rows, which `reset` keeps. */
async function seedTables(root: string): Promise<Set<string>> {
  const { seedSql } = await readDefaultInputs(root);
  const names = seedStatements(seedSql).map((s) => /insert\s+into\s+"?(\w+)"?/i.exec(s)?.[1]);
  return new Set(names.filter((n): n is string => !!n));
}

/** Tables children-first, so deleting in this order never trips a foreign key. */
function tablesChildFirst(): PgTable[] {
  const tables = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));
  // The generated schema declares parents before children.
  return tables.reverse();
}

export async function createTestDatabase(opts: { root?: string } = {}): Promise<TestDatabase> {
  const root = opts.root ?? DEFAULT_ROOT;
  snapshot ??= buildSnapshot(root).catch((err: unknown) => {
    snapshot = undefined;
    throw err;
  });
  const client = await PGlite.create({ loadDataDir: await snapshot });
  const db: Database = drizzle({ client, schema });
  const keep = await seedTables(root);
  return {
    db,
    client,
    kind: 'pglite',
    migration: null,
    ping: async () => {
      try {
        await db.select({ code: schema.roles.code }).from(schema.roles).limit(1);
        return true;
      } catch {
        return false;
      }
    },
    reset: async () => {
      await db.transaction(async (tx) => {
        for (const table of tablesChildFirst()) {
          if (!keep.has(getTableName(table))) await tx.delete(table);
        }
      });
    },
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}
