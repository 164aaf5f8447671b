/**
 * Which operation a request matched, published on the Hono context so middleware that
 * runs around the generated routes (metrics, logs, tracing) can name the request by its
 * route TEMPLATE (`/api/v1/jobs/{jobId}`), never by its raw path: raw paths carry ids and
 * would give a metric one series per job.
 */
import type { Context } from 'hono';
import type { OperationDef } from './operation.js';

export interface MatchedOperation {
  operation: OperationDef;
  /** The operation's OpenAPI path template with the server base path. */
  route: string;
}

export function setMatchedOperation(c: Context, operation: OperationDef, route: string): void {
  c.set('operation', operation);
  c.set('routeTemplate', route);
}

/** Undefined when no operation matched (unknown path, 405, or a middleware answered first). */
export function matchedOperation(c: Context): MatchedOperation | undefined {
  // `c.get`, not `c.var`: the latter copies every variable into a new object per read.
  const get = c.get as (key: string) => unknown;
  const operation = get('operation') as OperationDef | undefined;
  const route = get('routeTemplate');
  return operation && typeof route === 'string' ? { operation, route } : undefined;
}
