/**
 * Database errors a request can cause, as typed failures instead of 500s: a constraint
 * the request broke is the client's 400 (check, not-null, bad text) or a 409 (unique,
 * foreign key: the state changed under it); an overloaded database is a 503 with
 * Retry-After. Anything else is a bug and is rethrown (a logged 500).
 */
import { databaseBusy } from '../db/errors.js';
import { countDatabaseBusy } from '../db/pool-metrics.js';
import {
  conflict,
  fail,
  invalid,
  unavailable,
  type Failure,
  type FailureStatus,
  type Result,
} from './result.js';

interface PgErrorFields {
  code: string;
  constraint?: string;
  column?: string;
}

/** The PostgreSQL error behind `err`: drizzle wraps driver errors, so follow `cause`. */
export function pgErrorOf(err: unknown): PgErrorFields | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      const { constraint, column } = e as { constraint?: unknown; column?: unknown };
      return {
        code,
        ...(typeof constraint === 'string' ? { constraint } : {}),
        ...(typeof column === 'string' ? { column } : {}),
      };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Checks not named `<table>_<column>_check` name the field a client should fix here; the rest are derived. */
const constraintFields: Record<string, string> = {
  users_email_normalised_check: '/email',
  jobs_salary_range_check: '/salaryMin',
  jobs_currency_with_salary_check: '/currency',
};

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

// Constraint names start with their table (PostgreSQL's default naming); longest first.
const tables = [
  'idempotency_keys',
  'company_members',
  'refresh_tokens',
  'applications',
  'audit_log',
  'companies',
  'devices',
  'users',
  'jobs',
];

/** `jobs_salary_min_check` → `/salaryMin`; `''` when no single field is to blame. */
export function fieldOfConstraint(constraint: string | undefined, column?: string): string {
  if (column) return `/${camel(column)}`;
  if (!constraint) return '';
  const known = constraintFields[constraint];
  if (known) return known;
  const bare = constraint.replace(/_(check|key|fkey)$/, '');
  const table = tables.find((t) => bare.startsWith(`${t}_`));
  const rest = table ? bare.slice(table.length + 1) : '';
  // `jobs_check` (a table-level check) has no column left.
  return rest ? `/${camel(rest)}` : '';
}

export type DbFailureStatus = 400 | 409 | 503;

/** The typed failure for a database error, or undefined when it is not the request's fault. */
export function failureOfDbError(err: unknown): Failure<DbFailureStatus> | undefined {
  const busy = databaseBusy(err);
  if (busy) return unavailable('The database is busy; retry shortly.', busy.retryAfterSeconds);
  const pgErr = pgErrorOf(err);
  if (!pgErr) return undefined;
  switch (pgErr.code) {
    case '23505':
      return conflict('A resource with these values already exists.');
    case '23503':
      return conflict('A resource this request refers to does not exist (any more).');
    case '23514':
    case '23502':
      return invalid({
        in: 'body',
        path: fieldOfConstraint(pgErr.constraint, pgErr.column),
        message: 'Violates a data constraint',
      });
    case '22001':
    case '22003':
    case '22P02':
    case '22007':
    case '22008':
      return invalid({ in: 'body', path: '', message: 'A value is out of range or malformed' });
    default:
      return undefined;
  }
}

/**
 * Runs a domain operation, turning request-caused database errors into failures. `allow`
 * lists the statuses the operation's spec declares; a database error that maps to any
 * other status is rethrown (a logged 500): it would be a bug, not the client's doing.
 */
export async function dbSafe<T, S extends FailureStatus, A extends DbFailureStatus>(
  allow: readonly A[],
  run: () => Promise<Result<T, S>>,
): Promise<Result<T, S | A>> {
  try {
    return await run();
  } catch (err) {
    const failure = failureOfDbError(err);
    if (failure && (allow as readonly number[]).includes(failure.status)) {
      // Counted where answered; a rethrown busy error is counted by mapAppError instead.
      const busy = failure.status === 503 ? databaseBusy(err) : undefined;
      if (busy) countDatabaseBusy(busy.reason);
      return fail(failure as Failure<A>);
    }
    throw err;
  }
}
