/**
 * The two database engines a domain suite runs on: embedded PGlite (always) and a
 * throwaway PostgreSQL database (when one is reachable; services.ts prints the SKIP line
 * or, under REQUIRE_SERVICES=1, fails). For `describe.each(await databaseEngines(...))`.
 */
import { createDatabase, type Database } from '../../app/db/client.js';
import { createThrowawayDatabase, postgresAvailable } from './services.js';
import { createTestDatabase } from './test-database.js';

export interface DatabaseEngine {
  name: 'PGlite' | 'PostgreSQL';
  /** A migrated, seeded database; `url` is set on PostgreSQL (for raw EXPLAIN probes). */
  open(): Promise<{ db: Database; url?: string; close(): Promise<void> }>;
}

/** `prefix` names the throwaway PostgreSQL database (one per suite, so runs don't collide). */
export async function databaseEngines(prefix: string): Promise<DatabaseEngine[]> {
  const pglite: DatabaseEngine = { name: 'PGlite', open: () => createTestDatabase() };
  if (!(await postgresAvailable())) return [pglite];
  const postgres: DatabaseEngine = {
    name: 'PostgreSQL',
    open: async () => {
      const throwaway = await createThrowawayDatabase(prefix);
      const handle = await createDatabase({ databaseUrl: throwaway.url, migrate: true });
      return {
        db: handle.db,
        url: throwaway.url,
        close: async () => {
          await handle.close();
          await throwaway.drop();
        },
      };
    },
  };
  return [pglite, postgres];
}
