/**
 * Jobs end to end: ownership (POL-J-001), draft visibility (POL-J-002), salary ranges
 * (POL-J-003) and the life cycle (POL-J-006), each as a table of callers and outcomes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { jobs } from '../../../generated/db/schema.js';
import {
  createDomainApp,
  employerWithJob,
  jobInput,
  type Actor,
  type DomainApp,
} from './harness.js';

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
  [otherEmployer, seeker, admin] = await Promise.all([
    t.actor('employer'),
    t.actor('job_seeker'),
    t.actor('admin'),
  ]);
  const made = await employerWithJob(t, 'draft');
  owner = made.employer;
  companyId = made.companyId;
});
afterAll(async () => tdb?.close());

const newJob = async (
  state: 'draft' | 'published' | 'closed',
  extra: Record<string, unknown> = {},
) => {
  const res = await t.call('POST', '/api/v1/jobs', { as: owner, body: jobInput(companyId, extra) });
  expect(res.status).toBe(201);
  const id: string = res.body.id;
  if (state !== 'draft')
    expect((await t.call('POST', `/api/v1/jobs/${id}/publish`, { as: owner })).status).toBe(200);
  if (state === 'closed')
    expect((await t.call('POST', `/api/v1/jobs/${id}/close`, { as: owner })).status).toBe(200);
  return id;
};

describe('createJob', () => {
  it('creates a draft for a member, with defaults and a Location', async () => {
    const res = await t.call('POST', '/api/v1/jobs', {
      as: owner,
      body: jobInput(companyId, {
        salaryMin: 70000,
        salaryMax: 90000,
        currency: 'EUR',
        tags: ['typescript', 'postgres'],
      }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/v1/jobs/${res.body.id}`);
    expect(res.body).toMatchObject({
      companyId,
      status: 'draft',
      remote: false,
      location: null,
      publishedAt: null,
      closedAt: null,
      salaryMin: 70000,
      salaryMax: 90000,
      currency: 'EUR',
      tags: ['typescript', 'postgres'],
    });
  });

  it.each([
    ["another company's employer", () => otherEmployer, () => companyId, 403],
    ['a member, for an unknown company', () => owner, () => crypto.randomUUID(), 403],
    ['a job seeker', () => seeker, () => companyId, 403],
    ['an admin who is not a member', () => admin, () => companyId, 403],
  ])('refuses %s (%i)', async (_n, who, company, status) => {
    const res = await t.call('POST', '/api/v1/jobs', { as: who(), body: jobInput(company()) });
    expect(res.status).toBe(status);
  });

  it.each([
    ['an inverted range', { salaryMin: 9, salaryMax: 1, currency: 'EUR' }, '/salaryMin'],
    ['a salary without currency', { salaryMin: 1000, salaryMax: 2000 }, '/currency'],
    ['a one-sided salary without currency', { salaryMax: 2000 }, '/currency'],
    ['a negative salary (schema)', { salaryMin: -1, salaryMax: 5, currency: 'EUR' }, '/salaryMin'],
  ])('rejects %s with a 400 naming the field (POL-J-003)', async (_n, salary, field) => {
    const res = await t.call('POST', '/api/v1/jobs', {
      as: owner,
      body: jobInput(companyId, salary),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });
});

describe('getJob visibility (POL-J-002)', () => {
  let ids: Record<'draft' | 'published' | 'closed', string>;
  beforeAll(async () => {
    ids = {
      draft: await newJob('draft'),
      published: await newJob('published'),
      closed: await newJob('closed'),
    };
  });

  const callers: [string, () => Actor | undefined][] = [
    ['anonymous', () => undefined],
    ['a job seeker', () => seeker],
    ['another employer', () => otherEmployer],
    ['an admin', () => admin],
    ['the owner', () => owner],
  ];
  const cases = callers.flatMap(([name, who]) =>
    (['draft', 'published', 'closed'] as const).map(
      (state) => [name, state, who, state !== 'draft' || name === 'the owner' ? 200 : 404] as const,
    ),
  );

  it.each(cases)('%s reading a %s job → %i', async (_n, state, who, status) => {
    const res = await t.call('GET', `/api/v1/jobs/${ids[state]}`, { as: who() });
    expect(res.status).toBe(status);
    if (status === 200) expect(res.body).toMatchObject({ id: ids[state], status: state });
  });

  it('answers 401 (not anonymous) for an invalid token on this public operation', async () => {
    const res = await t.call('GET', `/api/v1/jobs/${ids.published}`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(res.status).toBe(401);
  });

  it('answers 404 for an unknown id', async () => {
    expect((await t.call('GET', `/api/v1/jobs/${crypto.randomUUID()}`)).status).toBe(404);
  });
});

describe('updateJob (POL-J-001, POL-J-003, POL-J-006)', () => {
  it('lets the owner edit a draft and a published job', async () => {
    for (const state of ['draft', 'published'] as const) {
      const id = await newJob(state);
      const res = await t.call('PATCH', `/api/v1/jobs/${id}`, {
        as: owner,
        body: { title: 'Staff Engineer', remote: true, tags: ['go'] },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        title: 'Staff Engineer',
        remote: true,
        tags: ['go'],
        status: state,
      });
    }
  });

  it.each([
    ['another employer, draft', () => otherEmployer, 'draft', 404],
    ['another employer, published', () => otherEmployer, 'published', 403],
    ['another employer, closed', () => otherEmployer, 'closed', 403],
    ['an admin non-member, draft', () => admin, 'draft', 404],
    ['the owner, closed', () => owner, 'closed', 409],
    ['a job seeker, published', () => seeker, 'published', 403],
  ] as const)('%s → %i, job unchanged', async (_n, who, state, status) => {
    const id = await newJob(state);
    const res = await t.call('PATCH', `/api/v1/jobs/${id}`, {
      as: who(),
      body: { title: 'Hijacked title' },
    });
    expect(res.status).toBe(status);
    const [row] = await tdb.db.select({ title: jobs.title }).from(jobs).where(eq(jobs.id, id));
    expect(row!.title).toBe('Senior TypeScript Engineer');
  });

  it('answers 404 for an unknown job', async () => {
    const res = await t.call('PATCH', `/api/v1/jobs/${crypto.randomUUID()}`, {
      as: owner,
      body: { title: 'Ghost job' },
    });
    expect(res.status).toBe(404);
  });

  it.each([
    ['lowering max below the stored min', { salaryMax: 10 }, '/salaryMax'],
    ['raising min above the stored max', { salaryMin: 95000 }, '/salaryMin'],
    ['inverting both', { salaryMin: 9, salaryMax: 1 }, '/salaryMin'],
    ['clearing the currency of a salaried job', { currency: null }, '/currency'],
  ])('checks the merged salary: %s → 400 naming %s', async (_n, patch, field) => {
    const id = await newJob('draft', { salaryMin: 50000, salaryMax: 90000, currency: 'EUR' });
    const res = await t.call('PATCH', `/api/v1/jobs/${id}`, { as: owner, body: patch });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('https://jobboard.dev/problems/validation');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it('accepts a patch that keeps the merged range valid, and null clears the salary', async () => {
    const id = await newJob('draft', { salaryMin: 50000, salaryMax: 90000, currency: 'EUR' });
    const raised = await t.call('PATCH', `/api/v1/jobs/${id}`, {
      as: owner,
      body: { salaryMin: 90000 },
    });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ salaryMin: 90000, salaryMax: 90000 });
    const cleared = await t.call('PATCH', `/api/v1/jobs/${id}`, {
      as: owner,
      body: { salaryMin: null, salaryMax: null, currency: null },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ salaryMin: null, salaryMax: null, currency: null });
  });

  it('refuses read-only fields (status) with a 400: status moves only through publish/close', async () => {
    const id = await newJob('draft');
    const res = await t.call('PATCH', `/api/v1/jobs/${id}`, {
      as: owner,
      body: { status: 'published' },
    });
    expect(res.status).toBe(400);
  });
});

describe('publishJob / closeJob (POL-J-006)', () => {
  it.each([
    ['publish', 'draft', 200, 'published'],
    ['publish', 'published', 409, undefined],
    ['publish', 'closed', 409, undefined],
    ['close', 'published', 200, 'closed'],
    ['close', 'closed', 409, undefined],
    // The DDL requires a closed job to have been published (jobs_status_timestamps_check).
    ['close', 'draft', 409, undefined],
  ] as const)('%s on a %s job → %i', async (action, state, status, after) => {
    const id = await newJob(state);
    const res = await t.call('POST', `/api/v1/jobs/${id}/${action}`, { as: owner });
    expect(res.status).toBe(status);
    if (after) {
      expect(res.body.status).toBe(after);
      expect(res.body.publishedAt).not.toBeNull();
      if (after === 'closed')
        expect(Date.parse(res.body.closedAt)).toBeGreaterThanOrEqual(
          Date.parse(res.body.publishedAt),
        );
    } else {
      expect(res.body.detail).toMatch(/only/i);
      const [row] = await tdb.db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, id));
      expect(row!.status).toBe(state);
    }
  });

  it.each([
    ['publish', 'another employer', () => otherEmployer, 'draft', 404],
    ['close', 'another employer', () => otherEmployer, 'published', 403],
    ['publish', 'a job seeker', () => seeker, 'draft', 403],
    ['close', 'an admin non-member', () => admin, 'published', 403],
  ] as const)('%s by %s → %i', async (action, _n, who, state, status) => {
    const id = await newJob(state);
    const res = await t.call('POST', `/api/v1/jobs/${id}/${action}`, { as: who() });
    expect(res.status).toBe(status);
    const [row] = await tdb.db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, id));
    expect(row!.status).toBe(state);
  });

  it('keeps published_at when closing', async () => {
    const id = await newJob('published');
    const published = (await t.call('GET', `/api/v1/jobs/${id}`)).body.publishedAt;
    const closed = await t.call('POST', `/api/v1/jobs/${id}/close`, { as: owner });
    expect(closed.body.publishedAt).toBe(published);
  });
});
