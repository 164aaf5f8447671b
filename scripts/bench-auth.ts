/**
 * Auth benchmark (not a test): latency of a token-verified route while 16 clients log in
 * as fast as they can. Prints p50/p95 per scenario. Numbers, not assertions.
 *
 *   npm run bench:auth                  # PGlite in memory, in-memory stores, bcrypt cost 12
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test BENCH_REDIS=redis://127.0.0.1:6379 npm run bench:auth
 *   knobs: BENCH_COST (12), BENCH_LOGINS (16), BENCH_REQUESTS (2000 idle), BENCH_FLOOD_MS (3000)
 *
 * The server is the generated route table with the real auth module on a real database,
 * served by @hono/node-server on loopback; logins are real POST /api/v1/auth/login calls
 * (rate limits raised out of the way). Contrast rows show why verification is synchronous:
 * jose's async verify under unbounded bcrypt load.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { createApi, operationTable } from '../generated/openapi/routes.js';
import type { Handlers } from '../generated/openapi/handlers.js';
import type { RequestContext } from '../runtime/handler-types.js';
import { notImplemented } from '../runtime/not-implemented.js';
import type { Principal } from '../app/auth/authenticator.js';
import { loadAuthConfig } from '../app/auth/config.js';
import { createAuthModule } from '../app/auth/module.js';
import { silentLogger } from '../app/telemetry/logger.js';
import { PasswordHasher } from '../app/auth/passwords.js';
import { createAuthRedis, redisReady } from '../app/auth/stores/redis-client.js';
import { createDatabase } from '../app/db/client.js';
import { stderrRuntimeLogger } from '../test/support/runtime-logger.js';

const COST = Number(process.env.BENCH_COST ?? 12);
const LOGINS = Number(process.env.BENCH_LOGINS ?? 16);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const FLOOD_MS = Number(process.env.BENCH_FLOOD_MS ?? 3000);
const PASSWORD = 'correct horse battery staple';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** `n` calls one at a time, or as many as fit in `forMs` (at least 20). */
async function measure(fn: () => Promise<unknown>, n: number, forMs = 0) {
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; forMs > 0 ? i < 20 || performance.now() - started < forMs : i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
    // Let I/O callbacks run between calls, as real request arrival would.
    await new Promise((r) => setImmediate(r));
  }
  times.sort((a, b) => a - b);
  return {
    n: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times[times.length - 1]!,
  };
}

function request(
  port: number,
  agent: http.Agent,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown } = {},
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface Flood {
  done(): number;
  stop(): Promise<void>;
}

/** LOGINS loops, each a real HTTP login for its own user, back to back. */
function httpLoginFlood(port: number, emails: string[]): Flood {
  const agent = new http.Agent({ keepAlive: true, maxSockets: emails.length });
  let running = true;
  let done = 0;
  const loops = emails.map(async (email) => {
    while (running) {
      const res = await request(port, agent, 'POST', '/api/v1/auth/login', {
        body: { email, password: PASSWORD },
      });
      if (res.status !== 200) throw new Error(`login ${res.status}: ${res.body}`);
      done++;
    }
  });
  return {
    done: () => done,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      agent.destroy();
    },
  };
}

/** LOGINS loops of bare bcrypt compares through a hasher (for the thread-pool contrast). */
function hashFlood(hasher: PasswordHasher, hash: string): Flood {
  let running = true;
  let done = 0;
  const loops = Array.from({ length: LOGINS }, async () => {
    while (running) {
      await hasher.verify(PASSWORD, hash);
      done++;
    }
  });
  return {
    done: () => done,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function main() {
  const dbUrl = process.env.BENCH_DATABASE_URL;
  const handle = await createDatabase(dbUrl ? { databaseUrl: dbUrl, migrate: true } : {});
  const redis = process.env.BENCH_REDIS ? createAuthRedis(process.env.BENCH_REDIS) : undefined;
  if (redis) await redisReady(redis);
  const roomy = { limit: 1_000_000, windowMs: 60_000 };
  const config = loadAuthConfig({
    BCRYPT_COST: String(COST),
    RATE_LIMITS: JSON.stringify({
      globalPerIp: roomy,
      login: { perIp: roomy, perAccount: roomy },
      register: { perIp: roomy, perAccount: roomy },
    }),
  });
  const auth = await createAuthModule({
    config,
    db: handle.db,
    logger: silentLogger,
    redis,
    redisPrefix: `bench:${Date.now()}:`,
  });

  const app = new Hono();
  auth.mountRateLimits(app);
  const stubs = Object.fromEntries(
    operationTable.map((op) => [op.operationId, () => notImplemented(op.operationId)]),
  );
  createApi({ ...stubs, ...auth.operations } as Handlers<Principal, RequestContext>, {
    app,
    auth: auth.authenticator,
    validateResponses: false,
    logger: stderrRuntimeLogger,
    clientIp: auth.clientIp,
    operationMiddleware: auth.operationRateLimits,
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;

  const run = `${Date.now().toString(36)}`;
  const reader = `reader-${run}@example.com`;
  const loginEmails = Array.from({ length: LOGINS }, (_, i) => `login-${i}-${run}@example.com`);
  for (const email of [reader, ...loginEmails]) {
    const r = await auth.service.register({ email, password: PASSWORD, displayName: 'Bench' });
    if (!r.ok) throw new Error(r.failure.body.detail);
  }
  const pair = await auth.service.login({ email: reader, password: PASSWORD });
  if (!pair.ok) throw new Error('reader login failed');
  const token = pair.value.accessToken;
  const header = `Bearer ${token}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const jwks = createLocalJWKSet(auth.keys.jwks());
  const fakeRequest = new Request('http://localhost/');

  const authenticatorOnly = async () => {
    const o = await auth.authenticator.authenticate({
      authorization: header,
      operationId: 'getMe',
      request: fakeRequest,
    });
    if (!o.ok) throw new Error(o.detail);
  };
  const getMe = async () => {
    const r = await request(port, agent, 'GET', '/api/v1/auth/me', { token });
    if (r.status !== 200) throw new Error(`getMe ${r.status}: ${r.body}`);
  };
  const joseVerify = () =>
    jwtVerify(token, jwks, {
      issuer: config.tokens.issuer,
      audience: config.tokens.audience,
      algorithms: ['EdDSA'],
    });

  const bounded = new PasswordHasher({ cost: COST, concurrency: config.hashConcurrency });
  const unbounded = new PasswordHasher({ cost: COST, concurrency: LOGINS });
  const hash = await bounded.hash(PASSWORD);
  const t0 = performance.now();
  await bounded.verify(PASSWORD, hash);
  const oneCompare = performance.now() - t0;

  const httpLogins = `${LOGINS} HTTP logins (hashing bounded to ${config.hashConcurrency})`;
  const rawUnbounded = `${LOGINS} bare bcrypt compares, unbounded`;
  const rows: Array<[string, string, () => Promise<unknown>, (() => Flood) | undefined]> = [
    ['authenticator (sync verify + denylist)', 'idle', authenticatorOnly, undefined],
    [
      'authenticator (sync verify + denylist)',
      httpLogins,
      authenticatorOnly,
      () => httpLoginFlood(port, loginEmails),
    ],
    ['GET /api/v1/auth/me over HTTP', 'idle', getMe, undefined],
    ['GET /api/v1/auth/me over HTTP', httpLogins, getMe, () => httpLoginFlood(port, loginEmails)],
    [
      'contrast: jose async jwtVerify',
      httpLogins,
      joseVerify,
      () => httpLoginFlood(port, loginEmails),
    ],
    ['contrast: jose async jwtVerify', rawUnbounded, joseVerify, () => hashFlood(unbounded, hash)],
    [
      'authenticator (sync verify + denylist)',
      rawUnbounded,
      authenticatorOnly,
      () => hashFlood(unbounded, hash),
    ],
  ];

  console.log(
    `node ${process.version}, ${handle.kind}, denylist ${redis ? 'Redis' : 'in-memory'}, bcrypt cost ${COST} ` +
      `(one compare ${oneCompare.toFixed(0)} ms), UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`,
  );
  const table: Array<Record<string, string>> = [];
  for (const [target, load, fn, startLoad] of rows) {
    await measure(fn, 100); // warm-up
    const flood = startLoad?.();
    if (flood) await new Promise((r) => setTimeout(r, 500));
    const before = flood?.done() ?? 0;
    const started = performance.now();
    const m = await measure(fn, REQUESTS, flood ? FLOOD_MS : 0);
    const seconds = (performance.now() - started) / 1000;
    const logins = (flood?.done() ?? 0) - before;
    await flood?.stop();
    table.push({
      target,
      load,
      requests: String(m.n),
      'p50 ms': m.p50.toFixed(3),
      'p95 ms': m.p95.toFixed(3),
      'max ms': m.max.toFixed(1),
      'logins/s': flood ? (logins / seconds).toFixed(1) : '-',
    });
  }
  console.table(table);
  agent.destroy();
  server.close();
  await auth.close();
  redis?.disconnect();
  await handle.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
