/**
 * Applications (POL-J-004, -005, -007). One per seeker per job, only to published jobs.
 * An application is visible to its applicant and to the employers of the job's company;
 * to everyone else it does not exist (404). The employer moves it along the pipeline, the
 * applicant may withdraw it; each move is audited in the same transaction.
 */
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import { applications, jobs, type ApplicationsRow } from '../../generated/db/schema.js';
import type { components } from '../../generated/openapi/types.js';
import { writeAudit, type AuditMeta } from '../audit/write.js';
import type { Database, Executor } from '../db/client.js';
import {
  employerMoveConflict,
  withdrawConflict,
  type ApplicationStatus,
  type EmployerStatus,
} from './application-lifecycle.js';
import { isCompanyMember, laterOf } from './company.js';
import { badCursor, decodeTimeCursor, pageOf, type CursorCodec } from './cursor.js';
import { conflict, fail, notFound, ok, type Result } from './result.js';

type Application = components['schemas']['Application'];
type ApplicationCreate = components['schemas']['ApplicationCreate'];
type ApplicationList = components['schemas']['ApplicationList'];

export function toApplication(row: ApplicationsRow): Application {
  return {
    id: row.id,
    jobId: row.jobId,
    applicantId: row.applicantId,
    coverLetter: row.coverLetter,
    resumeUrl: row.resumeUrl,
    status: row.status,
    statusNote: row.statusNote,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const NOT_FOUND = 'No application with this id.';

export async function applyToJob(
  db: Executor,
  userId: string,
  jobId: string,
  input: ApplicationCreate,
  now: Date,
): Promise<Result<Application, 404 | 409>> {
  const [job] = await db
    .select({ status: jobs.status })
    .from(jobs)
    .where(eq(jobs.id, jobId))
    .limit(1);
  // A draft does not exist for applicants (POL-J-002).
  if (!job || job.status === 'draft') return fail(notFound('No job with this id.'));
  if (job.status === 'closed')
    return fail(conflict('This job is closed and takes no more applications.'));
  const [row] = await db
    .insert(applications)
    .values({
      jobId,
      applicantId: userId,
      coverLetter: input.coverLetter ?? null,
      resumeUrl: input.resumeUrl,
      createdAt: now,
      updatedAt: now,
    })
    // applications_job_applicant_key: the database decides, so parallel requests can't both win.
    .onConflictDoNothing()
    .returning();
  if (!row) return fail(conflict('You have already applied to this job.'));
  return ok(toApplication(row));
}

/** The application if `userId` may see it: its applicant, or an employer of the job's company. */
async function visibleApplication(
  db: Executor,
  applicationId: string,
  userId: string,
  as: 'applicant' | 'employer' | 'either',
  lock = false,
): Promise<ApplicationsRow | undefined> {
  const query = db
    .select({ application: applications, companyId: jobs.companyId })
    .from(applications)
    .innerJoin(jobs, eq(jobs.id, applications.jobId))
    .where(eq(applications.id, applicationId));
  const [found] = lock ? await query.for('update', { of: applications }) : await query;
  if (!found) return undefined;
  if (as !== 'employer' && found.application.applicantId === userId) return found.application;
  if (as !== 'applicant' && (await isCompanyMember(db, found.companyId, userId)))
    return found.application;
  return undefined;
}

export async function getApplication(
  db: Executor,
  applicationId: string,
  userId: string,
): Promise<Result<Application, 404>> {
  const row = await visibleApplication(db, applicationId, userId, 'either');
  return row ? ok(toApplication(row)) : fail(notFound(NOT_FOUND));
}

export interface StatusMove {
  status: EmployerStatus;
  note?: string;
}

export async function moveApplication(
  db: Database,
  actorId: string,
  applicationId: string,
  move: StatusMove,
  meta: AuditMeta,
  now: Date,
): Promise<Result<Application, 404 | 409>> {
  return db.transaction(async (tx) => {
    const current = await visibleApplication(tx, applicationId, actorId, 'employer', true);
    if (!current) return fail(notFound(NOT_FOUND));
    const why = employerMoveConflict(current.status, move.status);
    if (why) return fail(conflict(why));
    return ok(await setStatus(tx, current, move.status, move.note ?? null, actorId, meta, now));
  });
}

export async function withdrawApplication(
  db: Database,
  actorId: string,
  applicationId: string,
  meta: AuditMeta,
  now: Date,
): Promise<Result<Application, 404 | 409>> {
  return db.transaction(async (tx) => {
    const current = await visibleApplication(tx, applicationId, actorId, 'applicant', true);
    if (!current) return fail(notFound(NOT_FOUND));
    const why = withdrawConflict(current.status);
    if (why) return fail(conflict(why));
    return ok(await setStatus(tx, current, 'withdrawn', current.statusNote, actorId, meta, now));
  });
}

async function setStatus(
  tx: Executor,
  current: ApplicationsRow,
  status: ApplicationStatus,
  note: string | null,
  actorId: string,
  meta: AuditMeta,
  now: Date,
): Promise<Application> {
  const at = laterOf(now, current.updatedAt);
  const [row] = await tx
    .update(applications)
    .set({ status, statusNote: note, updatedAt: at })
    .where(eq(applications.id, current.id))
    .returning();
  await writeAudit(
    tx,
    {
      action: status === 'withdrawn' ? 'application.withdrawn' : 'application.status_changed',
      actorId,
      targetType: 'application',
      targetId: current.id,
      details: {
        jobId: current.jobId,
        from: current.status,
        to: status,
        ...(note !== null && status !== 'withdrawn' ? { note } : {}),
      },
    },
    meta,
    at,
  );
  return toApplication(row!);
}

export interface ApplicationPage {
  status?: ApplicationStatus;
  cursor?: string;
  limit?: number;
}

/** Newest first, keyset (created_at, id). `scope` keeps one list's cursor out of another. */
async function pageApplications(
  db: Executor,
  owner: SQL,
  scope: string,
  q: ApplicationPage,
  cursors: CursorCodec,
): Promise<Result<ApplicationList, 400>> {
  const limit = q.limit ?? 20;
  const where: (SQL | undefined)[] = [
    owner,
    q.status ? eq(applications.status, q.status) : undefined,
  ];
  if (q.cursor) {
    const key = decodeTimeCursor(cursors, q.cursor, scope);
    if (!key) return badCursor();
    const { at } = key;
    where.push(
      or(
        lt(applications.createdAt, at),
        and(eq(applications.createdAt, at), lt(applications.id, key.id)),
      ),
    );
  }
  const rows = await db
    .select()
    .from(applications)
    .where(and(...where))
    .orderBy(desc(applications.createdAt), desc(applications.id))
    .limit(limit + 1);
  return ok(
    pageOf(cursors, rows, limit, toApplication, (r) => ({
      s: scope,
      k: r.createdAt.toISOString(),
      id: r.id,
    })),
  );
}

export function listMyApplications(
  db: Executor,
  userId: string,
  q: ApplicationPage,
  cursors: CursorCodec,
) {
  return pageApplications(db, eq(applications.applicantId, userId), 'my-applications', q, cursors);
}

export async function listJobApplications(
  db: Executor,
  userId: string,
  jobId: string,
  q: ApplicationPage,
  cursors: CursorCodec,
): Promise<Result<ApplicationList, 400 | 404>> {
  const [job] = await db
    .select({ companyId: jobs.companyId })
    .from(jobs)
    .where(eq(jobs.id, jobId))
    .limit(1);
  if (!job || !(await isCompanyMember(db, job.companyId, userId)))
    return fail(notFound('No job with this id.'));
  return pageApplications(db, eq(applications.jobId, jobId), 'job-applications', q, cursors);
}
