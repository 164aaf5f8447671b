/**
 * Request-level plumbing that runs before the generated routes: request ids, the
 * request-scoped logger, the body-size limit, the access log, and the logger the
 * runtime's last-resort error handler reports to.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { RuntimeLogger } from '../../runtime/last-resort.js';
import { problem, problemResponse } from '../../runtime/problem.js';
import { forRequest, inRequestScope, type Logger } from '../telemetry/logger.js';

/**
 * Honours a well-formed incoming X-Request-Id (for tracing across services), else a UUID,
 * and echoes it on every response, including the Response objects routes build directly
 * (which bypass the headers hono's middleware prepares).
 */
export function requestIds(): MiddlewareHandler {
  const assign = requestId({ limitLength: 128 });
  return (c, next) =>
    assign(c, async () => {
      await next();
      const id = requestIdOf(c);
      if (id && !c.res.headers.has('x-request-id')) c.res.headers.set('x-request-id', id);
    });
}

/**
 * 413 problem+json instead of reading an oversized body. Requests that cannot carry a body
 * and bodies with a Content-Length are decided from the headers alone: hono's limit asks
 * for `c.req.raw.body` first, which on @hono/node-server builds a full fetch Request (a
 * web stream around the socket) for every request, GETs included, and keeps the runtime
 * from reading the body from Node directly (runtime/node-incoming.ts). Streamed bodies
 * (no length) are counted by hono's limit as they arrive.
 */
export function bodySizeLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = () =>
    problemResponse(problem('payloadTooLarge', `Request bodies are limited to ${maxBytes} bytes`));
  const streamed = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined)
      return streamed(c, next);
    // Node refuses a malformed Content-Length before we see it; anything else is a number.
    return Number(length) > maxBytes ? Promise.resolve(tooLarge()) : next();
  };
}

function requestIdOf(c: Context): string | undefined {
  const id = (c.var as Record<string, unknown>).requestId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Mount right after `requestIds`: the rest of the request runs in a logging scope, so every
 * line any injected logger writes for it carries its request id, and `c.var.logger` is a
 * child logger bound to that id.
 */
export function requestLogging(logger: Logger): MiddlewareHandler {
  return (c, next) => {
    const id = requestIdOf(c);
    if (!id) return next();
    c.set('logger' as never, forRequest(logger, id) as never);
    return inRequestScope(id, next);
  };
}

/** The request's child logger when `requestLogging` ran, else `fallback`. */
export function loggerOf(c: Context, fallback: Logger): Logger {
  const scoped = (c.var as Record<string, unknown>).logger;
  return (scoped as Logger | undefined) ?? fallback;
}

/**
 * One `request` line per request. At `LOG_LEVEL=debug` it also carries the request headers,
 * with credentials (authorization, cookies) redacted by the logger.
 */
export function accessLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const log = loggerOf(c, logger);
    const headers: Record<string, string> = {};
    if (log.isLevelEnabled('debug')) c.req.raw.headers.forEach((v, k) => (headers[k] = v));
    log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(log.isLevelEnabled('debug') ? { headers } : {}),
      },
      'request',
    );
  };
}

/**
 * The logger the runtime reports to (its last-resort error handler, response checks):
 * the request's scoped logger when there is one, so the line carries the request id.
 */
export function runtimeLogger(logger: Logger): RuntimeLogger {
  return {
    error: (message, fields, c) => (c ? loggerOf(c, logger) : logger).error(fields, message),
  };
}
