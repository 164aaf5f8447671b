/**
 * What an operator sees of one request, on the real app (buildServer, generated routes,
 * real auth module, PGlite): a SERVER span named by the route template with a database
 * span under it, a continued W3C `traceparent`, log lines that all carry the trace id and
 * request id with credentials redacted, and exemplars pointing at the trace in the
 * OpenMetrics exposition. Spans are read from an in-memory exporter, logs from the real
 * logger writing to memory.
 */
import { randomUUID } from 'node:crypto';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthModule } from '../../app/auth/module.js';
import { loadConfig } from '../../app/config.js';
import { createTestDatabase } from '../support/test-database.js';
import { createAppMetrics } from '../../app/http/metrics.js';
import { buildServer } from '../../app/server.js';
import { traceDatabaseCalls } from '../../app/telemetry/db-spans.js';
import { REDACTED } from '../../app/telemetry/logger.js';
import { captureLogs } from '../support/logs.js';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
// Global context manager and W3C propagator, as the SDK registers them in production.
provider.register();
const tracer = provider.getTracer('jobboard');

const tdb = await createTestDatabase();
traceDatabaseCalls(tdb.client, tracer);
const logs = captureLogs('debug');
// development, not test: the test env turns the access log off.
const config = loadConfig({
  NODE_ENV: 'development',
  BCRYPT_COST: '4',
  PERMISSIONS_REFRESH_SECONDS: '0',
  RATE_LIMITS: JSON.stringify({ globalPerIp: { limit: 1_000_000, windowMs: 60_000 } }),
});
const auth = await createAuthModule({ config: config.auth, db: tdb.db, logger: logs.logger });
const metrics = createAppMetrics({ processMetrics: false });
const app = buildServer({
  deps: {
    config,
    logger: logs.logger,
    clock: () => new Date(),
    db: tdb.db,
    auth,
    metrics,
    tracer,
  },
});

afterAll(async () => {
  await auth.close();
  await tdb.close();
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

beforeEach(() => {
  exporter.reset();
  logs.lines.length = 0;
});

const JOB_ROUTE = 'GET /api/v1/jobs/{jobId}';

function serverSpan(): ReadableSpan {
  const servers = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER);
  expect(servers).toHaveLength(1);
  return servers[0]!;
}

describe('tracing', () => {
  it('names the server span by route template and nests the database span under it', async () => {
    const res = await app.request(`/api/v1/jobs/${randomUUID()}`, {
      headers: { 'x-request-id': 'trace-req-1' },
    });
    expect(res.status).toBe(404);
    const server = serverSpan();
    expect(server.name).toBe(JOB_ROUTE);
    expect(server.attributes).toMatchObject({
      'http.route': '/api/v1/jobs/{jobId}',
      'http.request.method': 'GET',
      'http.response.status_code': 404,
    });
    const { traceId, spanId } = server.spanContext();
    const db = exporter
      .getFinishedSpans()
      .filter((s) => s.attributes['db.system.name'] === 'postgresql');
    expect(db.length).toBeGreaterThanOrEqual(1);
    for (const span of db) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.spanContext().traceId).toBe(traceId);
      expect(span.parentSpanContext?.spanId).toBe(spanId);
      expect(span.name).toBe('SELECT');
      expect(span.attributes['db.query.text']).toMatch(/^select /i);
    }
  });

  it('puts the trace id and the request id on every log line of the request', async () => {
    await app.request(`/api/v1/jobs/${randomUUID()}`, {
      headers: { 'x-request-id': 'trace-req-2' },
    });
    const { traceId } = serverSpan().spanContext();
    const lines = logs.records();
    expect(lines.map((l) => l.message)).toContain('request');
    for (const line of lines) {
      expect(line).toMatchObject({ trace_id: traceId, requestId: 'trace-req-2' });
      expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('continues an incoming W3C traceparent', async () => {
    const incomingTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const incomingSpan = '00f067aa0ba902b7';
    await app.request(`/api/v1/jobs/${randomUUID()}`, {
      headers: { traceparent: `00-${incomingTrace}-${incomingSpan}-01` },
    });
    const server = serverSpan();
    expect(server.spanContext().traceId).toBe(incomingTrace);
    expect(server.parentSpanContext).toMatchObject({ spanId: incomingSpan, isRemote: true });
    expect(logs.records().every((l) => l.trace_id === incomingTrace)).toBe(true);
  });

  it('starts a new trace for a malformed traceparent', async () => {
    await app.request(`/api/v1/jobs/${randomUUID()}`, {
      headers: { traceparent: '00-not-a-trace-01' },
    });
    const server = serverSpan();
    expect(server.parentSpanContext).toBeUndefined();
    expect(server.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('names an unmatched request by its method only and marks 5xx as errors', async () => {
    await app.request('/no/such/path');
    expect(serverSpan().name).toBe('GET');
  });
});

describe('log redaction', () => {
  it('never writes a login body, tokens, cookies or an Authorization header', async () => {
    const email = `redact-${randomUUID()}@example.com`;
    const password = 'Correct-Horse-Battery-93!';
    const registered = await app.request('/api/v1/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, displayName: 'Redacted' }),
    });
    expect(registered.status).toBe(202);
    const login = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'session=cookie-secret-1' },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    const { accessToken, refreshToken } = (await login.json()) as Record<string, string>;
    const wrong = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'Wrong-Password-77' }),
    });
    expect(wrong.status).toBe(401);
    const me = await app.request('/api/v1/auth/me', {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(me.status).toBe(200);

    const text = logs.lines.join('\n');
    for (const secret of [
      password,
      'Wrong-Password-77',
      accessToken!,
      refreshToken!,
      'cookie-secret-1',
    ]) {
      expect(text).not.toContain(secret);
    }
    // The headers did reach the (debug) access log: redacted, not merely absent.
    const access = logs.records().filter((l) => l.message === 'request');
    expect(access).toHaveLength(4);
    expect(access[1]!.headers).toMatchObject({ cookie: REDACTED });
    expect(access[3]!.headers).toMatchObject({ authorization: REDACTED });
  });
});

describe('exemplars', () => {
  it('carry the trace id in OpenMetrics, and the Prometheus text stays without them', async () => {
    await app.request(`/api/v1/jobs/${randomUUID()}`);
    const { traceId, spanId } = serverSpan().spanContext();

    const open = await app.request('/metrics', {
      headers: { accept: 'application/openmetrics-text;version=1.0.0,text/plain;q=0.5' },
    });
    expect(open.headers.get('content-type')).toMatch(/^application\/openmetrics-text/);
    const body = await open.text();
    expect(body.endsWith('# EOF\n')).toBe(true);
    const bucket = body
      .split('\n')
      .find(
        (l) =>
          l.startsWith('http_request_duration_seconds_bucket{') &&
          l.includes('route="/api/v1/jobs/{jobId}"') &&
          l.includes(`trace_id="${traceId}"`),
      );
    expect(bucket).toMatch(
      new RegExp(` # \\{trace_id="${traceId}",span_id="${spanId}"\\} [0-9.e-]+ [0-9.]+$`),
    );
    expect(body).toContain('# TYPE http_requests counter');

    const plain = await app.request('/metrics');
    expect(plain.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await plain.text();
    expect(text).not.toContain('trace_id');
    // Rendering OpenMetrics first must not have renamed the counter for Prometheus.
    expect(text).toContain('# TYPE http_requests_total counter');
  });
});
