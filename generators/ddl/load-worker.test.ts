import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { introspect } from './introspect.js';
import { DdlLoadError, loadDdl } from './load.js';
import { loadDdlInWorker, openDdlDatabase, WorkerStartError } from './load-worker.js';
import { createEmptyPglite, emptyPgliteDumpTarget, LEAN_CLUSTER } from './pglite-template.js';

const dir = mkdtempSync(path.join(tmpdir(), 'load-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DDL = `CREATE EXTENSION citext;
CREATE TYPE status AS ENUM ('draft', 'published');
CREATE TABLE company (id int PRIMARY KEY, name citext NOT NULL UNIQUE);
CREATE TABLE job (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  company_id int NOT NULL REFERENCES company (id) ON DELETE CASCADE,
  status status NOT NULL DEFAULT 'draft',
  tags text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX job_company ON job (company_id);`;

describe.each([
  ['in this thread', loadDdl],
  ['on a worker thread', openDdlDatabase],
])('the DDL loaded %s', (_, load) => {
  it('reports a DDL error with the source, line and column', async () => {
    const err = await load(
      'CREATE TABLE a (id int);\nCREATE TABLE b (id no_such_type);',
      'bad.sql',
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DdlLoadError);
    expect((err as Error).message).toMatch(
      /^bad\.sql at line 2, column \d+: type "no_such_type" does not exist/,
    );
  });

  it('refuses an extension PGlite cannot load', async () => {
    await expect(load('CREATE EXTENSION postgis;', 'x.sql')).rejects.toThrow(/extension "postgis"/);
  });
});

describe('the DDL loaded on a worker thread', () => {
  it('reads the same catalog as PGlite in this thread', async () => {
    const [worker, here] = await Promise.all([
      openDdlDatabase(DDL, 'same.sql'),
      loadDdl(DDL, 'same.sql'),
    ]);
    try {
      const [a, b] = await Promise.all([
        introspect((sql, params) => worker.query(sql, params)),
        introspect((sql, params) => here.query(sql, params)),
      ]);
      expect(a).toEqual(b);
      expect(a.tables.map((t) => t.name)).toEqual(['company', 'job']);
    } finally {
      await Promise.all([worker.close(), here.close()]);
    }
  });

  it('passes a failing query back as an error, and keeps answering', async () => {
    const db = await openDdlDatabase(DDL, 'q.sql');
    try {
      await expect(db.query('select * from no_such_table')).rejects.toThrow(
        /relation "no_such_table" does not exist/,
      );
      expect((await db.query('select count(*)::int as n from job')).rows).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
    await expect(db.query('select 1')).rejects.toThrow(/exited/);
  });

  it('a dump PGlite cannot start from is a WorkerStartError (the caller then loads here)', async () => {
    const bad = path.join(dir, 'bad.tar');
    writeFileSync(bad, 'not a tar file');
    await expect(loadDdlInWorker(DDL, 'x.sql', bad)).rejects.toBeInstanceOf(WorkerStartError);
  });

  it('starts from the shared dump, which holds only an empty `postgres` (lean: < 20 MB)', async () => {
    await (await createEmptyPglite()).close(); // makes the shared dump if it is not there yet
    const target = emptyPgliteDumpTarget();
    expect(target?.onDisk).toBe(true);
    const dump = target?.file;
    expect(dump).toBeDefined();
    const db = await loadDdlInWorker('', 'empty.sql', dump!);
    try {
      const { rows } = await db.query('select datname from pg_database order by 1');
      expect(rows).toEqual([{ datname: 'postgres' }]);
      const tables = await db.query(`select 1 from pg_tables where schemaname = 'public'`);
      expect(tables.rows).toEqual([]);
    } finally {
      await db.close();
    }
    expect(statSync(dump!).size).toBeLessThan(20_000_000);
  });

  it('with no dump yet, makes it on the thread (before the DDL runs) and applies the DDL', async () => {
    const made = path.join(dir, 'made', 'cluster.tar');
    const db = await loadDdlInWorker(DDL, 'first.sql', made, LEAN_CLUSTER);
    try {
      expect((await db.query('select count(*)::int as n from job')).rows).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
    expect(readdirSync(path.dirname(made))).toEqual(['cluster.tar']); // no temporary left
    // The dump is the empty lean cluster: the DDL above is not in it.
    const again = await loadDdlInWorker('', 'again.sql', made);
    try {
      expect((await again.query('select datname from pg_database')).rows).toEqual([
        { datname: 'postgres' },
      ]);
      expect(
        (await again.query(`select 1 from pg_tables where schemaname = 'public'`)).rows,
      ).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it('with nowhere to write the dump, still applies the DDL', async () => {
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, '');
    const nowhere = path.join(blocker, 'cluster.tar'); // its folder would be a file
    const db = await loadDdlInWorker(DDL, 'ro.sql', nowhere, LEAN_CLUSTER);
    try {
      expect((await db.query('select count(*)::int as n from company')).rows).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
    expect(existsSync(nowhere)).toBe(false);
  });
});
