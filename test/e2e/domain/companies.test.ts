/**
 * Companies end to end (POL-J-001): the creator owns the company, the profile is public,
 * only members edit it (403 for others, who can see it anyway; 404 for an unknown id).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { companyMembers } from '../../../generated/db/schema.js';
import { createDomainApp, type Actor, type DomainApp } from './harness.js';

let tdb: TestDatabase;
let t: DomainApp;
let owner: Actor;
let otherEmployer: Actor;
let seeker: Actor;
let admin: Actor;
let companyId: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  t = await createDomainApp(tdb.db);
  [owner, otherEmployer, seeker, admin] = await Promise.all([
    t.actor('employer'),
    t.actor('employer'),
    t.actor('job_seeker'),
    t.actor('admin'),
  ]);
  const res = await t.call('POST', '/api/v1/companies', {
    as: owner,
    body: {
      name: 'Analytical Engines Ltd',
      website: 'https://engines.example.com',
      location: 'London, UK',
    },
  });
  expect(res.status).toBe(201);
  companyId = res.body.id;
});
afterAll(async () => tdb?.close());

describe('createCompany', () => {
  it('creates the company, answers 201 with Location, and makes the caller its owner', async () => {
    const res = await t.call('POST', '/api/v1/companies', {
      as: owner,
      body: { name: 'Difference Engines' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/v1/companies/${res.body.id}`);
    expect(res.body).toMatchObject({
      name: 'Difference Engines',
      description: null,
      website: null,
      location: null,
    });
    const members = await tdb.db
      .select()
      .from(companyMembers)
      .where(and(eq(companyMembers.companyId, res.body.id), eq(companyMembers.userId, owner.id)));
    expect(members).toEqual([expect.objectContaining({ memberRole: 'owner' })]);
  });

  it.each([
    ['a job seeker', () => seeker, 403],
    ['anonymous', () => undefined, 401],
  ])('refuses %s (%i)', async (_n, who, status) => {
    const res = await t.call('POST', '/api/v1/companies', {
      as: who(),
      body: { name: 'Nope Inc' },
    });
    expect(res.status).toBe(status);
  });

  it('rejects a bad website with a 400 naming the field', async () => {
    const res = await t.call('POST', '/api/v1/companies', {
      as: owner,
      body: { name: 'Bad', website: 'ftp://x' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('/website');
  });
});

describe('getCompany', () => {
  it('is public', async () => {
    const res = await t.call('GET', `/api/v1/companies/${companyId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: companyId,
      name: 'Analytical Engines Ltd',
      location: 'London, UK',
    });
  });

  it('answers 404 for an unknown id', async () => {
    const res = await t.call('GET', `/api/v1/companies/${crypto.randomUUID()}`);
    expect(res.status).toBe(404);
  });
});

describe('updateCompany (POL-J-001)', () => {
  it('lets the owner edit, and null clears an optional field', async () => {
    const res = await t.call('PATCH', `/api/v1/companies/${companyId}`, {
      as: owner,
      body: { description: 'General-purpose computing machinery since 1837.', location: null },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      description: 'General-purpose computing machinery since 1837.',
      location: null,
    });
    expect(res.body.website).toBe('https://engines.example.com');
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(res.body.createdAt));
  });

  it('lets a non-owner member edit too', async () => {
    const member = await t.actor('employer');
    await tdb.db
      .insert(companyMembers)
      .values({ companyId, userId: member.id, memberRole: 'member' });
    const res = await t.call('PATCH', `/api/v1/companies/${companyId}`, {
      as: member,
      body: { name: 'AE Ltd' },
    });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('AE Ltd');
  });

  it.each([
    ['another employer', () => otherEmployer, 403],
    ['an admin who is not a member', () => admin, 403],
    ['a job seeker (no permission)', () => seeker, 403],
  ])('refuses %s with %i and leaves the company unchanged', async (_n, who, status) => {
    const before = (await t.call('GET', `/api/v1/companies/${companyId}`)).body;
    const res = await t.call('PATCH', `/api/v1/companies/${companyId}`, {
      as: who(),
      body: { name: 'Hijacked' },
    });
    expect(res.status).toBe(status);
    expect((await t.call('GET', `/api/v1/companies/${companyId}`)).body).toEqual(before);
  });

  it('answers 404 for an unknown company', async () => {
    const res = await t.call('PATCH', `/api/v1/companies/${crypto.randomUUID()}`, {
      as: owner,
      body: { name: 'Ghost' },
    });
    expect(res.status).toBe(404);
  });

  it('refuses mass assignment of read-only fields with a 400', async () => {
    const res = await t.call('PATCH', `/api/v1/companies/${companyId}`, {
      as: owner,
      body: { id: crypto.randomUUID() },
    });
    expect(res.status).toBe(400);
  });
});
