/**
 * Client spans around the embedded database's calls. PostgreSQL (`pg`) gets its spans from
 * `@opentelemetry/instrumentation-pg` (registered by ./register.ts); PGlite runs in this
 * process and has no instrumentation, so its `query`, `exec` and `transaction` are wrapped
 * here, on the instance, and a trace shows the database time of the default setup too.
 *
 * Only the statement text (with `$n` placeholders) is recorded, never parameter values:
 * they carry emails and password hashes.
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';

const SYSTEM = 'postgresql';

/** `SELECT`, `INSERT`, … — the span name semantic conventions suggest when no table is known. */
export function operationName(sql: string): string {
  const m = /^\s*(?:--[^\n]*\n\s*)*([A-Za-z]+)/.exec(sql);
  return m ? m[1]!.toUpperCase() : SYSTEM;
}

async function inSpan<T>(
  tracer: Tracer,
  name: string,
  sql: string | undefined,
  run: () => Promise<T>,
): Promise<T> {
  // Statements outside any request (migrations, the permission reload timer) stay untraced.
  if (!trace.getActiveSpan()) return run();
  return tracer.startActiveSpan(
    name,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': SYSTEM,
        'db.system': SYSTEM,
        ...(sql ? { 'db.query.text': sql } : {}),
      },
    },
    async (span) => {
      try {
        return await run();
      } catch (err) {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

type Queryable = Pick<PGlite, 'query' | 'exec'> | Pick<Transaction, 'query' | 'exec'>;

function wrapQueries(target: Queryable, tracer: Tracer): void {
  const query = target.query.bind(target);
  const exec = target.exec.bind(target);
  target.query = ((sql: string, params?: unknown[], options?: object) =>
    inSpan(tracer, operationName(sql), sql, () => query(sql, params, options))) as typeof query;
  target.exec = ((sql: string, options?: object) =>
    inSpan(tracer, operationName(sql), sql, () => exec(sql, options))) as typeof exec;
}

/** Patches `client` in place (drizzle already holds it) and returns it. */
export function traceDatabaseCalls(client: PGlite, tracer: Tracer): PGlite {
  wrapQueries(client, tracer);
  const transaction = client.transaction.bind(client);
  client.transaction = ((callback: (tx: Transaction) => Promise<unknown>) =>
    inSpan(tracer, 'transaction', undefined, () =>
      transaction((tx) => {
        wrapQueries(tx, tracer);
        return callback(tx);
      }),
    )) as typeof transaction;
  return client;
}
