/**
 * The expectations of test/contracts/schema-seed.test.ts, as data: the POL-R-001 matrix,
 * the tables and enums, a small fixture, and the statements the constraints must refuse.
 */
import type { Db } from './db-engines.js';

/** POL-R-001, written out independently of db/schema.sql. */
export const MATRIX: Record<string, string[]> = {
  job_seeker: [
    'auth:self',
    'applications:create',
    'applications:read_own',
    'applications:withdraw',
    'profiles:manage_own',
    'recommendations:read_own',
  ],
  employer: [
    'auth:self',
    'companies:create',
    'companies:update',
    'jobs:create',
    'jobs:update',
    'jobs:publish',
    'jobs:close',
    'applications:review',
    'candidates:read',
  ],
  admin: [
    'auth:self',
    'companies:create',
    'companies:update',
    'jobs:create',
    'jobs:update',
    'jobs:publish',
    'jobs:close',
    'applications:create',
    'applications:review',
    'applications:read_own',
    'applications:withdraw',
    'users:read',
    'users:update',
    'audit:read',
    'profiles:manage_own',
    'recommendations:read_own',
    'candidates:read',
  ],
};

export const TABLES = [
  'applications',
  'audit_log',
  'companies',
  'company_members',
  'devices',
  'idempotency_keys',
  'jobs',
  'permissions',
  'refresh_tokens',
  'role_permissions',
  'roles',
  'seeker_profiles',
  'users',
];

export const ENUMS: Record<string, string[]> = {
  application_status: [
    'submitted',
    'reviewing',
    'interviewing',
    'offered',
    'hired',
    'rejected',
    'withdrawn',
  ],
  company_member_role: ['owner', 'member'],
  employment_type: ['full_time', 'part_time', 'contract', 'internship', 'temporary'],
  job_status: ['draft', 'published', 'closed'],
  remote_preference: ['remote', 'onsite', 'any'],
  revocation_reason: [
    'logout',
    'logout_all',
    'password_change',
    'device_revoked',
    'device_limit',
    'token_reuse',
    'user_suspended',
    'expired',
  ],
  user_status: ['active', 'suspended'],
};

/** Rows every constraint case can lean on; created once per engine. */
export interface Fixture {
  employer: string;
  seeker: string;
  company: string;
  publishedJob: string;
  draftJob: string;
}

export async function insertFixture(db: Db): Promise<Fixture> {
  const one = async (sql: string, params: unknown[]) =>
    (await db.query<{ id: string }>(sql, params))[0]!.id;
  const hash = '$2b$10$abcdefghijklmnopqrstuuM0n0r1Ml1ndLbB3W0fWn6o0lTyHqKy';
  const employer = await one(
    `INSERT INTO users (email, password_hash, display_name, role_code) VALUES ($1, $2, 'Emma', 'employer') RETURNING id`,
    ['emma@example.com', hash],
  );
  const seeker = await one(
    `INSERT INTO users (email, password_hash, display_name) VALUES ($1, $2, 'Sam') RETURNING id`,
    ['sam@example.com', hash],
  );
  const company = await one(
    `INSERT INTO companies (name, created_by) VALUES ('Acme', $1) RETURNING id`,
    [employer],
  );
  await db.query(
    `INSERT INTO company_members (company_id, user_id, member_role) VALUES ($1, $2, 'owner')`,
    [company, employer],
  );
  const publishedJob = await one(
    `INSERT INTO jobs (company_id, title, description, employment_type, salary_min, salary_max, currency, tags,
                       status, published_at, created_by)
     VALUES ($1, 'Senior TypeScript Developer', 'Build contract-first APIs with Hono and PostgreSQL',
             'full_time', 60000, 90000, 'EUR', '{typescript,postgresql}', 'published', now(), $2)
     RETURNING id`,
    [company, employer],
  );
  const draftJob = await one(
    `INSERT INTO jobs (company_id, title, description, employment_type) VALUES ($1, 'Draft', 'Not yet', 'contract') RETURNING id`,
    [company],
  );
  return { employer, seeker, company, publishedJob, draftJob };
}

export interface ViolationCase {
  name: string;
  /** Statements that must succeed first (inside the same rolled-back transaction). */
  before?: (f: Fixture) => [string, unknown[]][];
  sql: string;
  params: (f: Fixture) => unknown[];
  /** SQLSTATE; a list where engines differ. */
  code: string | string[];
  constraint?: string;
}

export const HEX64 = 'a'.repeat(64);
const DEVICE_ID = '00000000-0000-4000-8000-000000000001';
export const SOME_UUID = '00000000-0000-4000-8000-0000000000ff';
const JOB_COLS = `company_id, title, description, employment_type`;

export const violations: ViolationCase[] = [
  {
    name: 'salary_min > salary_max',
    sql: `INSERT INTO jobs (${JOB_COLS}, salary_min, salary_max, currency) VALUES ($1, 't', 'd', 'full_time', 90000, 60000, 'EUR')`,
    params: (f) => [f.company],
    code: '23514',
    constraint: 'jobs_salary_range_check',
  },
  {
    name: 'negative salary',
    sql: `INSERT INTO jobs (${JOB_COLS}, salary_min, currency) VALUES ($1, 't', 'd', 'full_time', -1, 'EUR')`,
    params: (f) => [f.company],
    code: '23514',
    constraint: 'jobs_salary_min_check',
  },
  {
    name: 'salary without currency',
    sql: `INSERT INTO jobs (${JOB_COLS}, salary_max) VALUES ($1, 't', 'd', 'full_time', 1000)`,
    params: (f) => [f.company],
    code: '23514',
    constraint: 'jobs_currency_with_salary_check',
  },
  {
    name: 'published job without published_at',
    sql: `INSERT INTO jobs (${JOB_COLS}, status) VALUES ($1, 't', 'd', 'full_time', 'published')`,
    params: (f) => [f.company],
    code: '23514',
    constraint: 'jobs_status_timestamps_check',
  },
  {
    name: 'draft job with closed_at',
    sql: `UPDATE jobs SET closed_at = now() WHERE id = $1`,
    params: (f) => [f.draftJob],
    code: '23514',
    constraint: 'jobs_status_timestamps_check',
  },
  {
    name: 'closing a job that was never published',
    sql: `UPDATE jobs SET status = 'closed', closed_at = now() WHERE id = $1`,
    params: (f) => [f.draftJob],
    code: '23514',
    constraint: 'jobs_status_timestamps_check',
  },
  {
    // A CHECK passes on NULL; closed_at >= published_at alone would let this through.
    name: 'closed job without closed_at',
    sql: `UPDATE jobs SET status = 'closed' WHERE id = $1`,
    params: (f) => [f.publishedJob],
    code: '23514',
    constraint: 'jobs_status_timestamps_check',
  },
  {
    name: 'salary above the API maximum',
    sql: `UPDATE jobs SET salary_max = 1000000001 WHERE id = $1`,
    params: (f) => [f.publishedJob],
    code: '23514',
    constraint: 'jobs_salary_max_check',
  },
  {
    name: 'application without a resume_url',
    sql: `INSERT INTO applications (job_id, applicant_id) VALUES ($1, $2)`,
    params: (f) => [f.publishedJob, f.seeker],
    code: '23502',
  },
  {
    name: 'NULL tag',
    sql: `UPDATE jobs SET tags = ARRAY['a', NULL] WHERE id = $1`,
    params: (f) => [f.draftJob],
    code: '23514',
    constraint: 'jobs_tags_check',
  },
  {
    name: 'duplicate application',
    before: (f) => [
      [
        `INSERT INTO applications (job_id, applicant_id, resume_url) VALUES ($1, $2, 'https://cv.example/a')`,
        [f.publishedJob, f.seeker],
      ],
    ],
    sql: `INSERT INTO applications (job_id, applicant_id, resume_url) VALUES ($1, $2, 'https://cv.example/b')`,
    params: (f) => [f.publishedJob, f.seeker],
    code: '23505',
    constraint: 'applications_job_applicant_key',
  },
  {
    name: 'unknown application status',
    sql: `INSERT INTO applications (job_id, applicant_id, resume_url, status) VALUES ($1, $2, 'https://cv.example/a', 'accepted')`,
    params: (f) => [f.publishedJob, f.seeker],
    code: '22P02',
  },
  {
    name: 'deleting a job that has applications',
    before: (f) => [
      [
        `INSERT INTO applications (job_id, applicant_id, resume_url) VALUES ($1, $2, 'https://cv.example/a')`,
        [f.publishedJob, f.seeker],
      ],
    ],
    sql: `DELETE FROM jobs WHERE id = $1`,
    params: (f) => [f.publishedJob],
    // PostgreSQL 18 (PGlite 0.5) reports RESTRICT as restrict_violation; 15 as foreign_key_violation.
    code: ['23503', '23001'],
    constraint: 'applications_job_id_fkey',
  },
  {
    name: 'duplicate email',
    sql: `INSERT INTO users (email, password_hash, display_name) VALUES ('emma@example.com', $1, 'Other')`,
    params: () => ['x'.repeat(60)],
    code: '23505',
    constraint: 'users_email_key',
  },
  // Emails are stored normalised (trimmed, lower-case), so a duplicate in another casing
  // cannot slip past the plain unique key: it is refused before it gets there.
  ...['emma@EXAMPLE.com', ' emma@example.com', 'emma@example.com '].map((email): ViolationCase => ({
    name: `email not normalised (${JSON.stringify(email)})`,
    sql: `INSERT INTO users (email, password_hash, display_name) VALUES ($1, $2, 'Other')`,
    params: () => [email, 'x'.repeat(60)],
    code: '23514',
    constraint: 'users_email_normalised_check',
  })),
  {
    name: 'unknown role',
    sql: `INSERT INTO users (email, password_hash, display_name, role_code) VALUES ('root@example.com', $1, 'R', 'superuser')`,
    params: () => ['x'.repeat(60)],
    code: '23503',
    constraint: 'users_role_code_fkey',
  },
  {
    name: 'email longer than 254',
    sql: `INSERT INTO users (email, password_hash, display_name) VALUES ($1, $2, 'Long')`,
    params: () => [`${'a'.repeat(243)}@example.com`, 'x'.repeat(60)],
    code: '23514',
    constraint: 'users_email_check',
  },
  {
    name: 'display_name longer than 100',
    sql: `INSERT INTO users (email, password_hash, display_name) VALUES ('long@example.com', $1, $2)`,
    params: () => ['x'.repeat(60), 'n'.repeat(101)],
    code: '23514',
    constraint: 'users_display_name_check',
  },
  {
    name: 'second owner of a company',
    sql: `INSERT INTO company_members (company_id, user_id, member_role) VALUES ($1, $2, 'owner')`,
    params: (f) => [f.company, f.seeker],
    code: '23505',
    constraint: 'company_members_one_owner_key',
  },
  {
    name: 'device revoked without a reason',
    sql: `INSERT INTO devices (user_id, name, revoked_at) VALUES ($1, 'phone', now())`,
    params: (f) => [f.seeker],
    code: '23514',
    constraint: 'devices_check',
  },
  {
    name: 'refresh token stored in clear instead of its sha-256 hex',
    before: (f) => [
      [`INSERT INTO devices (id, user_id, name) VALUES ($1, $2, 'phone')`, [DEVICE_ID, f.seeker]],
    ],
    sql: `INSERT INTO refresh_tokens (device_id, user_id, family_id, token_hash, expires_at)
          VALUES ($1, $2, gen_random_uuid(), 'my-opaque-token', now() + interval '1 day')`,
    params: (f) => [DEVICE_ID, f.seeker],
    code: '23514',
    constraint: 'refresh_tokens_token_hash_check',
  },
  {
    name: 'duplicate refresh token hash',
    before: (f) => [
      [`INSERT INTO devices (id, user_id, name) VALUES ($1, $2, 'phone')`, [DEVICE_ID, f.seeker]],
      [
        `INSERT INTO refresh_tokens (device_id, user_id, family_id, token_hash, expires_at)
         VALUES ($1, $2, gen_random_uuid(), $3, now() + interval '1 day')`,
        [DEVICE_ID, f.seeker, HEX64],
      ],
    ],
    sql: `INSERT INTO refresh_tokens (device_id, user_id, family_id, token_hash, expires_at)
          VALUES ($1, $2, gen_random_uuid(), $3, now() + interval '1 day')`,
    params: (f) => [DEVICE_ID, f.seeker, HEX64],
    code: '23505',
    constraint: 'refresh_tokens_token_hash_key',
  },
  {
    name: 'idempotency key reused by the same user',
    before: (f) => [
      [
        `INSERT INTO idempotency_keys (user_id, key, operation_id, request_hash, expires_at)
         VALUES ($1, 'k1', 'applyToJob', $2, now() + interval '1 day')`,
        [f.seeker, HEX64],
      ],
    ],
    sql: `INSERT INTO idempotency_keys (user_id, key, operation_id, request_hash, expires_at)
          VALUES ($1, 'k1', 'applyToJob', $2, now() + interval '1 day')`,
    params: (f) => [f.seeker, HEX64],
    code: '23505',
    constraint: 'idempotency_keys_pkey',
  },
  {
    name: 'audit ip that is not an address',
    sql: `INSERT INTO audit_log (action, ip) VALUES ('auth.login', 'not-an-ip')`,
    params: () => [],
    code: '22P02',
  },
];
