import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSchemas, formatDifference } from '../../generators/ddl/diff-schema.js';
import { introspect } from '../../generators/ddl/introspect.js';
import { expectedSchema } from '../../scripts/db-check.js';
import { runMigrate } from '../../scripts/db-migrate.js';
import { createThrowawayDatabase, postgresAvailable } from '../../test/support/services.js';
import { MigrationError, readMigrations } from '../../runtime/migration-files.js';
import { migrate, pendingMigrations, pgliteSession, readDefaultInputs } from './migrate.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixtureDir = path.join(root, 'test/fixtures/ddl/migrations');
const hasPg = await postgresAvailable();

describe('migrate on PGlite', () => {
  let pg: PGlite;
  beforeAll(async () => {
    pg = await PGlite.create();
  });
  afterAll(() => pg?.close());

  it('brings an empty database to exactly db/schema.sql, then re-running is a no-op', async () => {
    const inputs = await readDefaultInputs(root);
    // No ledger yet: everything is pending; a migration the ledger lacks stays pending after.
    const names = inputs.migrations.map((m) => m.name);
    expect(await pendingMigrations(pgliteSession(pg), inputs.migrations)).toEqual(names);
    const first = await migrate(pgliteSession(pg), inputs);
    expect(first.applied).toEqual(inputs.migrations.map((m) => m.name));
    expect(first.seedStatements).toBe(3);

    // Every migration applied ≡ db/schema.sql: a schema change without a migration fails here.
    const diffs = diffSchemas(
      await expectedSchema(path.join(root, 'db/schema.sql')),
      await introspect((q, p) => pg.query(q, p)),
    );
    expect(diffs.map(formatDifference)).toEqual([]);

    const count = async () =>
      (await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM role_permissions')).rows[0]!.n;
    const before = await count();
    const again = await migrate(pgliteSession(pg), inputs);
    expect(again).toEqual({ applied: [], alreadyApplied: first.applied, seedStatements: 3 });
    expect(await pendingMigrations(pgliteSession(pg), inputs.migrations)).toEqual([]);
    const later = { name: '9999_later.sql', sql: '', checksum: 'x' };
    expect(await pendingMigrations(pgliteSession(pg), [...inputs.migrations, later])).toEqual([
      '9999_later.sql',
    ]);
    expect(await count()).toBe(before);
    const ledger = await pg.query<{ name: string }>(
      'SELECT name FROM schema_migrations ORDER BY name',
    );
    expect(ledger.rows.map((r) => r.name)).toEqual(first.applied);
  });
});

describe('migrate: older databases and mistakes', () => {
  let pg: PGlite;
  let dir: string;
  beforeAll(async () => {
    pg = await PGlite.create();
    dir = mkdtempSync(path.join(os.tmpdir(), 'jb-migrations-'));
  });
  afterAll(async () => {
    await pg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ignores files that are not NNNN_name.sql and orders the rest', async () => {
    expect((await readMigrations(fixtureDir)).map((m) => m.name)).toEqual([
      '0001_init.sql',
      '0002_note_tags.sql',
    ]);
  });

  it('applies only what an older database lacks', async () => {
    const all = await readMigrations(fixtureDir);
    expect((await migrate(pgliteSession(pg), { migrations: all.slice(0, 1) })).applied).toEqual([
      '0001_init.sql',
    ]);
    const r = await migrate(pgliteSession(pg), { migrations: all });
    expect(r).toMatchObject({ applied: ['0002_note_tags.sql'], alreadyApplied: ['0001_init.sql'] });
    const cols = await pg.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'notes' ORDER BY ordinal_position",
    );
    expect(cols.rows.map((c) => c.column_name)).toEqual(['id', 'body', 'tags']);
  });

  it('refuses a migration edited after it was applied', async () => {
    const all = await readMigrations(fixtureDir);
    const edited = [{ ...all[0]!, sql: `${all[0]!.sql}\n-- edited`, checksum: 'changed' }, all[1]!];
    await expect(migrate(pgliteSession(pg), { migrations: edited })).rejects.toThrow(
      /0001_init\.sql was edited after it was applied/,
    );
  });

  it('refuses a database that has migrations this code does not know', async () => {
    const all = await readMigrations(fixtureDir);
    await expect(migrate(pgliteSession(pg), { migrations: all.slice(0, 1) })).rejects.toThrow(
      /does not know: 0002_note_tags\.sql/,
    );
  });

  it('rolls a failing migration back whole, recording nothing', async () => {
    for (const f of ['0001_init.sql', '0002_note_tags.sql'])
      copyFileSync(path.join(fixtureDir, f), path.join(dir, f));
    copyFileSync(
      path.join(fixtureDir, '0003_broken.sql.disabled'),
      path.join(dir, '0003_broken.sql'),
    );
    const err = await migrate(pgliteSession(pg), { migrations: await readMigrations(dir) }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MigrationError);
    expect(String((err as Error).message)).toMatch(/^0003_broken\.sql failed: .*no_such_function/);
    const leftovers = await pg.query("SELECT 1 FROM pg_tables WHERE tablename = 'half_done'");
    expect(leftovers.rows).toEqual([]);
    const ledger = await pg.query<{ name: string }>(
      'SELECT name FROM schema_migrations ORDER BY name',
    );
    expect(ledger.rows.map((r) => r.name)).toEqual(['0001_init.sql', '0002_note_tags.sql']);
  });
});

describe.skipIf(!hasPg)('db:migrate on PostgreSQL', () => {
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, drop } = await createThrowawayDatabase('jb_migrate'));
  });
  afterAll(() => drop?.());

  it('empty → current; concurrent runs apply once (advisory lock); re-run is a no-op', async () => {
    const [a, b] = await Promise.all([
      runMigrate({ root, databaseUrl: url }),
      runMigrate({ root, databaseUrl: url }),
    ]);
    const applied = [...a.applied, ...b.applied];
    expect(applied).toEqual(['0001_baseline.sql', '0002_token_generation.sql']);
    const again = await runMigrate({ root, databaseUrl: url });
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(['0001_baseline.sql', '0002_token_generation.sql']);
  });
});
