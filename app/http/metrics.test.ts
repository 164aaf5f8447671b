import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { setMatchedOperation } from '../../runtime/matched-operation.js';
import type { OperationDef } from '../../runtime/operation.js';
import { storeFailures } from '../auth/observe.js';
import {
  createAppMetrics,
  httpMetrics,
  methodLabel,
  UNMATCHED_ROUTE,
  wantsOpenMetrics,
  type AppMetrics,
} from './metrics.js';

/** Counter value for exactly these labels (0 when the series does not exist). */
async function requestCount(metrics: AppMetrics, labels: Record<string, string>): Promise<number> {
  const { values } = await metrics.requests.get();
  return values
    .filter((v) =>
      Object.entries(labels).every(
        ([k, want]) => (v.labels as Record<string, unknown>)[k] === want,
      ),
    )
    .reduce((sum, v) => sum + v.value, 0);
}

function build(metrics = createAppMetrics({ processMetrics: false })) {
  const app = new Hono();
  app.use(httpMetrics(metrics));
  let inFlightDuring = -1;
  app.use('/limited/*', async (c) => c.text('slow down', 429));
  app.get('/things/:thingId', (c) => c.json({ id: c.req.param('thingId') }));
  app.get('/ops/:x', (c) => {
    // What the runtime does for a generated route: the spec's template wins.
    setMatchedOperation(c, { operationId: 'getOp' } as OperationDef, '/api/v1/ops/{opId}');
    return c.json({}, 404);
  });
  app.get('/busy', async (c) => {
    inFlightDuring = (await metrics.inFlight.get()).values[0]!.value;
    return c.body(null, 204);
  });
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.onError((_e, c) => c.text('internal', 500));
  return { app, metrics, inFlight: () => inFlightDuring };
}

describe('httpMetrics', () => {
  it.each([
    // [method, path, status, route label]
    ['GET', '/things/1', 200, '/things/{thingId}'],
    ['GET', '/ops/1', 404, '/api/v1/ops/{opId}'],
    ['GET', '/boom', 500, '/boom'],
    ['GET', '/limited/x', 429, UNMATCHED_ROUTE],
    ['GET', '/no/such/path', 404, UNMATCHED_ROUTE],
    ['DELETE', '/things/1', 404, UNMATCHED_ROUTE],
  ])('%s %s → %i counted under %s', async (method, path, status, route) => {
    const { app, metrics } = build();
    const res = await app.request(path, { method });
    expect(res.status).toBe(status);
    const labels = {
      method,
      route,
      status_code: String(status),
      status_class: `${String(status)[0]}xx`,
    };
    expect(await requestCount(metrics, labels)).toBe(1);
    const histogram = (await metrics.duration.get()).values.find(
      (v) => v.metricName === 'http_request_duration_seconds_count' && v.labels.route === route,
    );
    expect(histogram?.value).toBe(1);
  });

  it('labels many raw paths of one template as one series', async () => {
    const { app, metrics } = build();
    for (const id of ['1', '2', '3']) await app.request(`/things/${id}`);
    for (const p of ['/a', '/b/c', '/.env']) await app.request(p);
    const { values } = await metrics.requests.get();
    expect(values.map((v) => [v.labels.route, v.value])).toEqual([
      ['/things/{thingId}', 3],
      [UNMATCHED_ROUTE, 3],
    ]);
  });

  it('counts a request in flight while it runs, and not after', async () => {
    const { app, metrics, inFlight } = build();
    await app.request('/busy');
    expect(inFlight()).toBe(1);
    expect((await metrics.inFlight.get()).values[0]!.value).toBe(0);
  });

  it.each([
    ['GET', 'GET'],
    ['PATCH', 'PATCH'],
    ['PROPFIND', 'OTHER'],
    ['get', 'OTHER'],
  ])('method %s → label %s', (method, label) => {
    expect(methodLabel(method)).toBe(label);
  });
});

describe('createAppMetrics', () => {
  it('exposes HTTP, process and auth metrics in its own registry', async () => {
    const { app, metrics } = build(createAppMetrics());
    await app.request('/things/1');
    const text = await metrics.registry.metrics();
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds',
      'http_requests_in_flight',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'auth_store_failures_total',
    ]) {
      expect(text).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    }
    expect(text).toMatch(/^http_requests_total\{[^}]*route="\/things\/\{thingId\}"[^}]*\} 1$/m);
    // The auth module's counter is the very object its stores increment.
    expect(metrics.registry.getSingleMetric('auth_store_failures_total')).toBe(storeFailures);
  });

  it('keeps apps apart: one app’s requests are not another’s', async () => {
    const a = build(createAppMetrics());
    const b = build(createAppMetrics());
    await a.app.request('/things/1');
    expect(await requestCount(a.metrics, { route: '/things/{thingId}' })).toBe(1);
    expect(await requestCount(b.metrics, { route: '/things/{thingId}' })).toBe(0);
  });
});

describe('wantsOpenMetrics', () => {
  it.each([
    [undefined, false],
    ['*/*', false],
    ['text/plain;version=0.0.4', false],
    [
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      true,
    ],
    ['application/openmetrics-text', true],
    ['application/openmetrics-text;q=0', false],
    ['text/plain;q=0.9, application/openmetrics-text;q=0.5', false],
    ['text/plain;q=0.5, application/openmetrics-text;q=0.5', true],
    ['application/openmetrics-text;q=abc', false],
  ])('Accept %j → %s', (accept, expected) => {
    expect(wantsOpenMetrics(accept)).toBe(expected);
  });
});
