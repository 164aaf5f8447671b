/**
 * The login lookup against real databases: emails match in any casing, what
 * normaliseEmail produces is exactly what users_email_normalised_check accepts, and the
 * SQL drizzle sends for the lookup is an index scan on users_email_key (EXPLAIN of its
 * `.toSQL()`), chosen by the planner itself over a few thousand analysed rows, on
 * PostgreSQL and on PGlite. Tests may use raw SQL; app/ may not.
 */
import { ilike } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../app/db/client.js';
import { createTestDatabase } from '../support/test-database.js';
import { users } from '../../generated/db/schema.js';
import { createThrowawayDatabase, postgresAvailable } from '../support/services.js';
import { normaliseEmail } from '../../app/auth/email.js';
import { findUserByEmail, userByEmailQuery } from '../../app/auth/user-lookup.js';

const hasPg = await postgresAvailable();
/** Enough rows that a sequential scan is clearly the planner's worse option. */
const ROWS = 5000;
const HASH = `$2b$10$${'x'.repeat(53)}`;

interface Engine {
  db: Database;
  /** Raw SQL on one connection, for set-up, EXPLAIN and constraint probes. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

async function openPglite(): Promise<Engine> {
  const t = await createTestDatabase();
  return {
    db: t.db,
    query: async <T>(sql: string, params?: unknown[]) =>
      (await t.client.query<T>(sql, params)).rows,
    close: t.close,
  };
}

async function openPostgres(): Promise<Engine> {
  const throwaway = await createThrowawayDatabase('jb_lookup');
  const handle = await createDatabase({
    databaseUrl: throwaway.url,
    migrate: true,
    pool: { max: 2 },
  });
  const client = new pg.Client({ connectionString: throwaway.url });
  await client.connect();
  return {
    db: handle.db,
    query: async <T>(sql: string, params?: unknown[]) =>
      (await client.query(sql, params)).rows as T[],
    close: async () => {
      await client.end();
      await handle.close();
      await throwaway.drop();
    },
  };
}

/** The plan of a drizzle query, as text, for exactly the SQL and parameters it sends. */
async function planOf(e: Engine, query: { toSQL(): { sql: string; params: unknown[] } }) {
  const { sql, params } = query.toSQL();
  const rows = await e.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

const engines = [
  { name: 'PostgreSQL', available: hasPg, open: openPostgres },
  { name: 'PGlite', available: true, open: openPglite },
];

for (const engine of engines) {
  describe.skipIf(!engine.available)(`login lookup on ${engine.name}`, () => {
    let e: Engine;
    beforeAll(async () => {
      e = await engine.open();
      await e.query(
        `INSERT INTO users (email, password_hash, display_name)
         SELECT 'user-' || i || '@example.com', $1, 'User ' || i FROM generate_series(1, ${ROWS}) AS i`,
        [HASH],
      );
      await e.query('ANALYZE users');
    });
    afterAll(async () => e?.close());

    it('finds the user whatever the casing and padding typed', async () => {
      const [row] = await e.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [
        'user-42@example.com',
      ]);
      for (const typed of ['user-42@example.com', 'User-42@Example.COM', '  USER-42@EXAMPLE.COM\t'])
        expect((await findUserByEmail(e.db, typed))?.id, typed).toBe(row!.id);
      expect(await findUserByEmail(e.db, 'user-42@example.co')).toBeUndefined();
    });

    it('EXPLAIN of the SQL drizzle sends: an index scan on users_email_key', async () => {
      const plan = await planOf(e, userByEmailQuery(e.db, 'User-4242@Example.com'));
      expect(plan).toMatch(/Index Scan using users_email_key on users/);
      expect(plan).not.toMatch(/Seq Scan/);
    });

    it('the former ilike lookup scans the table (so the check above can fail)', async () => {
      const former = e.db
        .select({ id: users.id })
        .from(users)
        .where(ilike(users.email, 'user-4242@example.com'));
      const plan = await planOf(e, former);
      expect(plan).toMatch(/Seq Scan on users/);
      expect(plan).not.toMatch(/users_email_key/);
    });

    // What normaliseEmail produces must be a fixed point of the CHECK's lower(btrim()) in
    // this server's locale, non-ASCII case mappings included (ADMIN_EMAIL does not pass
    // the API's email format); what it changes, the CHECK refuses.
    it.each([
      'Ada@Example.COM',
      '  ada@example.com\t',
      'ÄDA@Bücher.DE',
      'İNCİ@example.com',
      'ΣΟΦΙΑ@example.gr',
      'ǅemal@example.com',
    ])('stores normaliseEmail(%j) and refuses it as typed', async (typed) => {
      const email = normaliseEmail(typed);
      expect(email).not.toBe(typed);
      const insert = 'INSERT INTO users (email, password_hash, display_name) VALUES ($1, $2, $3)';
      // One connection, rolled back: the bulk rows stay as they are for the other cases.
      await e.query('BEGIN');
      try {
        await e.query(insert, [email, HASH, 'Normalised']);
        const refused = await e.query(insert, [typed, HASH, 'As typed']).then(
          () => undefined,
          (err: { code?: string; constraint?: string }) => err,
        );
        // Whether lower() maps non-ASCII letters depends on the locale; ASCII never does.
        if (/[A-Z]|^\s|\s$/.test(typed))
          expect(refused).toMatchObject({
            code: '23514',
            constraint: 'users_email_normalised_check',
          });
      } finally {
        await e.query('ROLLBACK');
      }
    });
  });
}
