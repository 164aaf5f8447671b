/**
 * Catalog look-ups tests make on a real PostgreSQL (who is connected, does a table
 * exist). Outside app/, where the ORM-only rule does not apply: these are not queries
 * the application makes, and the catalog is not in the drizzle schema.
 */
import pg from 'pg';

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Sessions other than this one on the URL's database with the given application_name. */
export function connectionsNamed(url: string, applicationName: string): Promise<number> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`,
      [applicationName],
    );
    return rows[0]!.n;
  });
}

/** Whether `public.<name>` exists on the URL's database. */
export function tableExists(url: string, name: string): Promise<boolean> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
      `public.${name}`,
    ]);
    return rows[0]!.t !== null;
  });
}
