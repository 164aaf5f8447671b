/**
 * db:check against live databases: a migrated database matches db/schema.sql; after
 * altering a column and dropping an index (and more), the check names each change.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, postgresAvailable } from '../test/support/services.js';
import { runDbCheck } from './db-check.js';
import { runMigrate } from './db-migrate.js';

const root = path.resolve(import.meta.dirname, '..');
const schemaPath = path.join(root, 'db/schema.sql');
const hasPg = await postgresAvailable();

/** Drift made by hand on a live database, and the line db:check must print for each. */
const DRIFT = [
  'ALTER TABLE applications ALTER COLUMN status_note TYPE varchar(50)',
  'DROP INDEX jobs_tags_idx',
  'ALTER TABLE companies ALTER COLUMN location SET NOT NULL',
  "ALTER TABLE users ALTER COLUMN role_code SET DEFAULT 'employer'",
  'ALTER TABLE applications DROP CONSTRAINT applications_job_applicant_key',
  'ALTER TABLE devices DROP COLUMN user_agent',
  'CREATE TABLE scratch (id int)',
  'CREATE INDEX audit_log_ip_idx ON audit_log (ip)',
];
const EXPECTED = [
  'type applications.status_note: type: expected text, found character varying(50)',
  'index jobs.jobs_tags_idx: missing',
  'nullability companies.location: nullability: expected NULL, found NOT NULL',
  "default users.role_code: default: expected 'job_seeker'::text, found 'employer'::text",
  'constraint applications.applications_job_applicant_key (unique): missing',
  'column devices.user_agent: missing',
  'table scratch: extra (not in the schema)',
  'index audit_log.audit_log_ip_idx: extra (not in the schema)',
];

describe('db:check on a PGlite folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jb-dbcheck-'));
    await runMigrate({ root, dataDir: dir });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a freshly migrated database matches db/schema.sql', async () => {
    const r = await runDbCheck({ schemaPath, dataDir: dir });
    expect(r.differences).toEqual([]);
    expect(r.exitCode).toBe(0);
  });

  it('names every altered column, dropped index, changed default and extra object', async () => {
    const db = await PGlite.create({ dataDir: dir });
    for (const stmt of DRIFT) await db.exec(stmt);
    await db.close();
    const r = await runDbCheck({ schemaPath, dataDir: dir });
    expect(r.exitCode).toBe(1);
    const lines = r.lines.slice(1).map((l) => l.trim());
    for (const e of EXPECTED) expect(lines).toContain(e);
    // The dropped column's CHECK constraint went with it and is reported too.
    expect(lines).toContain('constraint devices.devices_user_agent_check (check): missing');
    expect(r.lines[0]).toMatch(/differs from .*db\/schema\.sql in \d+ place/);
  });

  it('the npm script exits 1 and prints the differences', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/db-check.ts', '--data-dir', dir],
        { cwd: root, stdio: 'pipe' },
      );
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = String((e as { stderr: Buffer }).stderr);
    }
    expect(status).toBe(1);
    expect(stderr).toContain('index jobs.jobs_tags_idx: missing');
  });

  it('exits 2 with a clear message when there is nothing to check', async () => {
    await expect(runDbCheck({ schemaPath, dataDir: path.join(dir, 'nope') })).rejects.toThrow(
      /not a PGlite data folder/,
    );
  });
});

describe.skipIf(!hasPg)('db:check on PostgreSQL', () => {
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, drop } = await createThrowawayDatabase('jb_dbcheck'));
    await runMigrate({ root, databaseUrl: url });
  });
  afterAll(() => drop?.());

  it('matches after db:migrate, then names every drift', async () => {
    expect((await runDbCheck({ schemaPath, databaseUrl: url })).differences).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    await client.connect();
    try {
      for (const stmt of DRIFT) await client.query(stmt);
    } finally {
      await client.end();
    }
    const r = await runDbCheck({ schemaPath, databaseUrl: url });
    expect(r.exitCode).toBe(1);
    const lines = r.lines.slice(1).map((l) => l.trim());
    for (const e of EXPECTED) expect(lines).toContain(e);
  });
});
