/**
 * The last resort for a request: what an error nobody handled becomes (a problem+json that
 * shows no internals, never a stack trace), and the request id it is logged under. Shared
 * by the generated routes (create-api.ts) and the app, which mounts no other error handler.
 */
import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { problem, problemResponse, statusProblem, type Problem } from './problem.js';

/**
 * Where the runtime reports what it cannot answer for: an unhandled error (`fields.err` is
 * the thrown value) or a response the spec does not allow. The caller injects it; the
 * runtime has no logger of its own. `c` is the request's context, for a request-scoped
 * logger.
 */
export interface RuntimeLogger {
  error(message: string, fields: Record<string, unknown>, c?: Context): void;
}

export interface MappedError {
  problem: Problem;
  headers?: Record<string, string>;
}

function requestIdVar(c: Context): string | undefined {
  // `c.get`, not `c.var`: the latter copies every variable into a new object per read.
  const fromMiddleware = (c.get as (key: string) => unknown)('requestId');
  return typeof fromMiddleware === 'string' ? fromMiddleware : undefined;
}

export function requestIdOf(c: Context): string {
  return requestIdVar(c) ?? crypto.randomUUID();
}

/**
 * The one last-resort error handler (the app mounts no other): an error `mapError` knows
 * becomes its problem; a 4xx HTTPException thrown by middleware keeps its status; anything
 * else is logged under the request id and answered with a 500 that shows no internals.
 */
export function lastResortHandler(
  logger: RuntimeLogger,
  mapError?: (err: unknown) => MappedError | undefined,
): ErrorHandler {
  return (err, c) => lastResort(c, err, logger, mapError);
}

export function lastResort(
  c: Context,
  err: unknown,
  logger: RuntimeLogger,
  mapError: ((err: unknown) => MappedError | undefined) | undefined,
  requestId: string | undefined = requestIdVar(c),
): Response {
  const mapped = mapError?.(err);
  if (mapped) return problemResponse(mapped.problem, mapped.headers);
  const withId = requestId ? { requestId } : {};
  if (err instanceof HTTPException && err.status < 500) {
    return problemResponse({ ...statusProblem(err.status, err.message), ...withId });
  }
  logger.error(
    'unhandled error',
    { ...withId, method: c.req.method, path: new URL(c.req.url).pathname, err },
    c,
  );
  return problemResponse(problem('internal', undefined, withId));
}
