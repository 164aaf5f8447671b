/**
 * db/schema.sql is the storage contract: it must load as-is into PGlite (the zero-setup
 * and generator database) and into PostgreSQL 15 (production), carry exactly the RBAC
 * matrix of POL-R-001, re-seed idempotently, and its constraints must really fire.
 * Every check runs against both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../support/services.js';
import { openPglite, openPostgres, type Db } from './db-engines.js';
import { firstLiteralsOfInsert, readSchema, splitSchema } from './schema-file.js';
import {
  ENUMS,
  HEX64,
  MATRIX,
  SOME_UUID,
  TABLES,
  insertFixture,
  violations,
  type Fixture,
} from './schema-cases.js';

const schemaText = readSchema();
const { ddl, seed } = splitSchema(schemaText);
const hasPg = await postgresAvailable();

const engines = [
  { name: 'PGlite', available: true, open: openPglite },
  { name: 'PostgreSQL', available: hasPg, open: openPostgres },
];

interface PgError {
  code?: string;
  constraint?: string;
}

/** Runs `fn` in a transaction that is always rolled back, so cases never see each other. */
async function inRollback<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  await db.exec('BEGIN');
  try {
    return await fn();
  } finally {
    await db.exec('ROLLBACK');
  }
}

async function snapshotSeed(db: Db) {
  return {
    roles: await db.query('SELECT code, description FROM roles ORDER BY code'),
    permissions: await db.query('SELECT code, description FROM permissions ORDER BY code'),
    rolePermissions: await db.query(
      'SELECT role_code, permission_code FROM role_permissions ORDER BY role_code, permission_code',
    ),
  };
}

describe('db/schema.sql as text', () => {
  it('keeps the seed in the textual form the spec linter parses', () => {
    const codes = firstLiteralsOfInsert(seed, 'permissions');
    // Each permission once, and exactly the POL-R-001 set (admin holds every one).
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...MATRIX.admin!].sort());
    expect(firstLiteralsOfInsert(seed, 'roles').sort()).toEqual(Object.keys(MATRIX).sort());
    expect(seed).toMatch(
      /^INSERT INTO roles \(code, description\) VALUES\n[\s\S]*?\nON CONFLICT \(code\) DO NOTHING;$/m,
    );
    expect(seed).toMatch(
      /^INSERT INTO permissions \(code, description\) VALUES\n[\s\S]*?\nON CONFLICT \(code\) DO NOTHING;$/m,
    );
    expect(seed).toMatch(
      /^INSERT INTO role_permissions \(role_code, permission_code\) VALUES\n[\s\S]*?\nON CONFLICT DO NOTHING;$/m,
    );
  });

  it('is plain DDL: no IF NOT EXISTS, no extensions', () => {
    expect(schemaText).not.toMatch(/IF NOT EXISTS/i);
    expect(schemaText).not.toMatch(/CREATE EXTENSION/i);
    expect(ddl).not.toMatch(/^\s*(INSERT|UPDATE|DELETE)\b/im);
  });
});

for (const engine of engines) {
  describe.skipIf(!engine.available)(`db/schema.sql on ${engine.name}`, () => {
    let db: Db;
    let f: Fixture;

    beforeAll(async () => {
      db = await engine.open();
      await db.exec(schemaText);
      f = await insertFixture(db);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('creates every table and enum the app needs', async () => {
      const tables = await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(TABLES);
      const enums = await db.query<{ name: string; labels: string[] }>(
        `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
           FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
           JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = 'public'
          GROUP BY t.typname ORDER BY t.typname`,
      );
      expect(Object.fromEntries(enums.map((e) => [e.name, e.labels]))).toEqual(ENUMS);
    });

    it('seeds exactly the POL-R-001 permission matrix', async () => {
      const rows = await db.query<{ role_code: string; permission_code: string }>(
        'SELECT role_code, permission_code FROM role_permissions',
      );
      const actual: Record<string, string[]> = {};
      for (const r of rows) (actual[r.role_code] ??= []).push(r.permission_code);
      for (const perms of Object.values(actual)) perms.sort();
      const expected = Object.fromEntries(
        Object.entries(MATRIX).map(([role, perms]) => [role, [...perms].sort()]),
      );
      expect(actual).toEqual(expected);
      const permissions = await db.query<{ code: string }>(
        'SELECT code FROM permissions ORDER BY code',
      );
      expect(permissions.map((p) => p.code)).toEqual([...MATRIX.admin!].sort());
      const roles = await db.query<{ code: string }>('SELECT code FROM roles ORDER BY code');
      expect(roles.map((r) => r.code)).toEqual(['admin', 'employer', 'job_seeker']);
    });

    it('re-running the seed is a no-op', async () => {
      const before = await snapshotSeed(db);
      await db.exec(seed);
      await db.exec(seed);
      expect(await snapshotSeed(db)).toEqual(before);
    });

    it('declares an explicit ON DELETE other than NO ACTION on every foreign key', async () => {
      const fks = await db.query<{ name: string; action: string }>(
        `SELECT conname AS name, confdeltype AS action FROM pg_constraint
          WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY conname`,
      );
      expect(fks.length).toBeGreaterThanOrEqual(15);
      expect(fks.filter((fk) => fk.action === 'a')).toEqual([]);
    });

    it('names everything in snake_case and comments every table', async () => {
      const names = await db.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'
         UNION SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'
         UNION SELECT typname FROM pg_type WHERE typnamespace = 'public'::regnamespace AND typtype = 'e'
         UNION SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`,
      );
      expect(names.filter((n) => !/^[a-z][a-z0-9_]*$/.test(n.name))).toEqual([]);
      const uncommented = await db.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c
          WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
            AND obj_description(c.oid, 'pg_class') IS NULL`,
      );
      expect(uncommented).toEqual([]);
    });

    it.each(violations)('rejects $name', async (c) => {
      const error = await inRollback(db, async () => {
        for (const [sql, params] of c.before?.(f) ?? []) await db.query(sql, params);
        return db.query(c.sql, c.params(f)).then(
          () => undefined,
          (e: PgError) => e,
        );
      });
      expect(error, 'statement should have been rejected').toBeDefined();
      expect([c.code].flat()).toContain(error!.code);
      if (c.constraint) expect(error!.constraint).toBe(c.constraint);
    });

    it('accepts the valid counterparts (a job lifecycle, an application, a full device set)', async () => {
      await inRollback(db, async () => {
        await db.query(`UPDATE jobs SET status = 'published', published_at = now() WHERE id = $1`, [
          f.draftJob,
        ]);
        await db.query(`UPDATE jobs SET status = 'closed', closed_at = now() WHERE id = $1`, [
          f.draftJob,
        ]);
        await db.query(
          `INSERT INTO applications (job_id, applicant_id, resume_url) VALUES ($1, $2, 'https://cv.example/a')`,
          [f.publishedJob, f.seeker],
        );
        await db.query(
          `INSERT INTO applications (job_id, applicant_id, resume_url) VALUES ($1, $2, 'https://cv.example/a')`,
          [f.publishedJob, f.employer],
        );
        await db.query(`INSERT INTO company_members (company_id, user_id) VALUES ($1, $2)`, [
          f.company,
          f.seeker,
        ]);
        for (let i = 0; i < 5; i++)
          await db.query(`INSERT INTO devices (user_id, name) VALUES ($1, $2)`, [
            f.seeker,
            `d${i}`,
          ]);
        const [row] = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM devices WHERE user_id = $1 AND revoked_at IS NULL`,
          [f.seeker],
        );
        expect(row!.n).toBe(5);
      });
    });

    it('cascades and nulls on user deletion as declared', async () => {
      await inRollback(db, async () => {
        const [device] = await db.query<{ id: string }>(
          `INSERT INTO devices (user_id, name) VALUES ($1, 'phone') RETURNING id`,
          [f.seeker],
        );
        await db.query(
          `INSERT INTO refresh_tokens (device_id, user_id, family_id, token_hash, expires_at)
           VALUES ($1, $2, gen_random_uuid(), $3, now() + interval '1 day')`,
          [device!.id, f.seeker, HEX64],
        );
        await db.query(
          `INSERT INTO applications (job_id, applicant_id, resume_url) VALUES ($1, $2, 'https://cv.example/a')`,
          [f.publishedJob, f.seeker],
        );
        await db.query(
          `INSERT INTO audit_log (actor_id, action, ip) VALUES ($1, 'auth.login', '203.0.113.7')`,
          [f.seeker],
        );
        await db.query(`DELETE FROM users WHERE id = $1`, [f.seeker]);
        const counts = await db.query<{
          devices: number;
          tokens: number;
          apps: number;
          audit: number;
        }>(
          `SELECT (SELECT count(*)::int FROM devices WHERE user_id = $1) AS devices,
                  (SELECT count(*)::int FROM refresh_tokens WHERE user_id = $1) AS tokens,
                  (SELECT count(*)::int FROM applications WHERE applicant_id = $1) AS apps,
                  (SELECT count(*)::int FROM audit_log WHERE action = 'auth.login' AND actor_id IS NULL) AS audit`,
          [f.seeker],
        );
        expect(counts[0]).toEqual({ devices: 0, tokens: 0, apps: 0, audit: 1 });
      });
    });

    it('finds published jobs by full-text search on the generated column', async () => {
      const hits = await db.query<{ id: string }>(
        `SELECT id FROM jobs WHERE status = 'published' AND search_vector @@ websearch_to_tsquery('english', $1)`,
        ['typescript developers'],
      );
      expect(hits.map((h) => h.id)).toEqual([f.publishedJob]);
      const misses = await db.query(
        `SELECT id FROM jobs WHERE search_vector @@ websearch_to_tsquery('english', $1)`,
        ['cobol'],
      );
      expect(misses).toEqual([]);
      const tagged = await db.query<{ id: string }>(
        `SELECT id FROM jobs WHERE tags @> $1::text[]`,
        [['postgresql']],
      );
      expect(tagged.map((t) => t.id)).toEqual([f.publishedJob]);
    });

    // The planner is told to avoid sequential scans, so a query shape without a matching
    // index shows up as a plan without that index.
    it.each([
      {
        index: 'jobs_published_cursor_idx',
        sql: `SELECT id FROM jobs WHERE status = 'published' AND (published_at, id) < (now(), '${SOME_UUID}'::uuid)
              ORDER BY published_at DESC, id DESC LIMIT 20`,
      },
      {
        index: 'jobs_published_salary_max_idx',
        sql: `SELECT id FROM jobs WHERE status = 'published' ORDER BY salary_max DESC NULLS LAST, id DESC LIMIT 20`,
      },
      {
        index: 'jobs_published_salary_min_idx',
        sql: `SELECT id FROM jobs WHERE status = 'published' AND (salary_min, id) > (50000, '${SOME_UUID}'::uuid)
              ORDER BY salary_min, id LIMIT 20`,
      },
      {
        index: 'jobs_company_idx',
        sql: `SELECT id FROM jobs WHERE company_id = '${SOME_UUID}' ORDER BY created_at DESC, id DESC LIMIT 20`,
      },
      { index: 'jobs_tags_idx', sql: `SELECT id FROM jobs WHERE tags @> '{typescript}'` },
      {
        index: 'jobs_search_idx',
        sql: `SELECT id FROM jobs WHERE search_vector @@ websearch_to_tsquery('english', 'typescript')`,
      },
      {
        index: 'jobs_location_idx',
        sql: `SELECT id FROM jobs WHERE status = 'published' AND lower(location) = 'berlin'`,
      },
      {
        // The login lookup (app/auth/user-lookup.ts): emails are stored normalised.
        index: 'users_email_key',
        sql: `SELECT id, password_hash FROM users WHERE email = 'emma@example.com' LIMIT 1`,
      },
      {
        index: 'devices_user_active_idx',
        sql: `SELECT id FROM devices WHERE user_id = '${SOME_UUID}' AND revoked_at IS NULL ORDER BY last_used_at LIMIT 1`,
      },
      {
        index: 'applications_applicant_idx',
        sql: `SELECT id FROM applications WHERE applicant_id = '${SOME_UUID}' ORDER BY created_at DESC, id DESC LIMIT 20`,
      },
      {
        index: 'audit_log_action_idx',
        sql: `SELECT id FROM audit_log WHERE action = 'auth.login_failed' ORDER BY occurred_at DESC LIMIT 50`,
      },
      {
        index: 'audit_log_occurred_at_idx',
        sql: `SELECT id FROM audit_log ORDER BY occurred_at DESC, id DESC LIMIT 50`,
      },
    ])('serves "$index" query shapes from that index', async ({ index, sql }) => {
      const plan = await inRollback(db, async () => {
        await db.exec('SET LOCAL enable_seqscan = off');
        const rows = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain(index);
    });
  });
}
