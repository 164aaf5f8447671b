/**
 * The request plumbing in front of the generated routes, on a real Hono app: request ids
 * (honoured, generated, echoed even on raw Responses), the request-scoped logger, the 413
 * body limit, the access log and the last-resort error handler (problem+json, no internals, logged under the id).
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { DatabaseBusyError } from '../db/errors.js';
import { captureLogs } from '../../test/support/logs.js';
import type { Logger } from '../telemetry/logger.js';
import {
  accessLog,
  bodySizeLimit,
  loggerOf,
  requestIds,
  requestLogging,
  runtimeLogger,
} from './middleware.js';
import { mapAppError } from './map-error.js';
import { lastResortHandler } from '../../runtime/last-resort.js';
import { PROBLEM_CONTENT_TYPE, problemTypes } from '../../runtime/problem.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The app's real logger, writing to memory; `records` reads what was written so far. */
function recordingLogger() {
  const logs = captureLogs();
  return { logger: logs.logger, records: logs.records };
}

function appWith(logger: Logger, limit = 64) {
  const app = new Hono();
  app.use(requestIds());
  app.use(requestLogging(logger));
  app.use(accessLog(logger));
  app.use(bodySizeLimit(limit));
  app.get('/ok', (c) => c.json({ id: c.get('requestId' as never) }));
  // Routes that build a Response themselves bypass the headers Hono prepares.
  app.get('/raw', () => new Response('raw', { status: 202 }));
  app.post('/echo', async (c) => c.text(await c.req.text()));
  app.get('/boom', () => {
    throw new Error('secret table users_password_hash is corrupt');
  });
  // Hono hands only Error instances to onError; call the handler directly for the rest.
  app.get('/string-thrown', (c) =>
    lastResortHandler(runtimeLogger(logger), mapAppError)('a bare string' as never, c),
  );
  app.get('/teapot', () => {
    throw new HTTPException(418, { message: 'I am a teapot' });
  });
  app.get('/http-empty', () => {
    throw new HTTPException(409);
  });
  app.get('/http-500', () => {
    throw new HTTPException(502, { message: 'upstream said no' });
  });
  app.get('/busy', () => {
    throw new Error('drizzle wrapped', {
      cause: new DatabaseBusyError('too_many_connections', 2),
    });
  });
  app.onError(lastResortHandler(runtimeLogger(logger), mapAppError));
  return app;
}

describe('requestIds', () => {
  const { logger } = recordingLogger();
  const app = appWith(logger);

  it('generates a UUID when the client sends none and echoes it', async () => {
    const res = await app.request('/ok');
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    expect(await res.json()).toEqual({ id });
  });

  it('honours a well-formed incoming id', async () => {
    const res = await app.request('/ok', { headers: { 'x-request-id': 'trace-abc_123=' } });
    expect(res.headers.get('x-request-id')).toBe('trace-abc_123=');
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['header-injection characters', 'abc def'],
    ['path characters', '../../etc/passwd'],
  ])('replaces an incoming id that is %s', async (_why, incoming) => {
    const res = await app.request('/ok', { headers: { 'x-request-id': incoming } });
    expect(res.headers.get('x-request-id')).toMatch(UUID);
  });

  it('accepts exactly 128 characters', async () => {
    const id = 'b'.repeat(128);
    const res = await app.request('/ok', { headers: { 'x-request-id': id } });
    expect(res.headers.get('x-request-id')).toBe(id);
  });

  it('sets the id on a Response a route built by hand', async () => {
    const res = await app.request('/raw', { headers: { 'x-request-id': 'raw-1' } });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-request-id')).toBe('raw-1');
  });
});

describe('bodySizeLimit', () => {
  const { logger } = recordingLogger();
  const app = appWith(logger, 64);

  it('passes a body at the limit through', async () => {
    const body = 'x'.repeat(64);
    const res = await app.request('/echo', { method: 'POST', body });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(body);
  });

  it('answers 413 problem+json one byte over the limit', async () => {
    const res = await app.request('/echo', { method: 'POST', body: 'x'.repeat(65) });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
    expect(await res.json()).toEqual({
      type: problemTypes.payloadTooLarge,
      title: 'Payload Too Large',
      status: 413,
      detail: 'Request bodies are limited to 64 bytes',
    });
  });

  it('rejects a declared Content-Length over the limit', async () => {
    const res = await app.request('/echo', {
      method: 'POST',
      body: 'x'.repeat(10),
      headers: { 'content-length': '100000' },
    });
    expect(res.status).toBe(413);
  });

  it('decides a body with a Content-Length from the header, and leaves GETs alone', async () => {
    const body = 'y'.repeat(64);
    const fits = await app.request('/echo', {
      method: 'POST',
      body,
      headers: { 'content-length': '64' },
    });
    expect(await fits.text()).toBe(body);
    const get = await app.request('/raw', { headers: { 'content-length': '100000' } });
    expect(get.status).not.toBe(413);
  });

  it('counts a streamed body (no Content-Length) as it arrives', async () => {
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new TextEncoder().encode('z'.repeat(20)));
        controller.close();
      },
    });
    const res = await app.request('/echo', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });
});

describe('accessLog', () => {
  it('logs one info line per request with id, method, path, status and duration', async () => {
    const { logger, records } = recordingLogger();
    const app = appWith(logger);
    const started = performance.now();
    await app.request('/raw?q=1', { headers: { 'x-request-id': 'log-1' } });
    await app.request('/nowhere', { method: 'DELETE' });
    const elapsed = performance.now() - started;
    const lines = records().filter((r) => r.message === 'request');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.level).toBe('info');
    expect(lines[0]!).toMatchObject({
      requestId: 'log-1',
      method: 'GET',
      path: '/raw',
      status: 202,
    });
    expect(lines[1]!).toMatchObject({ method: 'DELETE', path: '/nowhere', status: 404 });
    // Milliseconds, rounded to 0.1: within what the two requests took together.
    for (const l of lines) {
      expect(l.durationMs).toBeTypeOf('number');
      expect(l.durationMs as number).toBeLessThanOrEqual(Math.round(elapsed * 10) / 10 + 0.1);
    }
  });
});

describe('requestLogging', () => {
  it('gives every line of a request its id once: the child logger and the injected root alike', async () => {
    const { logger, records } = recordingLogger();
    const app = new Hono();
    app.use(requestIds());
    app.use(requestLogging(logger));
    app.get('/work', async (c) => {
      loggerOf(c, logger).info({ step: 1 }, 'from the request child');
      await new Promise((r) => setTimeout(r, 1));
      // Deep code (auth stores, handlers) holds the root logger, not the request.
      logger.warn({ step: 2 }, 'from the root logger');
      return c.text('ok');
    });
    await Promise.all([
      app.request('/work', { headers: { 'x-request-id': 'req-a' } }),
      app.request('/work', { headers: { 'x-request-id': 'req-b' } }),
    ]);
    const lines = records();
    expect(lines).toHaveLength(4);
    for (const id of ['req-a', 'req-b']) {
      expect(lines.filter((l) => l.requestId === id).map((l) => l.step)).toEqual([1, 2]);
    }
    logger.info('outside any request');
    expect(records().at(-1)).not.toHaveProperty('requestId');
  });

  it('never writes requestId twice in one line', async () => {
    const logs = captureLogs();
    const app = new Hono();
    app.use(requestIds());
    app.use(requestLogging(logs.logger));
    app.get('/x', (c) => {
      loggerOf(c, logs.logger).info('child line');
      return c.text('ok');
    });
    await app.request('/x', { headers: { 'x-request-id': 'once' } });
    expect(logs.lines).toHaveLength(1);
    expect(logs.lines[0]!.match(/"requestId"/g)).toHaveLength(1);
  });

  it('falls back to the root logger where the middleware did not run', async () => {
    const { logger, records } = recordingLogger();
    const app = new Hono();
    app.get('/x', (c) => {
      loggerOf(c, logger).info('plain');
      return c.text('ok');
    });
    await app.request('/x');
    expect(records()).toEqual([expect.objectContaining({ message: 'plain' })]);
    expect(records()[0]).not.toHaveProperty('requestId');
  });
});

describe('the last-resort handler, logging through runtimeLogger', () => {
  it('turns an unexpected error into a 500 problem with the request id and no internals', async () => {
    const { logger, records } = recordingLogger();
    const res = await appWith(logger).request('/boom', { headers: { 'x-request-id': 'e-1' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      type: problemTypes.internal,
      title: 'Internal Server Error',
      status: 500,
      requestId: 'e-1',
    });
    expect(text).not.toMatch(/users_password_hash|at .*\.ts/);
    // The details go to the log, under the id the client saw.
    const logged = records().find((r) => r.message === 'unhandled error');
    expect(logged?.level).toBe('error');
    expect(logged).toMatchObject({ requestId: 'e-1', method: 'GET', path: '/boom' });
    const error = logged?.err as { type: string; message: string; stack: string };
    expect(error.type).toBe('Error');
    expect(error.message).toContain('users_password_hash');
    expect(error.stack).toContain('middleware.test.ts');
  });

  it('logs a thrown non-Error as text', async () => {
    const { logger, records } = recordingLogger();
    const res = await appWith(logger).request('/string-thrown');
    expect(res.status).toBe(500);
    expect(records().find((r) => r.message === 'unhandled error')?.err).toBe('a bare string');
  });

  it('maps a busy database (in the cause chain) to 503 with Retry-After, unlogged', async () => {
    const { logger, records } = recordingLogger();
    const res = await appWith(logger).request('/busy');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
    expect(await res.json()).toMatchObject({
      type: problemTypes.serviceUnavailable,
      status: 503,
    });
    expect(records().some((r) => r.level === 'error')).toBe(false);
  });

  it.each([
    ['/teapot', 418, { title: 'Request rejected', detail: 'I am a teapot' }],
    ['/http-empty', 409, { title: 'Conflict' }],
  ])('keeps a client-error HTTPException (%s) as a %i problem', async (path, status, text) => {
    const { logger, records } = recordingLogger();
    const res = await appWith(logger).request(path, { headers: { 'x-request-id': 'h-1' } });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
    expect(await res.json()).toEqual({ type: 'about:blank', ...text, status, requestId: 'h-1' });
    expect(records().some((r) => r.level === 'error')).toBe(false);
  });

  it('treats a 5xx HTTPException as an internal error (logged, details hidden)', async () => {
    const { logger, records } = recordingLogger();
    const res = await appWith(logger).request('/http-500');
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain('upstream');
    expect(records().some((r) => r.message === 'unhandled error')).toBe(true);
  });

  it('omits requestId when no id middleware ran', async () => {
    const { logger } = recordingLogger();
    const app = new Hono();
    app.get('/x', () => {
      throw new Error('no id');
    });
    app.onError(lastResortHandler(runtimeLogger(logger), mapAppError));
    const res = await app.request('/x');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      type: problemTypes.internal,
      title: 'Internal Server Error',
      status: 500,
    });
  });
});
