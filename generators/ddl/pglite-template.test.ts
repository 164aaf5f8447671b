import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pgliteTemplate, templatePath } from './pglite-template.js';
import { pgliteExtensionsFor } from './load.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pglite-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tables = `select count(*)::int as n from pg_tables where schemaname = 'public'`;

describe('PGlite template (an initdb paid once)', () => {
  it('lives next to the installed PGlite, named for its version', async () => {
    expect(await templatePath()).toMatch(
      /node_modules[/\\]\.cache[/\\]spec-suite[/\\]pglite-\d+\.\d+\.\d+-lean\.tar$/,
    );
  });

  it('writes the dump on first use; every cluster from it is empty and private', async () => {
    const file = path.join(dir, 'a', 'pglite.tar');
    const template = pgliteTemplate(file);
    const first = await template.create();
    expect(statSync(file).size).toBeGreaterThan(1_000_000);
    await first.exec('create table only_here (id int)');
    const second = await template.create();
    expect((await second.query<{ n: number }>(tables)).rows[0]!.n).toBe(0);
    await Promise.all([first.close(), second.close()]);
    // A second template (another process) reads the same file instead of running initdb.
    const before = statSync(file).mtimeMs;
    const other = await pgliteTemplate(file).create();
    expect((await other.query<{ n: number }>(tables)).rows[0]!.n).toBe(0);
    await other.close();
    expect(statSync(file).mtimeMs).toBe(before);
  });

  it('loads the contrib extensions a DDL asks for', async () => {
    const file = path.join(dir, 'a', 'pglite.tar'); // made by the test above
    const ddl = 'create extension citext; create table t (name citext);';
    const pg = await pgliteTemplate(file).create(await pgliteExtensionsFor(ddl));
    await pg.exec(ddl);
    await pg.exec(`insert into t values ('Ada')`);
    expect((await pg.query(`select * from t where name = 'ADA'`)).rows).toHaveLength(1);
    await pg.close();
  });

  it('a corrupt dump costs an initdb, not a failure, and is dropped', async () => {
    const file = path.join(dir, 'c', 'pglite.tar');
    mkdirSync(path.dirname(file));
    writeFileSync(file, 'not a tar file');
    const pg = await pgliteTemplate(file).create();
    expect((await pg.query<{ n: number }>(tables)).rows[0]!.n).toBe(0);
    await pg.close();
    // Dropped, so the next process writes a good one (as on first use, above).
    expect(existsSync(file)).toBe(false);
  });
});
