/**
 * The DDL stage on its worker thread: the same sources as in-process, and a DDL error
 * keeps its message (where in the file, what PostgreSQL said).
 */
import { describe, expect, it } from 'vitest';
import { ddlSources } from './index.js';
import { ddlSourcesInWorker } from './worker.js';

const opts = { ddlPath: 'unused.sql', sourceLabel: 'db/test.sql' };

describe('DDL worker', () => {
  it('returns what ddlSources returns in-process', async () => {
    const ddl = 'create table job (id bigint primary key, tags text[] not null);\n';
    const inProcess = await ddlSources({ ...opts, ddl });
    expect(await ddlSourcesInWorker({ ...opts, ddl })).toEqual(inProcess.files);
  });

  it('rejects with the DDL error, naming the source and the line', async () => {
    const ddl = 'create table ok (id int);\ncreate tabel broken (id int);\n';
    await expect(ddlSourcesInWorker({ ...opts, ddl })).rejects.toThrow(
      /^db\/test\.sql at line 2, column 8: syntax error/,
    );
  });
});
