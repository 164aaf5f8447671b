/**
 * Operations middleware through the real app (buildServer, generated routes, the real auth
 * module, a migrated PGlite): RED metrics per route template, /metrics access in
 * production, security headers on every answer, strict CORS ahead of rate limits and auth.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthModule, type AuthModule } from '../../app/auth/module.js';
import { loadConfig } from '../../app/config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { silentLogger } from '../../app/telemetry/logger.js';
import { createAppMetrics, UNMATCHED_ROUTE, type AppMetrics } from '../../app/http/metrics.js';
import { buildServer } from '../../app/server.js';

const METRICS_TOKEN = 'e2e-metrics-token-0123456789abcdef-0123';
const ORIGIN = 'https://app.example.com';
const prodKey = generateKeyPairSync('ed25519').privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;

let tdb: TestDatabase;
const modules: AuthModule[] = [];
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(modules.map((m) => m.close()));
  await tdb?.close();
});

async function makeApp(env: Record<string, string> = {}, globalLimit = 1_000_000) {
  const config = loadConfig({
    NODE_ENV: 'test',
    BCRYPT_COST: env.NODE_ENV === 'production' ? '10' : '4',
    RATE_LIMITS: JSON.stringify({ globalPerIp: { limit: globalLimit, windowMs: 60_000 } }),
    ...(env.NODE_ENV === 'production' ? { AUTH_PRIVATE_KEY: prodKey } : {}),
    ...env,
  });
  const auth = await createAuthModule({
    config: config.auth,
    db: tdb.db,
    logger: silentLogger,
  });
  modules.push(auth);
  const metrics = createAppMetrics();
  const app = buildServer({
    deps: { config, logger: silentLogger, clock: () => new Date(), db: tdb.db, auth, metrics },
  });
  return { app, metrics };
}

async function count(metrics: AppMetrics, labels: Record<string, string>): Promise<number> {
  const { values } = await metrics.requests.get();
  return values
    .filter((v) =>
      Object.entries(labels).every(
        ([k, want]) => (v.labels as Record<string, unknown>)[k] === want,
      ),
    )
    .reduce((sum, v) => sum + v.value, 0);
}

const accessControl = (res: Response) => {
  const names: string[] = [];
  res.headers.forEach((_, name) => {
    if (name.startsWith('access-control-')) names.push(name);
  });
  return names;
};

describe('RED metrics per route template', () => {
  it('counts a request under its template, once it has been answered', async () => {
    const { app, metrics } = await makeApp();
    const labels = { method: 'GET', route: '/api/v1/jobs/{jobId}', status_code: '404' };
    expect(await count(metrics, labels)).toBe(0);
    const res = await app.request(`/api/v1/jobs/${randomUUID()}`);
    expect(res.status).toBe(404);
    expect(await count(metrics, { ...labels, status_class: '4xx' })).toBe(1);

    expect((await app.request('/api/v1/health')).status).toBe(200);
    const scrape = await app.request('/metrics');
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    expect(text).toContain(
      'http_requests_total{method="GET",route="/api/v1/jobs/{jobId}",status_code="404",status_class="4xx"} 1',
    );
    expect(text).toContain(
      'http_requests_total{method="GET",route="/api/v1/health",status_code="200",status_class="2xx"} 1',
    );
    expect(text).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/health",status_code="200",status_class="2xx"\} 1$/m,
    );
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toContain('# TYPE auth_store_failures_total counter');
    expect(text).toMatch(/^http_requests_in_flight 1$/m); // the scrape itself
  });

  it('labels every unknown path as one series, never the raw path', async () => {
    const { app, metrics } = await makeApp();
    const paths = ['/api/v1/nope', '/wp-admin/setup.php', `/api/v1/jobs/${randomUUID()}/x/y`];
    for (const p of paths) expect((await app.request(p)).status).toBe(404);
    expect(await count(metrics, { route: UNMATCHED_ROUTE, status_code: '404' })).toBe(3);
    const text = await metrics.registry.metrics();
    for (const p of paths) expect(text).not.toContain(p);
  });

  it('names a validation failure and an auth failure by their operation', async () => {
    const { app, metrics } = await makeApp();
    expect((await app.request('/api/v1/jobs/not-a-uuid')).status).toBe(400);
    expect((await app.request('/api/v1/auth/me')).status).toBe(401);
    expect(await count(metrics, { route: '/api/v1/jobs/{jobId}', status_code: '400' })).toBe(1);
    expect(await count(metrics, { route: '/api/v1/auth/me', status_code: '401' })).toBe(1);
  });
});

describe('GET /metrics in production', () => {
  it('refuses without the token, and with a wrong one; serves with the right one', async () => {
    const { app } = await makeApp({ NODE_ENV: 'production', METRICS_TOKEN });
    const none = await app.request('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await app.request('/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN.slice(1)}` },
    });
    expect(wrong.status).toBe(401);
    const right = await app.request('/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('http_requests_total{method="GET",route="/metrics"');
  });

  it('with a token configured, loopback connections need it too (real socket)', async () => {
    const { app } = await makeApp({ NODE_ENV: 'production', METRICS_TOKEN });
    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const { port } = server.address() as AddressInfo;
      const local = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(local.status).toBe(401);
      await local.body?.cancel();
      const withToken = await fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(withToken.status).toBe(200);
      await withToken.body?.cancel();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('without a token configured, serves loopback connections only (real socket)', async () => {
    const { app } = await makeApp({ NODE_ENV: 'production' });
    expect((await app.request('/metrics')).status).toBe(403); // no socket: not loopback
    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const { port } = server.address() as AddressInfo;
      const local = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(local.status).toBe(200);
      expect(await local.text()).toContain('# TYPE http_requests_total counter');
      // A reverse proxy on the same host forwards outside callers from loopback.
      const proxied = await fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: { 'x-forwarded-for': '198.51.100.7' },
      });
      expect(proxied.status).toBe(403);
      await proxied.body?.cancel();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('is open in development', async () => {
    const { app } = await makeApp({ NODE_ENV: 'development' });
    expect((await app.request('/metrics')).status).toBe(200);
  });
});

describe('security headers', () => {
  const api = {
    'content-security-policy': "default-src 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };

  it.each([
    // [what, method, path, init, status]
    ['a success', 'GET', '/api/v1/health', {}, 200],
    ['an unknown route', 'GET', '/nope', {}, 404],
    ['a wrong method', 'DELETE', '/api/v1/health', {}, 405],
    ['a validation failure', 'GET', '/api/v1/jobs/not-a-uuid', {}, 400],
    ['a missing token', 'GET', '/api/v1/auth/me', {}, 401],
    [
      'an oversized body',
      'POST',
      '/api/v1/auth/login',
      { body: 'x'.repeat(4096), headers: { 'content-type': 'application/json' } },
      413,
    ],
  ] as const)('on %s (%s %s → %i)', async (_, method, path, init, status) => {
    const { app } = await makeApp({ BODY_LIMIT_BYTES: '1024' });
    const res = await app.request(path, { method, ...init });
    expect(res.status).toBe(status);
    if (status >= 400) expect(res.headers.get('content-type')).toBe('application/problem+json');
    for (const [name, value] of Object.entries(api)) {
      expect(res.headers.get(name)).toContain(value);
    }
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('adds HSTS in production', async () => {
    const { app } = await makeApp({ NODE_ENV: 'production' });
    const res = await app.request('/nope');
    expect(res.headers.get('strict-transport-security')).toMatch(
      /^max-age=\d+; includeSubDomains$/,
    );
  });
});

describe('strict CORS', () => {
  it('sends no CORS headers when CORS_ORIGINS is empty', async () => {
    const { app } = await makeApp();
    const res = await app.request('/api/v1/health', { headers: { origin: ORIGIN } });
    expect(accessControl(res)).toEqual([]);
  });

  it('grants the allowed origin and refuses others', async () => {
    const { app } = await makeApp({ CORS_ORIGINS: `${ORIGIN},http://localhost:5173` });
    const allowed = await app.request('/api/v1/auth/me', { headers: { origin: ORIGIN } });
    expect(allowed.status).toBe(401);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const exposed = allowed.headers.get('access-control-expose-headers')!.split(',');
    expect(exposed).toEqual(expect.arrayContaining(['Retry-After', 'X-Request-Id']));
    expect(allowed.headers.get('x-frame-options')).toBe('DENY');

    const refused = await app.request('/api/v1/auth/me', {
      headers: { origin: 'https://evil.example' },
    });
    expect(refused.status).toBe(401);
    expect(accessControl(refused)).toEqual([]);
  });

  it('answers preflights before rate limits and auth; rate-limited answers keep CORS', async () => {
    const { app, metrics } = await makeApp({ CORS_ORIGINS: ORIGIN }, 2);
    const preflight = {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    };
    // Five preflights for a secured route against a limit of two: none spends the budget.
    for (let i = 0; i < 5; i++) {
      const res = await app.request('/api/v1/auth/me', preflight);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(res.headers.get('access-control-allow-headers')).toContain('Authorization');
    }
    const refusedPreflight = await app.request('/api/v1/auth/me', {
      ...preflight,
      headers: { ...preflight.headers, origin: 'https://evil.example' },
    });
    expect(refusedPreflight.status).toBe(403);
    expect(accessControl(refusedPreflight)).toEqual([]);

    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 3; i++) {
      const res = await app.request('/api/v1/health', { headers: { origin: ORIGIN } });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(limited!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited!.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(limited!.headers.get('content-security-policy')).toContain("default-src 'none'");
    // Counted too: a 429 from the global limit has no operation yet, so it is unmatched.
    expect(await count(metrics, { status_code: '429' })).toBe(1);
    expect(await count(metrics, { method: 'OPTIONS', status_code: '204' })).toBe(5);
  });
});
