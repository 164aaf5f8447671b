import { describe, expect, it } from 'vitest';
import { introspect } from './introspect.js';
import { loadDdl, requestedExtensions } from './load.js';

describe('requestedExtensions', () => {
  it.each([
    ['CREATE EXTENSION pg_trgm;', ['pg_trgm']],
    [
      'create extension if not exists "uuid-ossp";\nCREATE EXTENSION citext;',
      ['uuid-ossp', 'citext'],
    ],
    ['CREATE TABLE t (id int);', []],
  ])('%s', (ddl, names) => {
    expect(requestedExtensions(ddl)).toEqual(names);
  });
});

describe('loadDdl', () => {
  // Its errors, shared with the worker thread's load: load-worker.test.ts.
  it('loads contrib extensions the DDL asks for (pg_trgm opclass, citext type)', async () => {
    const db = await loadDdl(
      `CREATE EXTENSION pg_trgm; CREATE EXTENSION citext;
       CREATE TABLE t (id int PRIMARY KEY, name citext NOT NULL);
       CREATE INDEX t_name_trgm ON t USING gin (name gin_trgm_ops);`,
      'ext.sql',
    );
    try {
      const schema = await introspect((sql, params) => db.query(sql, params));
      const t = schema.tables[0]!;
      expect(t.columns[1]!.type).toMatchObject({ name: 'citext', isEnum: false });
      expect(t.indexes[0]!.elements[0]!.opclass).toBe('gin_trgm_ops');
    } finally {
      await db.close();
    }
  });
});
