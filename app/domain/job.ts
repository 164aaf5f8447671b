/**
 * Jobs of a company (POL-J-001..003, POL-J-006). Visibility: published and closed jobs
 * are public; a draft exists only for its company's members (404 to anyone else).
 * Editing needs membership: a non-member gets 404 for a draft and 403 for a job they can
 * see. Every state change locks the row first, so concurrent publish/close/edit serialise.
 */
import { and, eq } from 'drizzle-orm';
import { jobs, type JobsRow } from '../../generated/db/schema.js';
import type { components } from '../../generated/openapi/types.js';
import type { Database, Executor, Transaction } from '../db/client.js';
import { isCompanyMember, laterOf } from './company.js';
import { lifecycleConflict, mergeSalary, salaryErrors, type JobAction } from './job-rules.js';
import { conflict, fail, forbidden, invalid, notFound, ok, type Result } from './result.js';

type Job = components['schemas']['Job'];
type JobCreate = components['schemas']['JobCreate'];
type JobUpdate = components['schemas']['JobUpdate'];

/** Every column the API shows (search_vector and created_by stay inside). */
export const jobColumns = {
  id: jobs.id,
  companyId: jobs.companyId,
  title: jobs.title,
  description: jobs.description,
  location: jobs.location,
  remote: jobs.remote,
  employmentType: jobs.employmentType,
  salaryMin: jobs.salaryMin,
  salaryMax: jobs.salaryMax,
  currency: jobs.currency,
  tags: jobs.tags,
  status: jobs.status,
  publishedAt: jobs.publishedAt,
  closedAt: jobs.closedAt,
  createdAt: jobs.createdAt,
  updatedAt: jobs.updatedAt,
};

export type JobRow = Omit<JobsRow, 'searchVector' | 'createdBy'>;

export function toJob(row: JobRow): Job {
  return {
    ...row,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function findJob(db: Executor, jobId: string): Promise<JobRow | undefined> {
  const [row] = await db.select(jobColumns).from(jobs).where(eq(jobs.id, jobId)).limit(1);
  return row;
}

/** getJob: public unless a draft; a draft only for its company's members. */
export async function getVisibleJob(
  db: Executor,
  jobId: string,
  userId: string | undefined,
): Promise<Job | undefined> {
  const row = await findJob(db, jobId);
  if (!row) return undefined;
  if (row.status === 'draft' && !(userId && (await isCompanyMember(db, row.companyId, userId))))
    return undefined;
  return toJob(row);
}

export async function createJob(
  db: Database,
  userId: string,
  input: JobCreate,
  now: Date,
): Promise<Result<Job, 400 | 403>> {
  const salary = {
    salaryMin: input.salaryMin ?? null,
    salaryMax: input.salaryMax ?? null,
    currency: input.currency ?? null,
  };
  const errors = salaryErrors(salary, input);
  if (errors.length) return fail(invalid(...errors));
  if (!(await isCompanyMember(db, input.companyId, userId))) {
    // No 404 in the contract: an unknown company and someone else's are the same refusal.
    return fail(forbidden('Jobs can only be created for a company you are a member of.'));
  }
  const [row] = await db
    .insert(jobs)
    .values({
      companyId: input.companyId,
      title: input.title,
      description: input.description,
      location: input.location ?? null,
      remote: input.remote ?? false,
      employmentType: input.employmentType,
      ...salary,
      tags: input.tags ?? [],
      createdBy: userId,
      createdAt: now,
      updatedAt: now,
    })
    .returning(jobColumns);
  return ok(toJob(row!));
}

/** The job locked for a change by `userId`, or the refusal POL-J-001/006 prescribe. */
async function lockForChange(
  tx: Transaction,
  jobId: string,
  userId: string,
  action: JobAction,
): Promise<Result<JobRow, 403 | 404 | 409>> {
  const [row] = await tx.select(jobColumns).from(jobs).where(eq(jobs.id, jobId)).for('update');
  if (!row) return fail(notFound('No job with this id.'));
  if (!(await isCompanyMember(tx, row.companyId, userId))) {
    return row.status === 'draft'
      ? fail(notFound('No job with this id.'))
      : fail(forbidden("Only the employers of the job's company may change it."));
  }
  const why = lifecycleConflict(row.status, action);
  return why ? fail(conflict(why)) : ok(row);
}

export async function updateJob(
  db: Database,
  userId: string,
  jobId: string,
  patch: JobUpdate,
  now: Date,
): Promise<Result<Job, 400 | 403 | 404 | 409>> {
  return db.transaction(async (tx) => {
    const locked = await lockForChange(tx, jobId, userId, 'edit');
    if (!locked.ok) return locked;
    const salary = mergeSalary(locked.value, patch);
    const errors = salaryErrors(salary, patch);
    if (errors.length) return fail(invalid(...errors));
    const [row] = await tx
      .update(jobs)
      .set({
        title: patch.title,
        description: patch.description,
        location: patch.location,
        remote: patch.remote,
        employmentType: patch.employmentType,
        ...salary,
        tags: patch.tags,
        updatedAt: laterOf(now, locked.value.updatedAt),
      })
      .where(eq(jobs.id, jobId))
      .returning(jobColumns);
    return ok(toJob(row!));
  });
}

export async function changeJobStatus(
  db: Database,
  userId: string,
  jobId: string,
  action: 'publish' | 'close',
  now: Date,
): Promise<Result<Job, 403 | 404 | 409>> {
  return db.transaction(async (tx) => {
    const locked = await lockForChange(tx, jobId, userId, action);
    if (!locked.ok) return locked;
    const at = laterOf(now, locked.value.updatedAt);
    const [row] = await tx
      .update(jobs)
      .set(
        action === 'publish'
          ? { status: 'published', publishedAt: at, updatedAt: at }
          : // `at` >= updated_at >= published_at, so closed_at >= published_at holds.
            { status: 'closed', closedAt: at, updatedAt: at },
      )
      .where(and(eq(jobs.id, jobId), eq(jobs.status, locked.value.status)))
      .returning(jobColumns);
    return ok(toJob(row!));
  });
}
