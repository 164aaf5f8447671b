/**
 * Database overload as a typed error. A full pool, a statement timeout or a server out
 * of connections is not a bug in the request: the HTTP layer answers 503 with
 * Retry-After (via `databaseBusy(err)`), never a 500 and never a hung request.
 */
import pg from 'pg';

export type BusyReason = 'pool_exhausted' | 'statement_timeout' | 'too_many_connections';

export class DatabaseBusyError extends Error {
  override name = 'DatabaseBusyError';
  /** The HTTP status this error stands for. */
  readonly status = 503 as const;
  constructor(
    readonly reason: BusyReason,
    /** What to put in Retry-After, in seconds. */
    readonly retryAfterSeconds = 1,
    options?: { cause?: unknown },
  ) {
    super(`database busy (${reason})`, options);
  }
}

/** node-postgres' message when no pooled connection frees up within connectionTimeoutMillis. */
const POOL_TIMEOUT = 'timeout exceeded when trying to connect';

function classify(e: unknown): DatabaseBusyError | undefined {
  if (e instanceof DatabaseBusyError) return e;
  if (!(e instanceof Error)) return undefined;
  const code = (e as { code?: unknown }).code;
  if (e.message === POOL_TIMEOUT) return new DatabaseBusyError('pool_exhausted', 1, { cause: e });
  if (code === '57014') return new DatabaseBusyError('statement_timeout', 1, { cause: e });
  if (code === '53300') return new DatabaseBusyError('too_many_connections', 2, { cause: e });
  return undefined;
}

/**
 * The DatabaseBusyError behind `err`, if any: drizzle wraps driver errors
 * (DrizzleQueryError), so the cause chain is searched.
 */
export function databaseBusy(err: unknown): DatabaseBusyError | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 8; depth++) {
    const busy = classify(e);
    if (busy) return busy;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A pg Pool whose "no connection in time" failures arrive as DatabaseBusyError. */
export class BusyAwarePool extends pg.Pool {
  // pg-pool's connect has a callback form (used by pool.query) and a promise form.
  override connect(): Promise<pg.PoolClient>;
  override connect(
    callback: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): void;
  override connect(callback?: (...args: never[]) => void): Promise<pg.PoolClient> | void {
    if (!callback) {
      return super.connect().catch((err: unknown) => {
        throw classify(err) ?? err;
      });
    }
    const cb = callback as unknown as (e: unknown, c?: pg.PoolClient, d?: () => void) => void;
    super.connect((err, client, done) => cb(err ? (classify(err) ?? err) : err, client, done));
  }
}
