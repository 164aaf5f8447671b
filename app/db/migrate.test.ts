import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSchemas, formatDifference } from '../../generators/ddl/diff-schema.js';
import { introspect } from '../../generators/ddl/introspect.js';
import { expectedSchema, runDbCheck } from '../../scripts/db-check.js';
import { withPgClient } from '../../scripts/with-pg-client.js';
import { runMigrate } from '../../scripts/db-migrate.js';
import { createThrowawayDatabase, postgresAvailable } from '../../test/support/services.js';
import {
  MigrationError,
  readMigrations,
  type MigrationFile,
} from '../../runtime/migration-files.js';
import {
  migrate,
  pendingMigrations,
  pgClientSession,
  pgliteSession,
  readDefaultInputs,
  type SqlSession,
} from './migrate.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixtureDir = path.join(root, 'test/fixtures/ddl/migrations');
const hasPg = await postgresAvailable();

/** The last released migration: a database at this version must upgrade with its data. */
const PREVIOUS = '0002_token_generation.sql';
const upToPrevious = (inputs: { migrations: MigrationFile[] }) =>
  inputs.migrations.filter((m) => m.name <= PREVIOUS);

/** Users, a company, jobs and applications as the previous release wrote them. */
async function seedPreviousVersion(s: SqlSession): Promise<void> {
  await s.exec(`
    INSERT INTO users (id, email, password_hash, display_name, role_code, token_generation) VALUES
      ('00000000-0000-4000-8000-000000000001', 'boss@example.com', '${'x'.repeat(60)}', 'Boss', 'employer', 2),
      ('00000000-0000-4000-8000-000000000002', 'ann@example.com', '${'y'.repeat(60)}', 'Ann', 'job_seeker', 0);
    INSERT INTO companies (id, name, created_by) VALUES
      ('00000000-0000-4000-8000-0000000000c1', 'Acme', '00000000-0000-4000-8000-000000000001');
    INSERT INTO company_members (company_id, user_id, member_role) VALUES
      ('00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-000000000001', 'owner');
    INSERT INTO jobs (id, company_id, title, description, employment_type, tags, status, published_at,
                      salary_min, salary_max, currency) VALUES
      ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000c1', 'Engineer',
       'Builds typed things', 'full_time', '{typescript,postgres}', 'published', now(), 1000, 2000, 'EUR'),
      ('00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-0000000000c1', 'Draft',
       'Not yet', 'contract', '{}', 'draft', NULL, NULL, NULL, NULL);
    INSERT INTO applications (job_id, applicant_id, resume_url, status) VALUES
      ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-000000000002',
       'https://cv.example/ann.pdf', 'reviewing');
  `);
}

/** Every row of the tables users write, as text, in a stable order. */
async function userData(s: SqlSession): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['users', 'companies', 'company_members', 'jobs', 'applications']) {
    out[table] = await s.rows(
      `SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY to_jsonb(t)::text`,
    );
  }
  return JSON.stringify(out);
}

/** After the upgrade: the same data, the new permissions seeded, the new table usable. */
async function expectUpgraded(s: SqlSession, before: string): Promise<void> {
  expect(await userData(s)).toBe(before);
  const grants = await s.rows<{ role_code: string; permission_code: string }>(
    `SELECT role_code, permission_code FROM role_permissions
      WHERE permission_code IN ('profiles:manage_own', 'recommendations:read_own', 'candidates:read')
      ORDER BY 1, 2`,
  );
  expect(grants.map((g) => `${g.role_code} ${g.permission_code}`)).toEqual([
    'admin candidates:read',
    'admin profiles:manage_own',
    'admin recommendations:read_own',
    'employer candidates:read',
    'job_seeker profiles:manage_own',
    'job_seeker recommendations:read_own',
  ]);
  await s.exec(`INSERT INTO seeker_profiles (user_id, skills, embedding)
    VALUES ('00000000-0000-4000-8000-000000000002', '{typescript}', '{0.5,1.5}')`);
}

describe('migrate on PGlite', () => {
  let pg: PGlite;
  beforeAll(async () => {
    pg = await PGlite.create();
  });
  afterAll(() => pg?.close());

  it('brings an empty database through the previous release, with data, to exactly db/schema.sql; re-running is a no-op', async () => {
    const inputs = await readDefaultInputs(root);
    // No ledger yet: everything is pending; a migration the ledger lacks stays pending after.
    const names = inputs.migrations.map((m) => m.name);
    expect(await pendingMigrations(pgliteSession(pg), inputs.migrations)).toEqual(names);
    // Through the previous release (0002, with its own seed rows from 0001) and data
    // written at that version, then to the current one: the data must come through intact.
    const previous = await migrate(pgliteSession(pg), { migrations: upToPrevious(inputs) });
    expect(previous.applied).toEqual(names.filter((n) => n <= PREVIOUS));
    await seedPreviousVersion(pgliteSession(pg));
    const before = await userData(pgliteSession(pg));
    const first = await migrate(pgliteSession(pg), inputs);
    expect([...previous.applied, ...first.applied]).toEqual(names);
    expect(first.applied).toEqual(['0003_match_profiles.sql']);
    expect(first.seedStatements).toBe(3);
    await expectUpgraded(pgliteSession(pg), before);

    // Every migration applied ≡ db/schema.sql: a schema change without a migration fails here.
    const diffs = diffSchemas(
      await expectedSchema(path.join(root, 'db/schema.sql')),
      await introspect((q, p) => pg.query(q, p)),
    );
    expect(diffs.map(formatDifference)).toEqual([]);

    const count = async () =>
      (await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM role_permissions')).rows[0]!.n;
    const beforeRerun = await count();
    const again = await migrate(pgliteSession(pg), inputs);
    expect(again).toEqual({ applied: [], alreadyApplied: names, seedStatements: 3 });
    expect(await pendingMigrations(pgliteSession(pg), inputs.migrations)).toEqual([]);
    const later = { name: '9999_later.sql', sql: '', checksum: 'x' };
    expect(await pendingMigrations(pgliteSession(pg), [...inputs.migrations, later])).toEqual([
      '9999_later.sql',
    ]);
    expect(await count()).toBe(beforeRerun);
    const ledger = await pg.query<{ name: string }>(
      'SELECT name FROM schema_migrations ORDER BY name',
    );
    expect(ledger.rows.map((r) => r.name)).toEqual(names);
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
    expect(applied).toEqual([
      '0001_baseline.sql',
      '0002_token_generation.sql',
      '0003_match_profiles.sql',
    ]);
    const again = await runMigrate({ root, databaseUrl: url });
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual([
      '0001_baseline.sql',
      '0002_token_generation.sql',
      '0003_match_profiles.sql',
    ]);
  });
});

describe.skipIf(!hasPg)('db:migrate on PostgreSQL: a 0002 database with data → current', () => {
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, drop } = await createThrowawayDatabase('jb_migrate_up'));
  });
  afterAll(() => drop?.());

  it('keeps every row, seeds the new permissions, and db:check is clean', async () => {
    const inputs = await readDefaultInputs(root);
    const before = await withPgClient(url, async (client) => {
      await migrate(pgClientSession(client), { migrations: upToPrevious(inputs) });
      await seedPreviousVersion(pgClientSession(client));
      return userData(pgClientSession(client));
    });
    const r = await runMigrate({ root, databaseUrl: url });
    expect(r.applied).toEqual(['0003_match_profiles.sql']);
    await withPgClient(url, (client) => expectUpgraded(pgClientSession(client), before));
    const check = await runDbCheck({
      schemaPath: path.join(root, 'db/schema.sql'),
      databaseUrl: url,
    });
    expect(check.lines).toEqual([expect.stringMatching(/^db:check: DATABASE_URL matches/)]);
  });
});
