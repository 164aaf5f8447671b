import { describe, expect, it } from 'vitest';
import { DatabaseBusyError } from '../db/errors.js';
import { dbSafe, failureOfDbError, fieldOfConstraint, pgErrorOf } from './db-errors.js';
import { ok } from './result.js';

const pgError = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error('pg'), { code, ...extra });
// drizzle wraps driver errors: the pg fields sit on `cause`.
const wrapped = (inner: Error) => Object.assign(new Error('Failed query'), { cause: inner });

describe('database errors as failures', () => {
  it.each([
    ['jobs_salary_range_check', '/salaryMin'],
    ['jobs_currency_with_salary_check', '/currency'],
    ['jobs_salary_min_check', '/salaryMin'],
    ['company_members_one_owner_key', '/oneOwner'],
    ['applications_resume_url_check', '/resumeUrl'],
    ['users_email_check', '/email'],
    ['users_email_normalised_check', '/email'],
    ['jobs_check', ''],
    [undefined, ''],
  ])('constraint %s names %j', (constraint, field) => {
    expect(fieldOfConstraint(constraint)).toBe(field);
  });

  it.each([
    ['unique', pgError('23505'), 409],
    ['foreign key', pgError('23503'), 409],
    ['check', pgError('23514', { constraint: 'jobs_salary_range_check' }), 400],
    ['not null', pgError('23502', { column: 'resume_url' }), 400],
    ['too long', pgError('22001'), 400],
    ['busy', new DatabaseBusyError('pool_exhausted', 2), 503],
  ])('%s → %i (also when wrapped)', (_n, err, status) => {
    expect(failureOfDbError(err)?.status).toBe(status);
    expect(failureOfDbError(wrapped(err))?.status).toBe(status);
  });

  it('leaves other errors alone', () => {
    expect(failureOfDbError(pgError('42P01'))).toBeUndefined();
    expect(failureOfDbError(new Error('bug'))).toBeUndefined();
    expect(pgErrorOf('not an error')).toBeUndefined();
  });

  it('names the field of a check violation and sets Retry-After when busy', () => {
    const check = failureOfDbError(pgError('23514', { constraint: 'jobs_salary_range_check' }));
    expect(check).toMatchObject({
      status: 400,
      body: { errors: [{ in: 'body', path: '/salaryMin' }] },
    });
    expect(failureOfDbError(new DatabaseBusyError('too_many_connections', 2))).toMatchObject({
      headers: { 'Retry-After': 2 },
    });
  });

  it('dbSafe returns allowed failures and rethrows the rest', async () => {
    const r = await dbSafe([409], async () => Promise.reject(wrapped(pgError('23505'))));
    expect(r).toMatchObject({ ok: false, failure: { status: 409 } });
    await expect(dbSafe([400], async () => Promise.reject(pgError('23505')))).rejects.toThrow('pg');
    await expect(dbSafe([409], async () => Promise.reject(new Error('bug')))).rejects.toThrow(
      'bug',
    );
    expect(await dbSafe([409], async () => ok(1))).toEqual({ ok: true, value: 1 });
  });
});
