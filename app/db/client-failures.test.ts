/**
 * createDatabase when start-up migration fails: the error names the migration, and the
 * half-opened database is released (no PGlite left running, no pooled PostgreSQL
 * connection left behind), so `npm start` can print one line and exit.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionsNamed, tableExists } from '../../test/support/pg-catalog.js';
import { createThrowawayDatabase, postgresAvailable } from '../../test/support/services.js';
import { createDatabase } from './client.js';
import { MigrationError } from '../../runtime/migration-files.js';

const hasPg = await postgresAvailable();

let root: string;
beforeAll(async () => {
  // A repository root whose second migration is broken.
  root = await mkdtemp(path.join(os.tmpdir(), 'jb-dbfail-'));
  await mkdir(path.join(root, 'db/migrations'), { recursive: true });
  await writeFile(path.join(root, 'db/migrations/0001_ok.sql'), 'CREATE TABLE ok (id int);\n');
  await writeFile(
    path.join(root, 'db/migrations/0002_broken.sql'),
    'CREATE TABLE broken (id no_such_type);\n',
  );
  await writeFile(path.join(root, 'db/schema.sql'), 'CREATE TABLE ok (id int);\n');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('createDatabase on PGlite with a failing migration', () => {
  it('rejects with a MigrationError naming the file and leaves the data folder reusable', async () => {
    const dataDir = path.join(root, 'data');
    const err = await createDatabase({ root, dataDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(/^0002_broken\.sql failed: .*no_such_type/);
    // The folder is left usable: it opens again without migrating.
    const again = await createDatabase({ root, dataDir, migrate: false });
    try {
      expect(again.kind).toBe('pglite');
      expect(again.migration).toBeNull();
    } finally {
      await again.close();
      await again.close(); // idempotent
    }
  });
});

describe.skipIf(!hasPg)('createDatabase on PostgreSQL with a failing migration', () => {
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, drop } = await createThrowawayDatabase('jb_dbfail'));
  });
  afterAll(() => drop?.());

  it('rejects with the MigrationError and ends its pool (no connection left open)', async () => {
    const err = await createDatabase({ databaseUrl: url, root, migrate: true }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(/^0002_broken\.sql failed/);

    // The pool that ran it is gone, and 0002 (in a transaction) left nothing behind.
    expect(await connectionsNamed(url, 'jobboard')).toBe(0);
    expect(await tableExists(url, 'broken')).toBe(false);
  });

  it('without migrate: true, connects lazily and close() is idempotent', async () => {
    const handle = await createDatabase({ databaseUrl: url, root });
    expect(handle.kind).toBe('postgres');
    expect(handle.migration).toBeNull();
    expect(await handle.ping()).toBe(false); // not migrated: the roles table is missing
    await handle.close();
    await handle.close();
  });
});
