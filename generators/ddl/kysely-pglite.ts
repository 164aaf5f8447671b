/**
 * A Kysely instance over the PGlite holding the DDL (in this thread or on its worker,
 * load-worker.ts), for kysely-codegen's `generate()`.
 * kysely-codegen has no PGlite dialect, and the community ones pin older PGlite
 * majors, so Kysely's own PostgresDialect gets a pool-shaped adapter: one shared
 * "connection" (PGlite is single-connection and serialises queries itself).
 * Generation only reads the catalog, so cursors/streaming are not supported.
 */
import { createRequire } from 'node:module';
import type { Kysely as KyselyType, PostgresPool, PostgresQueryResult } from 'kysely';
import type { DdlDatabase } from './load-worker.js';

// Kysely's CommonJS build, the one kysely-codegen itself requires: one copy loaded, through
// require rather than a TypeScript loader's hooks (its ESM build is hundreds of modules).
const { Kysely, PostgresDialect } = createRequire(import.meta.url)(
  'kysely',
) as typeof import('kysely');

// `any`: kysely-codegen introspects whatever is there; there is no DB type yet.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function kyselyOnPglite(pg: DdlDatabase): KyselyType<any> {
  const client = {
    async query<R>(
      sql: string,
      parameters: ReadonlyArray<unknown>,
    ): Promise<PostgresQueryResult<R>> {
      const res = await pg.query(sql, [...parameters]);
      return {
        command: 'SELECT',
        rowCount: res.affectedRows ?? res.rows.length,
        rows: res.rows as R[],
      };
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
