/**
 * Strict CORS: only origins on the CORS_ORIGINS allow-list get CORS headers; with an
 * empty list the middleware is a no-op and the API sends none at all. Credentials stay
 * off: the API authenticates with bearer tokens (POL-A-001), never cookies, so a browser
 * has no ambient credential to attach. Mount before rate limits and authentication, so a
 * preflight (which carries no token) is answered without spending the caller's budget.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { problem, problemResponse } from '../../runtime/problem.js';

/** Response headers a browser script may read besides the CORS-safelisted ones. */
export const EXPOSED_HEADERS = [
  'Idempotent-Replayed',
  'Location',
  'Retry-After',
  'WWW-Authenticate',
  'X-Request-Id',
];

/** Request headers the API reads; anything else in a preflight is not granted. */
export const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'];

export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Browsers cache a granted preflight this long (Chromium caps it at 2 hours). */
const PREFLIGHT_MAX_AGE_S = 600;

export function strictCors(origins: readonly string[]): MiddlewareHandler {
  if (origins.length === 0) return (_c, next) => next();
  const allowed = new Set(origins);
  const grant = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ALLOWED_METHODS,
    allowHeaders: ALLOWED_HEADERS,
    exposeHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_S,
  });
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && allowed.has(origin)) return grant(c, next);

    const preflight =
      c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined;
    if (origin !== undefined && preflight) {
      // A browser would refuse anyway (no Allow-Origin); the problem tells a developer why.
      return problemResponse(
        problem(
          'forbidden',
          `Cross-origin requests from ${origin} are not allowed (see CORS_ORIGINS).`,
        ),
        { vary: 'Origin' },
      );
    }
    await next();
    // Answers differ by Origin; shared caches must not hand this one to an allowed origin.
    c.res.headers.append('vary', 'Origin');
  };
}
