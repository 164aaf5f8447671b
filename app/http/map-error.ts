/**
 * Errors with a meaning clients should see, thrown from deep inside handlers or hooks.
 * An exhausted pool or a statement timeout is load, not a bug: 503 with Retry-After so
 * clients and load balancers back off instead of retrying into a hang.
 */
import type { MappedError } from '../../runtime/last-resort.js';
import { databaseBusy } from '../db/errors.js';
import { countDatabaseBusy } from '../db/pool-metrics.js';
import { problem } from '../../runtime/problem.js';

export function mapAppError(err: unknown): MappedError | undefined {
  const busy = databaseBusy(err);
  if (!busy) return undefined;
  countDatabaseBusy(busy.reason);
  return {
    problem: problem('serviceUnavailable', 'The database is busy; retry shortly.'),
    headers: { 'retry-after': String(busy.retryAfterSeconds) },
  };
}
