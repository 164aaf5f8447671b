/**
 * Applications end to end: one per seeker per job, published jobs only, Idempotency-Key
 * replay (POL-J-004); visibility to applicant and owning employers only (POL-J-005); the
 * status life cycle per actor, audited (POL-J-007).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import {
  applications,
  auditLog,
  companyMembers,
  idempotencyKeys,
} from '../../../generated/db/schema.js';
import {
  createDomainApp,
  employerWithJob,
  type Actor,
  type CallResult,
  type DomainApp,
} from './harness.js';

let tdb: TestDatabase;
let t: DomainApp;
let employer: Actor;
let companyId: string;
let jobId: string;
let otherEmployer: Actor;
let otherJobId: string;
let admin: Actor;

const resume = {
  resumeUrl: 'https://files.example.com/cv.pdf',
  coverLetter: 'I would love to join.',
};

beforeAll(async () => {
  tdb = await createTestDatabase();
  t = await createDomainApp(tdb.db);
  ({ employer, companyId, jobId } = await employerWithJob(t, 'published'));
  ({ employer: otherEmployer, jobId: otherJobId } = await employerWithJob(t, 'published'));
  admin = await t.actor('admin');
});
afterAll(async () => tdb?.close());

const apply = (
  as: Actor,
  job = jobId,
  headers: Record<string, string> = {},
  body: object = resume,
) => t.call('POST', `/api/v1/jobs/${job}/applications`, { as, body, headers });

describe('applyToJob (POL-J-004)', () => {
  it('creates a submitted application with a Location', async () => {
    const seeker = await t.actor('job_seeker');
    const res = await apply(seeker);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/v1/applications/${res.body.id}`);
    expect(res.body).toMatchObject({
      jobId,
      applicantId: seeker.id,
      status: 'submitted',
      statusNote: null,
      ...resume,
    });
  });

  it('answers 409 to a second application to the same job, leaving one row', async () => {
    const seeker = await t.actor('job_seeker');
    expect((await apply(seeker)).status).toBe(201);
    const again = await apply(
      seeker,
      jobId,
      {},
      { resumeUrl: 'https://files.example.com/other.pdf' },
    );
    expect(again.status).toBe(409);
    const rows = await tdb.db
      .select()
      .from(applications)
      .where(and(eq(applications.jobId, jobId), eq(applications.applicantId, seeker.id)));
    expect(rows).toHaveLength(1);
  });

  it('creates one row when the same seeker applies twice concurrently', async () => {
    const seeker = await t.actor('job_seeker');
    const results = await Promise.all([apply(seeker), apply(seeker), apply(seeker)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it.each([
    ['a draft job', 'draft', 404],
    ['a closed job', 'closed', 409],
  ] as const)('refuses %s (%i)', async (_n, state, status) => {
    const { jobId: id } = await employerWithJob(t, state);
    const res = await apply(await t.actor('job_seeker'), id);
    expect(res.status).toBe(status);
  });

  it('answers 404 for an unknown job', async () => {
    expect((await apply(await t.actor('job_seeker'), crypto.randomUUID())).status).toBe(404);
  });

  it('refuses employers (no applications:create) with 403', async () => {
    expect((await apply(otherEmployer)).status).toBe(403);
  });

  it('rejects a non-http resume URL with a 400 naming it', async () => {
    const res = await apply(
      await t.actor('job_seeker'),
      jobId,
      {},
      { resumeUrl: 'javascript:alert(1)' },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('/resumeUrl');
  });
});

describe('Idempotency-Key (POL-J-004)', () => {
  it('replays the first response for a retry with the same key and body', async () => {
    const seeker = await t.actor('job_seeker');
    const key = { 'Idempotency-Key': crypto.randomUUID() };
    const first = await apply(seeker, jobId, key);
    const retry = await apply(seeker, jobId, key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const rows = await tdb.db
      .select()
      .from(applications)
      .where(eq(applications.applicantId, seeker.id));
    expect(rows).toHaveLength(1);
  });

  it('replays to concurrent twins: one application, identical responses', async () => {
    const seeker = await t.actor('job_seeker');
    const key = { 'Idempotency-Key': crypto.randomUUID() };
    const results = await Promise.all([
      apply(seeker, jobId, key),
      apply(seeker, jobId, key),
      apply(seeker, jobId, key),
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  });

  it.each([
    [
      'a different body',
      (s: Actor, key: Record<string, string>) =>
        apply(s, jobId, key, { resumeUrl: 'https://files.example.com/v2.pdf' }),
    ],
    ['a different job', (s: Actor, key: Record<string, string>) => apply(s, otherJobId, key)],
  ])('answers 422 to the same key with %s, and applies nothing', async (_n, second) => {
    const seeker = await t.actor('job_seeker');
    const key = { 'Idempotency-Key': crypto.randomUUID() };
    expect((await apply(seeker, jobId, key)).status).toBe(201);
    const res = await second(seeker, key);
    expect(res.status).toBe(422);
    const rows = await tdb.db
      .select()
      .from(applications)
      .where(eq(applications.applicantId, seeker.id));
    expect(rows).toHaveLength(1);
  });

  it('replays an expected failure too (409 for an already-applied job)', async () => {
    const seeker = await t.actor('job_seeker');
    expect((await apply(seeker)).status).toBe(201);
    const key = { 'Idempotency-Key': crypto.randomUUID() };
    const first = await apply(seeker, jobId, key);
    const retry = await apply(seeker, jobId, key);
    expect([first.status, retry.status]).toEqual([409, 409]);
    expect(retry.body).toEqual(first.body);
  });

  it('scopes keys per user: another seeker with the same key applies normally', async () => {
    const key = { 'Idempotency-Key': crypto.randomUUID() };
    const a = await apply(await t.actor('job_seeker'), jobId, key);
    const b = await apply(await t.actor('job_seeker'), jobId, key);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('stores the key with a hash and an expiry, and starts over once it expired', async () => {
    const seeker = await t.actor('job_seeker');
    const keyValue = crypto.randomUUID();
    expect((await apply(seeker, jobId, { 'Idempotency-Key': keyValue })).status).toBe(201);
    const [stored] = await tdb.db
      .select()
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.key, keyValue));
    expect(stored).toMatchObject({
      userId: seeker.id,
      operationId: 'applyToJob',
      responseStatus: 201,
    });
    expect(stored!.requestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    // Expire it: the same key with another body is now a new request (409: already applied).
    await tdb.db
      .update(idempotencyKeys)
      .set({
        createdAt: new Date(Date.now() - 3 * 86_400_000),
        expiresAt: new Date(Date.now() - 1000),
      })
      .where(eq(idempotencyKeys.key, keyValue));
    const res = await apply(
      seeker,
      jobId,
      { 'Idempotency-Key': keyValue },
      { resumeUrl: 'https://files.example.com/v3.pdf' },
    );
    expect(res.status).toBe(409);
  });

  it('rejects a malformed key with a 400', async () => {
    const res = await apply(await t.actor('job_seeker'), jobId, { 'Idempotency-Key': 'has space' });
    expect(res.status).toBe(400);
  });
});

describe('who sees an application (POL-J-005)', () => {
  let applicant: Actor;
  let applicationId: string;
  let member: Actor;
  beforeAll(async () => {
    applicant = await t.actor('job_seeker');
    applicationId = (await apply(applicant)).body.id;
    member = await t.actor('employer');
    await tdb.db.insert(companyMembers).values({ companyId, userId: member.id });
  });

  it.each([
    ['the applicant', () => applicant, 200],
    ['the owning employer', () => employer, 200],
    ['another member of the company', () => member, 200],
    ['another seeker', () => undefined as unknown as Actor, 404],
    ["another company's employer", () => otherEmployer, 404],
    ['an admin who is neither', () => admin, 404],
  ])('getApplication by %s → %i', async (name, who, status) => {
    const as = name === 'another seeker' ? await t.actor('job_seeker') : who();
    const res = await t.call('GET', `/api/v1/applications/${applicationId}`, { as });
    expect(res.status).toBe(status);
    if (status === 200) expect(res.body.id).toBe(applicationId);
    else expect(res.body.detail).toBe('No application with this id.');
  });

  it('answers the same 404 for an id that does not exist', async () => {
    const res = await t.call('GET', `/api/v1/applications/${crypto.randomUUID()}`, {
      as: applicant,
    });
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe('No application with this id.');
  });

  it('listJobApplications: the owning employer sees them; another employer gets 404', async () => {
    const mine = await t.call('GET', `/api/v1/jobs/${jobId}/applications?limit=100`, {
      as: employer,
    });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((a: { id: string }) => a.id)).toContain(applicationId);
    expect(mine.body.items.every((a: { jobId: string }) => a.jobId === jobId)).toBe(true);
    expect(
      (await t.call('GET', `/api/v1/jobs/${jobId}/applications`, { as: otherEmployer })).status,
    ).toBe(404);
    expect(
      (await t.call('GET', `/api/v1/jobs/${crypto.randomUUID()}/applications`, { as: employer }))
        .status,
    ).toBe(404);
    expect(
      (await t.call('GET', `/api/v1/jobs/${jobId}/applications`, { as: applicant })).status,
    ).toBe(403);
  });

  it("listMyApplications returns only the caller's own", async () => {
    const res = await t.call('GET', '/api/v1/me/applications', { as: applicant });
    expect(res.status).toBe(200);
    expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([applicationId]);
    const stranger = await t.call('GET', '/api/v1/me/applications', {
      as: await t.actor('job_seeker'),
    });
    expect(stranger.body).toEqual({ items: [], nextCursor: null });
  });
});

describe('pagination of application lists', () => {
  it('pages newest first across pages with equal created_at, ties by id, status filter', async () => {
    const seeker = await t.actor('job_seeker');
    const jobIds: string[] = [];
    for (let i = 0; i < 7; i++) jobIds.push((await employerWithJob(t, 'published')).jobId);
    const at = new Date('2025-02-01T10:00:00.000Z');
    const rows = await tdb.db
      .insert(applications)
      .values(
        jobIds.map((job, i) => ({
          jobId: job,
          applicantId: seeker.id,
          resumeUrl: 'https://x.example/cv',
          createdAt: new Date(at.getTime() + (i % 3) * 1000),
          updatedAt: new Date(at.getTime() + 5000),
          status: i === 0 ? ('reviewing' as const) : ('submitted' as const),
        })),
      )
      .returning();
    const expected = [...rows]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: CallResult = await t.call(
        'GET',
        `/api/v1/me/applications?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { as: seeker },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((a: { id: string }) => a.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    const reviewing = await t.call('GET', '/api/v1/me/applications?status=reviewing', {
      as: seeker,
    });
    expect(reviewing.body.items.map((a: { id: string }) => a.id)).toEqual([rows[0]!.id]);
    const bad = await t.call('GET', '/api/v1/me/applications?cursor=abc', { as: seeker });
    expect(bad.status).toBe(400);
  });
});

describe('application life cycle (POL-J-007)', () => {
  const statuses = [
    'submitted',
    'reviewing',
    'interviewing',
    'offered',
    'hired',
    'rejected',
    'withdrawn',
  ] as const;
  const employerTargets = ['reviewing', 'interviewing', 'offered', 'hired', 'rejected'] as const;
  const final = new Set(['hired', 'rejected', 'withdrawn']);

  /** An application forced into `status` through drizzle (the starting point of a case). */
  async function applicationIn(status: (typeof statuses)[number]) {
    const seeker = await t.actor('job_seeker');
    const id: string = (await apply(seeker)).body.id;
    await tdb.db.update(applications).set({ status }).where(eq(applications.id, id));
    return { seeker, id };
  }

  const employerCases = statuses.flatMap((from) =>
    employerTargets.map((to) => [from, to, final.has(from) ? 409 : 200] as const),
  );
  it.each(employerCases)('employer moves %s → %s: %i', async (from, to, status) => {
    const { id } = await applicationIn(from);
    const res = await t.call('PATCH', `/api/v1/applications/${id}/status`, {
      as: employer,
      body: { status: to, note: 'Next step' },
    });
    expect(res.status).toBe(status);
    const [row] = await tdb.db.select().from(applications).where(eq(applications.id, id));
    expect(row!.status).toBe(status === 200 ? to : from);
    const audit = await tdb.db.select().from(auditLog).where(eq(auditLog.targetId, id));
    if (status === 200) {
      expect(res.body).toMatchObject({ status: to, statusNote: 'Next step' });
      expect(audit).toEqual([
        expect.objectContaining({
          action: 'application.status_changed',
          actorId: employer.id,
          targetType: 'application',
          details: expect.objectContaining({ from, to }),
        }),
      ]);
    } else {
      expect(audit).toEqual([]);
    }
  });

  it.each(statuses.map((from) => [from, final.has(from) ? 409 : 200] as const))(
    'applicant withdraws from %s: %i',
    async (from, status) => {
      const { seeker, id } = await applicationIn(from);
      const res = await t.call('POST', `/api/v1/applications/${id}/withdraw`, { as: seeker });
      expect(res.status).toBe(status);
      if (status === 200) expect(res.body.status).toBe('withdrawn');
    },
  );

  it.each([
    ["another company's employer moves it", 'PATCH', 'status', () => otherEmployer, 404],
    ['the applicant moves it (no applications:review)', 'PATCH', 'status', 'applicant', 403],
    ['an admin non-member moves it', 'PATCH', 'status', () => admin, 404],
    ['another seeker withdraws it', 'POST', 'withdraw', 'stranger', 404],
    ['the owning employer withdraws it (no permission)', 'POST', 'withdraw', () => employer, 403],
    ["an admin withdraws someone else's", 'POST', 'withdraw', () => admin, 404],
  ] as const)('%s → %i, status unchanged', async (_n, method, action, who, status) => {
    const { seeker, id } = await applicationIn('submitted');
    const as =
      who === 'applicant' ? seeker : who === 'stranger' ? await t.actor('job_seeker') : who();
    const res = await t.call(method, `/api/v1/applications/${id}/${action}`, {
      as,
      ...(method === 'PATCH' ? { body: { status: 'hired' } } : {}),
    });
    expect(res.status).toBe(status);
    const [row] = await tdb.db.select().from(applications).where(eq(applications.id, id));
    expect(row!.status).toBe('submitted');
  });

  it("refuses statuses that are not the employer's to set (400)", async () => {
    const { id } = await applicationIn('submitted');
    for (const status of ['withdrawn', 'submitted']) {
      const res = await t.call('PATCH', `/api/v1/applications/${id}/status`, {
        as: employer,
        body: { status },
      });
      expect(res.status).toBe(400);
    }
  });
});
