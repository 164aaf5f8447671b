/**
 * Token-check latency under a login flood: a token-verified route's p50/p95 while
 * `logins` clients log in as fast as they can. The `auth` phase of `npm run bench`, and
 * `npm run bench:auth` on its own (scripts/bench-auth.ts). Numbers, not assertions.
 *
 * The server is the generated route table with the real auth module on a real database,
 * served by @hono/node-server on loopback in this process; logins are real
 * POST /api/v1/auth/login calls (rate limits raised out of the way). Contrast rows show why
 * verification is synchronous: jose's async verify under unbounded bcrypt load.
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

export interface AuthBenchOptions {
  /** bcrypt cost of every account (12: the production default). */
  cost: number;
  /** Concurrent login loops (each its own account). */
  logins: number;
  /** Calls per idle scenario. */
  requests: number;
  /** Milliseconds each flooded scenario is measured for (at least 20 calls). */
  floodMs: number;
  /** Untimed calls before each scenario. */
  warmupCalls: number;
  /** Milliseconds a flood runs before its measurement starts. */
  settleMs: number;
  /** PostgreSQL instead of an in-memory PGlite (migrated on open). */
  databaseUrl?: string;
  /** Redis for the denylist and rate limits instead of in-memory stores. */
  redisUrl?: string;
}

export const defaultAuthBenchOptions: AuthBenchOptions = {
  cost: 12,
  logins: 16,
  requests: 2000,
  floodMs: 3000,
  warmupCalls: 100,
  settleMs: 500,
};

export interface AuthBenchRow {
  target: string;
  load: string;
  requests: number;
  p50: number;
  p95: number;
  max: number;
  /** Logins completed per second during the measurement; null when idle. */
  loginsPerSecond: number | null;
}

export interface AuthBenchResult {
  node: string;
  database: string;
  denylist: 'Redis' | 'in-memory';
  cost: number;
  oneCompareMs: number;
  hashConcurrency: number;
  threadpool: string;
  options: AuthBenchOptions;
  rows: AuthBenchRow[];
}

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

/** One loop per email, each a real HTTP login for its own user, back to back. */
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

/** `logins` loops of bare bcrypt compares through a hasher (for the thread-pool contrast). */
function hashFlood(hasher: PasswordHasher, hash: string, logins: number): Flood {
  let running = true;
  let done = 0;
  const loops = Array.from({ length: logins }, async () => {
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

export async function runAuthBench(
  partial: Partial<AuthBenchOptions> = {},
): Promise<AuthBenchResult> {
  const o: AuthBenchOptions = { ...defaultAuthBenchOptions, ...partial };
  const { cost: COST, logins: LOGINS, requests: REQUESTS, floodMs: FLOOD_MS } = o;
  const dbUrl = o.databaseUrl;
  const handle = await createDatabase(dbUrl ? { databaseUrl: dbUrl, migrate: true } : {});
  const redis = o.redisUrl ? createAuthRedis(o.redisUrl) : undefined;
  if (redis) await redisReady(redis);
  const roomy = { limit: 1_000_000, windowMs: 60_000 };
  const config = loadAuthConfig({
    BCRYPT_COST: String(COST),
    // Every call checks the signature, as for a token seen the first time: what this bench
    // is about (ADR 0002). What the cache saves is (b3)/(b) in the stacks phase.
    ACCESS_TOKEN_CACHE_SIZE: '0',
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
    [
      'authenticator (sync verify + denylist, no token cache)',
      'idle',
      authenticatorOnly,
      undefined,
    ],
    [
      'authenticator (sync verify + denylist, no token cache)',
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
    [
      'contrast: jose async jwtVerify',
      rawUnbounded,
      joseVerify,
      () => hashFlood(unbounded, hash, LOGINS),
    ],
    [
      'authenticator (sync verify + denylist, no token cache)',
      rawUnbounded,
      authenticatorOnly,
      () => hashFlood(unbounded, hash, LOGINS),
    ],
  ];

  const rowsOut: AuthBenchRow[] = [];
  for (const [target, load, fn, startLoad] of rows) {
    await measure(fn, o.warmupCalls);
    const flood = startLoad?.();
    if (flood) await new Promise((r) => setTimeout(r, o.settleMs));
    const before = flood?.done() ?? 0;
    const started = performance.now();
    const m = await measure(fn, REQUESTS, flood ? FLOOD_MS : 0);
    const seconds = (performance.now() - started) / 1000;
    const logins = (flood?.done() ?? 0) - before;
    await flood?.stop();
    rowsOut.push({
      target,
      load,
      requests: m.n,
      p50: m.p50,
      p95: m.p95,
      max: m.max,
      loginsPerSecond: flood ? logins / seconds : null,
    });
  }
  agent.destroy();
  server.close();
  await auth.close();
  redis?.disconnect();
  await handle.close();
  return {
    node: process.version,
    database: handle.kind,
    denylist: redis ? 'Redis' : 'in-memory',
    cost: COST,
    oneCompareMs: oneCompare,
    hashConcurrency: config.hashConcurrency,
    threadpool: process.env.UV_THREADPOOL_SIZE ?? '4 (default)',
    options: o,
    rows: rowsOut,
  };
}

/** The result as `npm run bench:auth` has always printed it: one line, then the table. */
export function authSummary(r: AuthBenchResult): string {
  return (
    `node ${r.node}, ${r.database}, denylist ${r.denylist}, bcrypt cost ${r.cost} ` +
    `(one compare ${r.oneCompareMs.toFixed(0)} ms), UV_THREADPOOL_SIZE ${r.threadpool}`
  );
}

export function authTableRows(r: AuthBenchResult): Array<Record<string, string>> {
  return r.rows.map((x) => ({
    target: x.target,
    load: x.load,
    requests: String(x.requests),
    'p50 ms': x.p50.toFixed(3),
    'p95 ms': x.p95.toFixed(3),
    'max ms': x.max.toFixed(1),
    'logins/s': x.loginsPerSecond === null ? '-' : x.loginsPerSecond.toFixed(1),
  }));
}
