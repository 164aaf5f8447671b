/**
 * The app's logger as operators read it: one JSON object per line with an ISO time, the
 * level as a word and `message`; filtered by level; secrets redacted by key; the request id
 * and the active span's trace ids on every line written inside them.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/support/logs.js';
import { forRequest, inRequestScope, REDACTED, silentLogger } from './logger.js';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

describe('createLogger', () => {
  it.each([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
  ] as const)('at level %s writes exactly %j', (level, expected) => {
    const logs = captureLogs(level);
    for (const l of LEVELS) logs.logger[l](`m-${l}`);
    expect(logs.records().map((r) => r.level)).toEqual(expected);
    expect(logs.messages()).toEqual(expected.map((l) => `m-${l}`));
  });

  it('writes one JSON line: ISO time, level word, message, the fields; no pid or hostname', () => {
    const logs = captureLogs('info');
    const before = Date.now();
    logs.logger.info({ status: 201, nested: { a: [1, 2] } }, 'request');
    expect(logs.lines).toHaveLength(1);
    const record = logs.records()[0]!;
    expect(Object.keys(record).sort()).toEqual(['level', 'message', 'nested', 'status', 'time']);
    expect(record).toMatchObject({ level: 'info', message: 'request', status: 201 });
    const time = Date.parse(record.time as string);
    expect(record.time).toBe(new Date(time).toISOString());
    expect(time).toBeGreaterThanOrEqual(before - 1);
    expect(time).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('also takes the message first (the runtime logger contract), keeping every field', () => {
    const logs = captureLogs();
    logs.logger.error('response does not match the spec', { operationId: 'getJob', status: 200 });
    expect(logs.records()[0]).toMatchObject({
      message: 'response does not match the spec',
      operationId: 'getJob',
      status: 200,
    });
  });

  it('keeps a multi-line message and a stack on one line', () => {
    const logs = captureLogs();
    logs.logger.error({ err: new Error('first\nsecond') }, 'failed');
    expect(logs.lines).toHaveLength(1);
    const err = logs.records()[0]!.err as Record<string, string>;
    expect(err.message).toBe('first\nsecond');
    expect(err.stack).toContain('logger.test.ts');
  });

  it('silentLogger writes nothing at any level', () => {
    expect(silentLogger.level).toBe('silent');
    for (const l of LEVELS) expect(silentLogger.isLevelEnabled(l)).toBe(false);
  });
});

describe('redaction', () => {
  const secrets = {
    authorization: 'Bearer eyJhbGciOi.secret-token',
    cookie: 'session=cookie-secret',
    'set-cookie': 'refresh=set-cookie-secret',
    password: 'hunter2-password',
    currentPassword: 'old-secret-pass',
    newPassword: 'new-secret-pass',
    accessToken: 'access-secret',
    refreshToken: 'refresh-secret',
  };

  it.each([
    ['at the top level', secrets],
    ['one level down', { body: secrets }],
    ['two levels down (request headers)', { req: { headers: secrets } }],
  ])('hides every secret key %s', (_where, fields) => {
    const logs = captureLogs();
    logs.logger.info(fields, 'with secrets');
    const line = logs.lines[0]!;
    for (const value of Object.values(secrets)) expect(line).not.toContain(value);
    expect(line.match(new RegExp(`"${REDACTED.replace(/[[\]]/g, '\\$&')}"`, 'g'))).toHaveLength(
      Object.keys(secrets).length,
    );
  });

  it('hides secrets in message-first calls too', () => {
    const logs = captureLogs();
    logs.logger.warn('login failed', { email: 'a@example.com', password: 'hunter2-password' });
    expect(logs.lines[0]).not.toContain('hunter2');
    expect(logs.records()[0]).toMatchObject({ email: 'a@example.com', password: REDACTED });
  });
});

describe('correlation', () => {
  it('adds the request id inside a request scope, and the child logger carries it once', () => {
    const logs = captureLogs();
    inRequestScope('r-1', () => {
      logs.logger.info('root');
      forRequest(logs.logger, 'r-1').info('child');
    });
    logs.logger.info('after');
    expect(logs.records().map((r) => r.requestId)).toEqual(['r-1', 'r-1', undefined]);
    expect(logs.lines[1]!.match(/requestId/g)).toHaveLength(1);
  });

  it('adds trace_id, span_id and trace_flags of the active span, none outside it', () => {
    const logs = captureLogs();
    const provider = new NodeTracerProvider({ spanProcessors: [] });
    provider.register();
    try {
      const tracer = provider.getTracer('logger-test');
      const ids = tracer.startActiveSpan('work', (span) => {
        logs.logger.info('inside');
        span.end();
        return span.spanContext();
      });
      logs.logger.info('outside');
      const [inside, outside] = logs.records();
      expect(inside).toMatchObject({
        trace_id: ids.traceId,
        span_id: ids.spanId,
        trace_flags: '01',
      });
      expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(outside).not.toHaveProperty('trace_id');
    } finally {
      trace.disable();
      context.disable();
      propagation.disable();
    }
  });
});
