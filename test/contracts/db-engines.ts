/**
 * The two engines db/schema.sql must load into, behind one tiny interface: a fresh
 * in-memory PGlite, and a throwaway database on the test PostgreSQL (dropped on close).
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createThrowawayDatabase } from '../support/services.js';

export interface Db {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function openPglite(): Promise<Db> {
  const db = await PGlite.create();
  return {
    exec: async (sql) => void (await db.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    close: () => db.close(),
  };
}

export async function openPostgres(): Promise<Db> {
  const { url, drop } = await createThrowawayDatabase('jb_schema');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    // Without parameters, pg uses the simple protocol, which runs a multi-statement script.
    exec: async (sql) => void (await client.query(sql)),
    query: async <T>(sql: string, params?: unknown[]) =>
      (await client.query(sql, params)).rows as T[],
    close: async () => {
      await client.end();
      await drop();
    },
  };
}
