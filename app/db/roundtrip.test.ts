/**
 * Every table of db/schema.sql through the generated drizzle models, on PGlite and on
 * the PostgreSQL at 127.0.0.1:5432 (a throwaway database): insert, read back, compare
 * value by value (Dates, arrays, jsonb, bigint identity, generated tsvector), follow the
 * generated relations, and run a transaction that rolls back.
 */
import { randomUUID } from 'node:crypto';
import { eq, getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../generated/db/schema.js';
import { createThrowawayDatabase, postgresAvailable } from '../../test/support/services.js';
import { createDatabase, type Database, type DatabaseHandle } from './client.js';
import { createTestDatabase } from '../../test/support/test-database.js';

const hasPg = await postgresAvailable();

const allTables = (Object.values(s) as unknown[])
  .filter((v): v is PgTable => is(v, PgTable))
  .map((t) => getTableName(t))
  .sort();

/** Inserts one row into every table and checks it reads back; returns the table names covered. */
async function roundTripEveryTable(db: Database): Promise<string[]> {
  const covered: string[] = [];
  const check = async <T extends PgTable>(
    table: T,
    inserted: Record<string, unknown>,
    read: Record<string, unknown>,
  ) => {
    expect(read).toMatchObject(inserted);
    covered.push(getTableName(table));
  };
  const future = new Date(Date.now() + 86_400_000);
  future.setMilliseconds(123);

  const role = { code: 'tester', description: 'Runs tests' };
  await db.insert(s.roles).values(role);
  await check(
    s.roles,
    role,
    (await db.select().from(s.roles).where(eq(s.roles.code, role.code)))[0]!,
  );

  const perm = { code: 'tests:run', description: 'Run the tests' };
  await db.insert(s.permissions).values(perm);
  await check(
    s.permissions,
    perm,
    (await db.select().from(s.permissions).where(eq(s.permissions.code, perm.code)))[0]!,
  );

  const rp = { roleCode: role.code, permissionCode: perm.code };
  await db.insert(s.rolePermissions).values(rp);
  await check(
    s.rolePermissions,
    rp,
    (
      await db.select().from(s.rolePermissions).where(eq(s.rolePermissions.roleCode, role.code))
    )[0]!,
  );

  const user = {
    email: 'ann@example.com',
    passwordHash: `$2b$10$${'x'.repeat(53)}`,
    displayName: 'Ann',
    roleCode: role.code,
  };
  const [u] = await db.insert(s.users).values(user).returning();
  expect(u!.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(u!.createdAt).toBeInstanceOf(Date);
  expect(u!.status).toBe('active');
  await check(
    s.users,
    { ...user, tokensValidAfter: null },
    (await db.select().from(s.users).where(eq(s.users.id, u!.id)))[0]!,
  );

  const device = { userId: u!.id, name: 'laptop', userAgent: 'vitest' };
  const [d] = await db.insert(s.devices).values(device).returning();
  await check(
    s.devices,
    { ...device, revokedAt: null, revokedReason: null },
    (await db.select().from(s.devices).where(eq(s.devices.id, d!.id)))[0]!,
  );

  const token = {
    deviceId: d!.id,
    userId: u!.id,
    familyId: randomUUID(),
    tokenHash: 'a'.repeat(64),
    expiresAt: future,
  };
  const [rt] = await db.insert(s.refreshTokens).values(token).returning();
  const child = { ...token, tokenHash: 'b'.repeat(64), parentId: rt!.id };
  await db.insert(s.refreshTokens).values(child);
  await check(
    s.refreshTokens,
    child,
    (await db.select().from(s.refreshTokens).where(eq(s.refreshTokens.parentId, rt!.id)))[0]!,
  );

  const company = { name: 'Acme', website: 'https://acme.example', createdBy: u!.id };
  const [c] = await db.insert(s.companies).values(company).returning();
  await check(
    s.companies,
    company,
    (await db.select().from(s.companies).where(eq(s.companies.id, c!.id)))[0]!,
  );

  const member = { companyId: c!.id, userId: u!.id, memberRole: 'owner' as const };
  await db.insert(s.companyMembers).values(member);
  await check(
    s.companyMembers,
    member,
    (await db.select().from(s.companyMembers).where(eq(s.companyMembers.companyId, c!.id)))[0]!,
  );

  const publishedAt = new Date('2026-01-02T03:04:05.678Z');
  const job = {
    companyId: c!.id,
    title: 'Engineer',
    description: 'Builds typed things',
    employmentType: 'full_time' as const,
    salaryMin: 1000,
    salaryMax: 2000,
    currency: 'EUR',
    tags: ['typescript', 'postgres', "it's, {quoted}"],
    status: 'published' as const,
    publishedAt,
    createdBy: u!.id,
  };
  const [j] = await db.insert(s.jobs).values(job).returning();
  const jobRead = (await db.select().from(s.jobs).where(eq(s.jobs.id, j!.id)))[0]!;
  await check(s.jobs, job, jobRead);
  expect(jobRead.searchVector).toContain("'engin':1A");
  const [defaults] = await db
    .insert(s.jobs)
    .values({ ...job, tags: undefined, status: undefined, publishedAt: undefined })
    .returning();
  expect(defaults!.tags).toEqual([]); // DEFAULT '{}' is an empty array, not [""]
  expect(defaults!.status).toBe('draft');

  const app = {
    jobId: j!.id,
    applicantId: u!.id,
    resumeUrl: 'https://cv.example/ann.pdf',
    coverLetter: 'Hello',
  };
  const [a] = await db.insert(s.applications).values(app).returning();
  await check(
    s.applications,
    { ...app, status: 'submitted' },
    (await db.select().from(s.applications).where(eq(s.applications.id, a!.id)))[0]!,
  );

  // Enum arrays and the real[] embedding (docs/adr/0006) read back as JS arrays on both engines.
  const profile = {
    userId: u!.id,
    skills: ['typescript', "it's, {quoted}"],
    desiredLocations: ['Berlin'],
    remotePreference: 'remote' as const,
    employmentTypes: ['full_time' as const, 'contract' as const],
    salaryMin: 1000,
    salaryMax: 2000,
    currency: 'EUR',
    embedding: [0.5, -1.25, 3],
  };
  await db.insert(s.seekerProfiles).values(profile);
  await check(
    s.seekerProfiles,
    profile,
    (await db.select().from(s.seekerProfiles).where(eq(s.seekerProfiles.userId, u!.id)))[0]!,
  );

  const idem = {
    userId: u!.id,
    key: 'key-1',
    operationId: 'applyToJob',
    requestHash: 'c'.repeat(64),
    responseStatus: 201,
    responseBody: { id: a!.id, nested: [1, true, null, 'x'] },
    expiresAt: future,
  };
  await db.insert(s.idempotencyKeys).values(idem);
  await check(
    s.idempotencyKeys,
    idem,
    (await db.select().from(s.idempotencyKeys).where(eq(s.idempotencyKeys.key, 'key-1')))[0]!,
  );

  const audit = {
    actorId: u!.id,
    action: 'auth.login',
    targetType: 'user',
    targetId: u!.id,
    ip: '203.0.113.7',
    details: { device: d!.id },
  };
  const [log] = await db.insert(s.auditLog).values(audit).returning();
  expect(typeof log!.id).toBe('number'); // bigint identity → number (documented mapping)
  await check(
    s.auditLog,
    audit,
    (await db.select().from(s.auditLog).where(eq(s.auditLog.id, log!.id)))[0]!,
  );

  // The generated relations work in the relational query API.
  const withRelations = await db.query.jobs.findFirst({
    where: eq(s.jobs.id, j!.id),
    with: { company: true, applications: { with: { applicant: { columns: { email: true } } } } },
  });
  expect(withRelations!.company.name).toBe('Acme');
  expect(withRelations!.applications[0]!.applicant.email).toBe(user.email);
  const tokenChain = await db.query.refreshTokens.findFirst({
    where: eq(s.refreshTokens.id, rt!.id),
    with: { refreshTokensByParent: true },
  });
  expect(tokenChain!.refreshTokensByParent.map((t) => t.tokenHash)).toEqual(['b'.repeat(64)]);

  // Transactions: a thrown error rolls back everything done inside.
  await expect(
    db.transaction(async (tx) => {
      await tx.update(s.users).set({ displayName: 'Changed' }).where(eq(s.users.id, u!.id));
      throw new Error('abort');
    }),
  ).rejects.toThrow('abort');
  expect((await db.select().from(s.users).where(eq(s.users.id, u!.id)))[0]!.displayName).toBe(
    'Ann',
  );

  return [...new Set(covered)].sort();
}

describe('round trip on PGlite (createTestDatabase)', () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.close());

  it('inserts and reads back every table', async () => {
    expect(await roundTripEveryTable(t.db)).toEqual(allTables);
  });

  it('reset() empties every table but keeps the seed rows', async () => {
    await t.reset();
    expect(await t.db.select().from(s.users)).toEqual([]);
    expect((await t.db.select().from(s.roles)).map((r) => r.code).sort()).toEqual([
      'admin',
      'employer',
      'job_seeker',
      'tester',
    ]);
    expect(await t.ping()).toBe(true);
  });
});

describe.skipIf(!hasPg)('round trip on PostgreSQL (createDatabase with DATABASE_URL)', () => {
  let handle: DatabaseHandle;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const tmp = await createThrowawayDatabase('jb_roundtrip');
    drop = tmp.drop;
    handle = await createDatabase({ databaseUrl: tmp.url, migrate: true, pool: { max: 2 } });
  });
  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  it('migrated and seeded on start', () => {
    expect(handle.kind).toBe('postgres');
    expect(handle.migration!.applied).toEqual([
      '0001_baseline.sql',
      '0002_token_generation.sql',
      '0003_match_profiles.sql',
    ]);
  });

  it('inserts and reads back every table', async () => {
    expect(await roundTripEveryTable(handle.db)).toEqual(allTables);
    expect(await handle.ping()).toBe(true);
  });
});
