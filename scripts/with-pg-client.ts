/**
 * One short-lived PostgreSQL connection for a CLI run (db:check, db:migrate): a bounded
 * connect timeout so an unreachable server fails fast, and always closed afterwards.
 */
import pg from 'pg';

export async function withPgClient<T>(
  databaseUrl: string,
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
