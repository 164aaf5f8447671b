-- db/schema.sql: the storage contract of the job-board (MISSION §5–6).
--
-- This file is the truth (spec-coding rule 4): drizzle models and kysely types are
-- generated from it, and the DB drift check compares live databases with it.
-- Plain DDL, run once on an empty database; it must load unchanged into PostgreSQL 15+
-- and into PGlite (no extensions). The seed rows at the end are idempotent and keep a
-- fixed textual form, because the spec linter reads the permission codes from this text.
--
-- Conventions: snake_case everywhere; uuid keys from gen_random_uuid() (core since PG13);
-- timestamptz for instants; every FK states its ON DELETE; text columns carry the same
-- length limits as the API (openapi/api-spec.yaml maxLength), so a request the API
-- accepts always fits and a bug that bypasses validation is still stopped here.
-- updated_at is set by the app (drizzle), not by triggers.

-- ---------------------------------------------------------------------------
-- Enums
-- ---------------------------------------------------------------------------

CREATE TYPE user_status AS ENUM ('active', 'suspended');

CREATE TYPE revocation_reason AS ENUM (
  'logout',            -- POST /auth/logout on this device
  'logout_all',        -- logout everywhere
  'password_change',   -- password changed: every device ends
  'device_revoked',    -- the user revoked this device from the device list
  'device_limit',      -- POL-A-002: evicted as least recently used by a sixth login
  'token_reuse',       -- POL-A-004: an already-used refresh token was presented
  'user_suspended',    -- an admin suspended the user
  'expired'            -- housekeeping of expired rows
);

CREATE TYPE company_member_role AS ENUM ('owner', 'member');

CREATE TYPE employment_type AS ENUM ('full_time', 'part_time', 'contract', 'internship', 'temporary');

CREATE TYPE job_status AS ENUM ('draft', 'published', 'closed');

CREATE TYPE application_status AS ENUM (
  'submitted', 'reviewing', 'interviewing', 'offered', 'hired', 'rejected', 'withdrawn'
);

CREATE TYPE remote_preference AS ENUM ('remote', 'onsite', 'any');

-- ---------------------------------------------------------------------------
-- RBAC (POL-R-001): roles, permissions and the matrix, seeded below
-- ---------------------------------------------------------------------------

CREATE TABLE roles (
  code        text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]{1,30}$'),
  description text NOT NULL CHECK (char_length(description) <= 200)
);
COMMENT ON TABLE roles IS 'RBAC roles (POL-R-001). Rows come from the seed in db/schema.sql only.';

CREATE TABLE permissions (
  code        text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]*:[a-z][a-z_]*$'),
  description text NOT NULL CHECK (char_length(description) <= 200)
);
COMMENT ON TABLE permissions IS 'RBAC permissions, named resource:action. Operations reference them with x-permission.';

CREATE TABLE role_permissions (
  role_code       text NOT NULL REFERENCES roles (code) ON DELETE CASCADE,
  permission_code text NOT NULL REFERENCES permissions (code) ON DELETE CASCADE,
  PRIMARY KEY (role_code, permission_code)
);
COMMENT ON TABLE role_permissions IS 'The permission matrix: a role holds exactly the permissions listed here (default deny).';

-- ---------------------------------------------------------------------------
-- Users and their sessions (POL-A-002, POL-A-004, POL-A-005)
-- ---------------------------------------------------------------------------

CREATE TABLE users (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email               text NOT NULL CHECK (char_length(email) <= 254 AND position('@' IN email) > 1),
  password_hash       text NOT NULL CHECK (char_length(password_hash) BETWEEN 20 AND 255),
  display_name        text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 100),
  role_code           text NOT NULL DEFAULT 'job_seeker' REFERENCES roles (code) ON DELETE RESTRICT,
  status              user_status NOT NULL DEFAULT 'active',
  tokens_valid_after  timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  token_generation    integer NOT NULL DEFAULT 0 CHECK (token_generation >= 0),
  CHECK (updated_at >= created_at),
  -- Stored normalised, so a login is an equality lookup on users_email_key (an index scan);
  -- the app normalises with the same rule (app/auth/email.ts normaliseEmail).
  CONSTRAINT users_email_normalised_check CHECK (email = lower(btrim(email))),
  CONSTRAINT users_email_key UNIQUE (email)
);
CREATE INDEX users_created_at_idx ON users (created_at DESC, id DESC);
COMMENT ON TABLE users IS 'Accounts. Never deleted by the app: admins suspend them.';
COMMENT ON COLUMN users.email IS 'Normalised (trimmed, lower-case), so uniqueness and lookups are case-insensitive through a plain unique index. The casing a user typed is not kept: nothing displays it.';
COMMENT ON COLUMN users.password_hash IS 'bcrypt hash (POL-A-003). Never returned by the API.';
COMMENT ON COLUMN users.tokens_valid_after IS 'POL-A-005 durable backstop: access tokens issued before this instant are rejected even if the denylist lost them. NULL means no cut-off.';
COMMENT ON COLUMN users.token_generation IS 'POL-A-005: access tokens carry the generation they were issued under (claim gen); raising it (role change, suspension, logout everywhere, password change) voids every older token, exactly, with no clock comparison.';

CREATE TABLE devices (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name            text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  user_agent      text CHECK (char_length(user_agent) <= 512),
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_used_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at      timestamptz,
  revoked_reason  revocation_reason,
  CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL)),
  CHECK (last_used_at >= created_at)
);
-- POL-A-002: "active devices of a user, least recently used first" (count and eviction).
CREATE INDEX devices_user_active_idx ON devices (user_id, last_used_at DESC) WHERE revoked_at IS NULL;
CREATE INDEX devices_user_idx ON devices (user_id, created_at DESC);
COMMENT ON TABLE devices IS 'One row per login session (POL-A-002: at most 5 active per user). Access tokens carry the device id.';
COMMENT ON COLUMN devices.name IS 'Client-supplied label, or derived from the user agent.';
COMMENT ON COLUMN devices.last_used_at IS 'Bumped on login and refresh; the least recent active device is evicted by a sixth login.';
COMMENT ON COLUMN devices.revoked_at IS 'Set once; a revoked device never becomes active again. Its access tokens are rejected.';

CREATE TABLE refresh_tokens (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  device_id       uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id       uuid NOT NULL,
  token_hash      text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  parent_id       uuid REFERENCES refresh_tokens (id) ON DELETE SET NULL,
  issued_at       timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  used_at         timestamptz,
  revoked_at      timestamptz,
  revoked_reason  revocation_reason,
  CHECK (expires_at > issued_at),
  CHECK (used_at IS NULL OR used_at >= issued_at),
  CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_device_idx ON refresh_tokens (device_id) WHERE revoked_at IS NULL;
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_parent_idx ON refresh_tokens (parent_id);
CREATE INDEX refresh_tokens_expires_at_idx ON refresh_tokens (expires_at);
COMMENT ON TABLE refresh_tokens IS 'POL-A-004: opaque refresh tokens, single use, rotated on every use. Only their hash is stored.';
COMMENT ON COLUMN refresh_tokens.family_id IS 'Shared by every token of one rotation chain (one login). Reuse of a used token revokes the whole family.';
COMMENT ON COLUMN refresh_tokens.token_hash IS 'Lower-case hex SHA-256 of the opaque token; the token itself is never stored.';
COMMENT ON COLUMN refresh_tokens.parent_id IS 'The token this one replaced in the rotation chain; NULL for the first token of a login.';
COMMENT ON COLUMN refresh_tokens.used_at IS 'Set when the token is exchanged. A second presentation is reuse (POL-A-004).';

-- ---------------------------------------------------------------------------
-- Companies and jobs (POL-J-001..POL-J-003, POL-J-006)
-- ---------------------------------------------------------------------------

CREATE TABLE companies (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  description  text CHECK (char_length(description) <= 5000),
  website      text CHECK (char_length(website) <= 2048 AND website ~ '^https?://'),
  location     text CHECK (char_length(location) <= 200),
  created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (updated_at >= created_at)
);
CREATE INDEX companies_created_by_idx ON companies (created_by);
COMMENT ON TABLE companies IS 'Employers'' companies. Edited only by their members (POL-J-001).';

CREATE TABLE company_members (
  company_id   uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  member_role  company_member_role NOT NULL DEFAULT 'member',
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (company_id, user_id)
);
CREATE INDEX company_members_user_idx ON company_members (user_id);
CREATE UNIQUE INDEX company_members_one_owner_key ON company_members (company_id) WHERE member_role = 'owner';
COMMENT ON TABLE company_members IS 'Which employers act for which company (POL-J-001: only members edit the company and its jobs).';
COMMENT ON COLUMN company_members.member_role IS 'owner: the creator, one per company; member: other employers of the company.';

CREATE TABLE jobs (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id       uuid NOT NULL REFERENCES companies (id) ON DELETE RESTRICT,
  title            text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  description      text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 20000),
  location         text CHECK (char_length(location) <= 200),
  remote           boolean NOT NULL DEFAULT false,
  employment_type  employment_type NOT NULL,
  salary_min       integer CHECK (salary_min BETWEEN 0 AND 1000000000),
  salary_max       integer CHECK (salary_max BETWEEN 0 AND 1000000000),
  currency         char(3) CHECK (currency ~ '^[A-Z]{3}$'),
  tags             text[] NOT NULL DEFAULT '{}'
                   CHECK (cardinality(tags) <= 20 AND array_position(tags, NULL) IS NULL),
  status           job_status NOT NULL DEFAULT 'draft',
  published_at     timestamptz,
  closed_at        timestamptz,
  created_by       uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  search_vector    tsvector NOT NULL GENERATED ALWAYS AS (
                     setweight(to_tsvector('english'::regconfig, title), 'A') ||
                     setweight(to_tsvector('english'::regconfig, description), 'B')
                   ) STORED,
  -- POL-J-003
  CONSTRAINT jobs_salary_range_check CHECK (salary_min <= salary_max),
  CONSTRAINT jobs_currency_with_salary_check
    CHECK ((salary_min IS NULL AND salary_max IS NULL) OR currency IS NOT NULL),
  -- POL-J-006: status and its timestamps move together along draft -> published -> closed.
  CONSTRAINT jobs_status_timestamps_check CHECK (
    CASE status
      WHEN 'draft' THEN published_at IS NULL AND closed_at IS NULL
      WHEN 'published' THEN published_at IS NOT NULL AND closed_at IS NULL
      WHEN 'closed' THEN published_at IS NOT NULL AND closed_at IS NOT NULL AND closed_at >= published_at
    END
  ),
  CHECK (updated_at >= created_at)
);
-- listJobs, default order: newest published first, keyset cursor (published_at, id).
CREATE INDEX jobs_published_cursor_idx ON jobs (published_at DESC, id DESC) WHERE status = 'published';
-- listJobs sort=-salaryMax (keyset (salary_max, id), jobs without salary last: the query
-- must say DESC NULLS LAST to use it) and the salaryMin filter (salary_max >= :min).
CREATE INDEX jobs_published_salary_max_idx ON jobs (salary_max DESC NULLS LAST, id DESC) WHERE status = 'published';
-- listJobs sort=salaryMin (keyset (salary_min, id), ascending) and the salaryMax filter.
CREATE INDEX jobs_published_salary_min_idx ON jobs (salary_min, id) WHERE status = 'published';
CREATE INDEX jobs_tags_idx ON jobs USING gin (tags);
CREATE INDEX jobs_search_idx ON jobs USING gin (search_vector);
-- Equality and prefix matches on lower(location); a substring match cannot use a btree
-- (pg_trgm would be needed) and filters the published rows instead.
CREATE INDEX jobs_location_idx ON jobs (lower(location) text_pattern_ops) WHERE status = 'published';
-- the employer's own list (any status) and the company page.
CREATE INDEX jobs_company_idx ON jobs (company_id, created_at DESC, id DESC);
CREATE INDEX jobs_created_by_idx ON jobs (created_by);
COMMENT ON TABLE jobs IS 'Job postings. Only status=published rows are listed and take applications; drafts are visible to their company only (POL-J-002).';
COMMENT ON COLUMN jobs.salary_min IS 'Yearly gross, whole units of currency; salary_min <= salary_max (POL-J-003).';
COMMENT ON COLUMN jobs.currency IS 'ISO 4217 code; required when a salary is given.';
COMMENT ON COLUMN jobs.tags IS 'Skills and keywords; filtered with @> / && (GIN index), used by matching.';
COMMENT ON COLUMN jobs.published_at IS 'Set when published; with id, the keyset cursor of listJobs.';
COMMENT ON COLUMN jobs.search_vector IS 'Generated: English full-text vector of title (weight A) and description (weight B). Read-only.';

-- ---------------------------------------------------------------------------
-- Applications (POL-J-004, POL-J-005, POL-J-007)
-- ---------------------------------------------------------------------------

CREATE TABLE applications (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job_id        uuid NOT NULL REFERENCES jobs (id) ON DELETE RESTRICT,
  applicant_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  cover_letter  text CHECK (char_length(cover_letter) <= 10000),
  resume_url    text NOT NULL CHECK (char_length(resume_url) <= 2048 AND resume_url ~ '^https?://'),
  status        application_status NOT NULL DEFAULT 'submitted',
  status_note   text CHECK (char_length(status_note) <= 2000),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  -- POL-J-004
  CONSTRAINT applications_job_applicant_key UNIQUE (job_id, applicant_id),
  CHECK (updated_at >= created_at)
);
CREATE INDEX applications_applicant_idx ON applications (applicant_id, created_at DESC, id DESC);
CREATE INDEX applications_job_idx ON applications (job_id, created_at DESC, id DESC);
COMMENT ON TABLE applications IS 'A job seeker''s application, one per seeker per job. Visible only to the applicant and the owning company''s employers (POL-J-005).';
COMMENT ON COLUMN applications.status_note IS 'The employer''s note on the latest status change, shown to the applicant (also recorded in the audit log).';

-- ---------------------------------------------------------------------------
-- Matching (Phase 1 preview, app/match): the job seeker's profile
-- ---------------------------------------------------------------------------

CREATE TABLE seeker_profiles (
  user_id            uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  headline           text CHECK (char_length(headline) <= 200),
  skills             text[] NOT NULL DEFAULT '{}'
                     CHECK (cardinality(skills) <= 20 AND array_position(skills, NULL) IS NULL),
  desired_locations  text[] NOT NULL DEFAULT '{}'
                     CHECK (cardinality(desired_locations) <= 10 AND array_position(desired_locations, NULL) IS NULL),
  remote_preference  remote_preference NOT NULL DEFAULT 'any',
  employment_types   employment_type[] NOT NULL DEFAULT '{}'
                     CHECK (cardinality(employment_types) <= 5 AND array_position(employment_types, NULL) IS NULL),
  salary_min         integer CHECK (salary_min BETWEEN 0 AND 1000000000),
  salary_max         integer CHECK (salary_max BETWEEN 0 AND 1000000000),
  currency           char(3) CHECK (currency ~ '^[A-Z]{3}$'),
  -- docs/adr/0006: a plain real[] today (PGlite and Debian's PostgreSQL 15 without
  -- pgvector both accept it); the follow-up migration converts it to vector(n).
  embedding          real[] CHECK (embedding IS NULL OR (array_ndims(embedding) = 1 AND cardinality(embedding) BETWEEN 1 AND 4096)),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT seeker_profiles_salary_range_check CHECK (salary_min <= salary_max),
  CONSTRAINT seeker_profiles_currency_with_salary_check
    CHECK ((salary_min IS NULL AND salary_max IS NULL) OR currency IS NOT NULL),
  CHECK (updated_at >= created_at)
);
-- No index beyond the primary key: profiles are read by user_id only. Recommendations
-- filter jobs through jobs_tags_idx; a GIN index on skills belongs with the first query
-- that filters profiles by skill (seekers for a job beyond its applicants).
COMMENT ON TABLE seeker_profiles IS 'A job seeker''s matching profile, one per user, read and written only by its owner (getMyProfile, putMyProfile); scored against jobs by app/match.';
COMMENT ON COLUMN seeker_profiles.skills IS 'Compared with jobs.tags exactly (same spelling as a job tag); each match is weighted by the rarity of the tag among published jobs.';
COMMENT ON COLUMN seeker_profiles.desired_locations IS 'Case-insensitive substrings matched against jobs.location.';
COMMENT ON COLUMN seeker_profiles.employment_types IS 'Only jobs of these types are recommended; empty means any.';
COMMENT ON COLUMN seeker_profiles.salary_min IS 'Expected yearly gross in whole units of currency; salary_min <= salary_max.';
COMMENT ON COLUMN seeker_profiles.embedding IS 'Reserved for the embedding matcher of the next phase (docs/adr/0006); not written or read by the API yet.';

-- ---------------------------------------------------------------------------
-- Cross-cutting: idempotency and audit
-- ---------------------------------------------------------------------------

CREATE TABLE idempotency_keys (
  user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key              text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
  operation_id     text NOT NULL CHECK (char_length(operation_id) BETWEEN 1 AND 100),
  request_hash     text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
  response_status  integer CHECK (response_status BETWEEN 100 AND 599),
  response_body    jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL,
  PRIMARY KEY (user_id, key),
  CHECK (expires_at > created_at)
);
CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);
COMMENT ON TABLE idempotency_keys IS 'Idempotency-Key replay store: the first response to (user, key) is replayed for the same request; a different request with the same key is refused.';
COMMENT ON COLUMN idempotency_keys.request_hash IS 'Lower-case hex SHA-256 of operation id and canonical request body.';
COMMENT ON COLUMN idempotency_keys.response_status IS 'NULL while the first request is still in flight.';

CREATE TABLE audit_log (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at  timestamptz NOT NULL DEFAULT now(),
  actor_id     uuid REFERENCES users (id) ON DELETE SET NULL,
  action       text NOT NULL CHECK (char_length(action) BETWEEN 1 AND 100),
  target_type  text CHECK (char_length(target_type) <= 50),
  target_id    text CHECK (char_length(target_id) <= 100),
  ip           inet,
  user_agent   text CHECK (char_length(user_agent) <= 512),
  details      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at DESC, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, occurred_at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, occurred_at DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id);
COMMENT ON TABLE audit_log IS 'Append-only security and admin events (logins, token reuse, role and status changes). Read by admins.';
COMMENT ON COLUMN audit_log.action IS 'Dotted event name, e.g. auth.login, auth.refresh_reuse, admin.user_suspended.';
COMMENT ON COLUMN audit_log.actor_id IS 'Who acted; NULL for anonymous events (failed logins) or deleted users.';
COMMENT ON COLUMN audit_log.target_id IS 'Id of the affected row as text, typed by target_type (user, device, job, ...).';

-- ---------------------------------------------------------------------------
-- Seed rows (idempotent). Keep this exact textual form: the spec linter takes the
-- first single-quoted literal of each tuple of the permissions INSERT as a code.
-- ---------------------------------------------------------------------------

INSERT INTO roles (code, description) VALUES
  ('admin', 'Governs users and reads the audit log; holds every permission'),
  ('employer', 'Acts for a company: posts jobs and reviews their applications'),
  ('job_seeker', 'Searches published jobs and applies to them')
ON CONFLICT (code) DO NOTHING;

INSERT INTO permissions (code, description) VALUES
  ('auth:self', 'Manage own session, devices and password'),
  ('companies:create', 'Create a company and become its owner'),
  ('companies:update', 'Edit a company one is a member of'),
  ('jobs:create', 'Create a draft job for own company'),
  ('jobs:update', 'Edit a job of own company'),
  ('jobs:publish', 'Publish a draft job of own company'),
  ('jobs:close', 'Close a job of own company'),
  ('applications:create', 'Apply to a published job'),
  ('applications:review', 'List and move the status of applications to jobs of own company'),
  ('applications:read_own', 'List and read own applications'),
  ('applications:withdraw', 'Withdraw own application'),
  ('users:read', 'List and read any user'),
  ('users:update', 'Change the role or status of any user'),
  ('audit:read', 'Read the audit log'),
  ('profiles:manage_own', 'Read and write own matching profile'),
  ('recommendations:read_own', 'Read job recommendations for own profile'),
  ('candidates:read', 'Read ranked applicants to jobs of own company')
ON CONFLICT (code) DO NOTHING;

INSERT INTO role_permissions (role_code, permission_code) VALUES
  ('admin', 'auth:self'),
  ('admin', 'companies:create'),
  ('admin', 'companies:update'),
  ('admin', 'jobs:create'),
  ('admin', 'jobs:update'),
  ('admin', 'jobs:publish'),
  ('admin', 'jobs:close'),
  ('admin', 'applications:create'),
  ('admin', 'applications:review'),
  ('admin', 'applications:read_own'),
  ('admin', 'applications:withdraw'),
  ('admin', 'users:read'),
  ('admin', 'users:update'),
  ('admin', 'audit:read'),
  ('admin', 'profiles:manage_own'),
  ('admin', 'recommendations:read_own'),
  ('admin', 'candidates:read'),
  ('employer', 'auth:self'),
  ('employer', 'companies:create'),
  ('employer', 'companies:update'),
  ('employer', 'jobs:create'),
  ('employer', 'jobs:update'),
  ('employer', 'jobs:publish'),
  ('employer', 'jobs:close'),
  ('employer', 'applications:review'),
  ('employer', 'candidates:read'),
  ('job_seeker', 'auth:self'),
  ('job_seeker', 'applications:create'),
  ('job_seeker', 'applications:read_own'),
  ('job_seeker', 'applications:withdraw'),
  ('job_seeker', 'profiles:manage_own'),
  ('job_seeker', 'recommendations:read_own')
ON CONFLICT DO NOTHING;
