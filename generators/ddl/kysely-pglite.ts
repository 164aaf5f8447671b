/**
 * A Kysely instance over an in-process PGlite, for kysely-codegen's `generate()`.
 * kysely-codegen has no PGlite dialect, and the community ones pin older PGlite
 * majors, so Kysely's own PostgresDialect gets a pool-shaped adapter: one shared
 * "connection" (PGlite is single-connection and serialises queries itself).
 * Generation only reads the catalog, so cursors/streaming are not supported.
 */
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresQueryResult } from 'kysely';

// `any`: kysely-codegen introspects whatever is there; there is no DB type yet.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function kyselyOnPglite(pg: PGlite): Kysely<any> {
  const client = {
    async query<R>(
      sql: string,
      parameters: ReadonlyArray<unknown>,
    ): Promise<PostgresQueryResult<R>> {
      const res = await pg.query<R>(sql, [...parameters]);
      return { command: 'SELECT', rowCount: res.affectedRows ?? res.rows.length, rows: res.rows };
    },
    release() {},
  };
  const pool = {
    connect: async () => client,
    // The PGlite instance belongs to the caller; destroying Kysely must not close it.
    end: async () => {},
  } as unknown as PostgresPool;
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}
