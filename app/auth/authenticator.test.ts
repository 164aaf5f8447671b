import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mountOperations } from '../../runtime/create-api.js';
import type { OperationDef } from '../../runtime/operation.js';
import type { SessionState } from './authenticator.js';
import { storeFailures } from './observe.js';
import { captureLogs } from '../../test/support/logs.js';
import { silentLogger } from '../telemetry/logger.js';
import { PermissionCache } from './rbac.js';
import { createAuthRedis } from './stores/redis-client.js';
import { DenylistDataLostError, type DenylistStore } from './stores/denylist.js';
import { RedisDenylistStore } from './stores/redis-denylist.js';
import { createTestAuth } from '../../test/support/auth-kit.js';
import { stderrRuntimeLogger } from '../../test/support/runtime-logger.js';

const request = new Request('http://localhost/');
const auth = (a: ReturnType<typeof createTestAuth>, authorization: string | undefined) =>
  a.authenticator.authenticate({ authorization, operationId: 'op', request });

describe('authenticate', () => {
  it('turns a valid bearer token into a principal', async () => {
    const a = createTestAuth();
    const { token, claims } = a.issue('u1', 'employer', 'd1');
    const outcome = await auth(a, `Bearer ${token}`);
    expect(outcome).toEqual({
      ok: true,
      principal: {
        userId: 'u1',
        role: 'employer',
        deviceId: 'd1',
        tokenId: claims.jti,
        expiresAt: new Date(claims.exp * 1000),
      },
    });
    expect((await auth(a, `bearer   ${token}`)).ok).toBe(true);
  });

  const a = createTestAuth();
  const good = a.issue('u1', 'admin', 'd1').token;
  const rejected: Array<[string, string | undefined, string]> = [
    ['no header', undefined, 'Missing bearer token.'],
    ['empty header', '', 'Missing bearer token.'],
    ['Basic scheme', 'Basic dXNlcjpwYXNz', 'Authorization must use the Bearer scheme.'],
    ['Bearer without token', 'Bearer ', 'Authorization must use the Bearer scheme.'],
    ['two tokens', `Bearer ${good} ${good}`, 'Authorization must use the Bearer scheme.'],
    ['token with quotes', `Bearer "${good}"`, 'Authorization must use the Bearer scheme.'],
    ['garbage token', 'Bearer abc.def.ghi', 'Invalid access token.'],
    [
      'expired token',
      `Bearer ${a.issue('u1', 'admin', 'd1', Date.now() - 3600_000).token}`,
      'Access token expired.',
    ],
    ['refresh token as bearer', 'Bearer rt_3q2-Zk9vQm1xWnVhT2h3Y0Z4dGJ5', 'Invalid access token.'],
  ];
  it.each(rejected)('401 for %s', async (_n, header, detail) => {
    expect(await auth(a, header)).toEqual({ ok: false, status: 401, detail });
  });

  it('401 after logout (jti), device revocation (sid) and a user-wide mark', async () => {
    const t = createTestAuth();
    const exp = Math.floor(Date.now() / 1000) + 900;
    const one = t.issue('u1', 'admin', 'd1');
    await t.denylist.revokeToken(one.claims.jti, exp);
    expect(await auth(t, `Bearer ${one.token}`)).toMatchObject({
      ok: false,
      status: 401,
      detail: 'Access token revoked.',
    });

    const two = t.issue('u1', 'admin', 'd2');
    const sameDevice = t.issue('u1', 'admin', 'd2');
    await t.denylist.revokeDevice('d2', exp);
    expect((await auth(t, `Bearer ${two.token}`)).ok).toBe(false);
    expect((await auth(t, `Bearer ${sameDevice.token}`)).ok).toBe(false);

    // Generations, not times: a token issued in the same second as the mark, under the
    // new generation, is good; one of the old generation is not, whenever it was issued.
    const now = Date.now();
    const old = t.issue('u2', 'admin', 'd3', now, 0);
    await t.denylist.revokeGenerationsBelow('u2', 1, exp);
    expect((await auth(t, `Bearer ${old.token}`)).ok).toBe(false);
    expect((await auth(t, `Bearer ${t.issue('u2', 'admin', 'd4', now, 1).token}`)).ok).toBe(true);
    expect((await auth(t, `Bearer ${t.issue('u2', 'admin', 'd4', now, 0).token}`)).ok).toBe(false);
  });

  it('fails closed with 503 when the denylist store is down, logged and counted', async () => {
    const dead = createAuthRedis('redis://127.0.0.1:1', { connectTimeoutMs: 200 });
    try {
      const logs = captureLogs();
      const t = createTestAuth({ denylist: new RedisDenylistStore(dead), logger: logs.logger });
      const count = async () =>
        (await storeFailures.get()).values.find((v) => v.labels.store === 'denylist')?.value ?? 0;
      const before = await count();
      expect(await auth(t, `Bearer ${t.issue('u1', 'admin', 'd1').token}`)).toEqual({
        ok: false,
        status: 503,
        detail: 'Authentication is temporarily unavailable.',
      });
      expect((await count()) - before).toBe(1);
      expect(logs.messages('error')).toEqual(['auth denylist store failed (fail_closed)']);
      // A bad token is still a 401: the signature check comes first and needs no store.
      expect(await auth(t, 'Bearer a.b.c')).toMatchObject({ ok: false, status: 401 });
    } finally {
      dead.disconnect();
    }
  });
});

describe('durable session-state backstop', () => {
  function withLookup(
    state: (userId: string, deviceId: string) => SessionState | undefined | Error,
  ) {
    const calls: string[] = [];
    let now = Date.now();
    const t = createTestAuth({
      now: () => now,
      sessionState: {
        cacheMs: 5000,
        lookup: async (userId, deviceId) => {
          calls.push(`${userId}/${deviceId}`);
          const s = state(userId, deviceId);
          if (s instanceof Error) throw s;
          return s;
        },
      },
    });
    return { t, calls, advance: (ms: number) => (now += ms) };
  }
  const active: SessionState = {
    userActive: true,
    tokensValidAfter: null,
    tokenGeneration: 0,
    deviceRevoked: false,
  };

  it('rejects suspended users, revoked devices, unknown users and tokens before tokens_valid_after', async () => {
    const states: Record<string, SessionState | undefined> = {
      ok: active,
      suspended: { ...active, userActive: false },
      device: { ...active, deviceRevoked: true },
      reset: { ...active, tokensValidAfter: new Date(Date.now() + 2000) },
      raised: { ...active, tokenGeneration: 1 },
    };
    const { t } = withLookup((u) => states[u]);
    const expect401 = async (user: string) =>
      expect((await auth(t, `Bearer ${t.issue(user, 'admin', 'd').token}`)).ok).toBe(false);
    expect((await auth(t, `Bearer ${t.issue('ok', 'admin', 'd').token}`)).ok).toBe(true);
    for (const user of ['suspended', 'device', 'reset', 'ghost', 'raised']) await expect401(user);
    const current = t.issue('raised', 'admin', 'd', Date.now(), 1).token;
    expect((await auth(t, `Bearer ${current}`)).ok).toBe(true);
  });

  it('caches per user and device for cacheMs, and forgetSession drops it', async () => {
    const { t, calls, advance } = withLookup(() => active);
    const token = t.issue('u1', 'admin', 'd1').token;
    await Promise.all(Array.from({ length: 10 }, () => auth(t, `Bearer ${token}`)));
    expect(calls).toEqual(['u1/d1']);
    advance(5001);
    await auth(t, `Bearer ${token}`);
    expect(calls).toHaveLength(2);
    t.authenticator.forgetSession('u1');
    await auth(t, `Bearer ${token}`);
    expect(calls).toHaveLength(3);
  });

  it('fails closed when the lookup throws, and does not cache the failure', async () => {
    let fail = true;
    const { t, calls } = withLookup(() => (fail ? new Error('db down') : active));
    const token = t.issue('u1', 'admin', 'd1').token;
    expect(await auth(t, `Bearer ${token}`)).toMatchObject({ ok: false, status: 503 });
    fail = false;
    expect((await auth(t, `Bearer ${token}`)).ok).toBe(true);
    expect(calls).toHaveLength(2);
  });
});

describe('a denylist that lost its data', () => {
  /** Answers like a Redis whose epoch marker is gone. */
  const lost: DenylistStore = {
    revokeToken: async () => {},
    revokeDevice: async () => {},
    revokeGenerationsBelow: async () => {},
    isRevoked: async () => {
      throw new DenylistDataLostError();
    },
    close: async () => {},
  };
  const state = (s: Partial<SessionState>): SessionState => ({
    userActive: true,
    tokensValidAfter: null,
    tokenGeneration: 0,
    deviceRevoked: false,
    ...s,
  });

  it('answers from the durable state instead, refusing what the database says is revoked', async () => {
    const db: Record<string, SessionState> = {
      ok: state({}),
      loggedOut: state({ deviceRevoked: true }),
      roleChanged: state({ tokenGeneration: 2 }),
      suspended: state({ userActive: false }),
    };
    const t = createTestAuth({
      denylist: lost,
      durableFallback: { cacheMs: 1000, lookup: async (u) => db[u] },
    });
    const ok = async (user: string, gen = 0) =>
      (await auth(t, `Bearer ${t.issue(user, 'admin', 'd', Date.now(), gen).token}`)).ok;
    expect(await ok('ok')).toBe(true);
    expect(await ok('loggedOut')).toBe(false);
    expect(await ok('roleChanged', 1)).toBe(false);
    expect(await ok('roleChanged', 2)).toBe(true);
    expect(await ok('suspended')).toBe(false);
    expect(await ok('unknown')).toBe(false);
  });

  it('fails closed (503) without a durable fallback, or when the database fails too', async () => {
    const bare = createTestAuth({ denylist: lost });
    const token = bare.issue('u', 'admin', 'd').token;
    expect(await auth(bare, `Bearer ${token}`)).toMatchObject({ ok: false, status: 503 });
    const broken = createTestAuth({
      denylist: lost,
      durableFallback: {
        cacheMs: 1000,
        lookup: async () => {
          throw new Error('db down');
        },
      },
    });
    expect(await auth(broken, `Bearer ${broken.issue('u', 'admin', 'd').token}`)).toMatchObject({
      ok: false,
      status: 503,
    });
  });
});

describe('authorize (RBAC, default deny)', () => {
  const t = createTestAuth();
  const principal = (role: string) => ({
    userId: 'u',
    role,
    deviceId: 'd',
    tokenId: 'j',
    expiresAt: new Date(),
  });
  const cases: Array<[string, string[], boolean]> = [
    ['admin', ['users:read'], true],
    ['employer', ['users:read'], false],
    ['employer', ['users:read', 'jobs:create'], true],
    ['job_seeker', ['jobs:create'], false],
    ['job_seeker', [], false],
    ['root', ['auth:self'], false],
    ['__proto__', ['auth:self'], false],
  ];
  it.each(cases)('%s needing %j → %s', async (role, perms, expected) => {
    expect(await t.authenticator.authorize(principal(role), perms, 'op')).toBe(expected);
  });

  it('loads lazily, keeps the last good matrix on reload failure, denies if never loaded', async () => {
    let fail = false;
    let matrix: Record<string, string[]> = { employer: ['jobs:create'] };
    const cache = new PermissionCache(
      async () => {
        if (fail) throw new Error('db down');
        return matrix;
      },
      { refreshMs: 0, logger: silentLogger },
    );
    expect(await cache.allows('employer', ['jobs:create'])).toBe(true);
    matrix = { employer: [] };
    await cache.reload();
    expect(cache.allowsLoaded('employer', ['jobs:create'])).toBe(false);
    fail = true;
    matrix = { employer: ['jobs:create'] };
    await cache.reload();
    expect(cache.allowsLoaded('employer', ['jobs:create'])).toBe(false);
    const never = new PermissionCache(() => Promise.reject(new Error('down')), {
      refreshMs: 0,
      logger: silentLogger,
    });
    expect(await never.allows('admin', ['auth:self'])).toBe(false);
  });

  it('refreshes periodically once started', async () => {
    let version = 0;
    const cache = new PermissionCache(async () => ({ admin: [`p${++version}`] }), {
      refreshMs: 20,
      logger: silentLogger,
    });
    await cache.start();
    await expect.poll(() => version, { timeout: 2000, interval: 10 }).toBeGreaterThanOrEqual(3);
    cache.stop();
    expect(cache.permissionsOf('admin')[0]).toMatch(/^p\d+$/);
  });
});

describe('through the route table (runtime mountOperations)', () => {
  const op = (
    operationId: string,
    method: 'get' | 'post',
    path: string,
    security: OperationDef['security'],
    permissions: string[],
  ): OperationDef => ({
    operationId,
    method,
    path,
    honoPath: path,
    tags: [],
    security,
    permissions,
    requestBody: null,
    responses: { '200': ['application/json'] },
    validators: { responses: { '200': { content: { 'application/json': z.unknown() } } } },
  });
  const t = createTestAuth();
  const app = mountOperations(
    [
      op('getMe', 'get', '/me', 'secured', ['auth:self']),
      op('listUsers', 'get', '/users', 'secured', ['users:read']),
      op('health', 'get', '/health', 'public', []),
      op('getJob', 'get', '/job', 'optional', []),
    ],
    {
      getMe: ({ principal }: { principal: { userId: string } }) => ({
        status: 200,
        body: { id: principal.userId },
      }),
      listUsers: () => ({ status: 200, body: [] }),
      health: ({ principal }: { principal: unknown }) => ({
        status: 200,
        body: { anonymous: principal === null },
      }),
      getJob: ({ principal }: { principal: { userId: string } | null }) => ({
        status: 200,
        body: { caller: principal?.userId ?? null },
      }),
    },
    {
      auth: t.authenticator,
      validateResponses: true,
      logger: stderrRuntimeLogger,
      app: new Hono(),
    },
  );
  const get = (path: string, token?: string) =>
    app.request(path, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('200 / 401 / 403 as the hooks decide, problem+json on failures', async () => {
    const seeker = t.issue('u7', 'job_seeker', 'd7').token;
    const me = await get('/me', seeker);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ id: 'u7' });
    const anon = await get('/me');
    expect(anon.status).toBe(401);
    expect(anon.headers.get('content-type')).toBe('application/problem+json');
    expect(anon.headers.get('www-authenticate')).toBe('Bearer');
    expect((await get('/users', seeker)).status).toBe(403);
    expect((await get('/users', t.issue('a1', 'admin', 'd').token)).status).toBe(200);
    expect(await (await get('/health')).json()).toEqual({ anonymous: true });
    // Public: credentials are ignored, so a stale token never blocks login or refresh.
    const stale = await get('/health', 'garbage');
    expect(stale.status).toBe(200);
    expect(await stale.json()).toEqual({ anonymous: true });
    // Optional auth: checked when sent, never silently downgraded to anonymous.
    expect(await (await get('/job')).json()).toEqual({ caller: null });
    expect(await (await get('/job', seeker)).json()).toEqual({ caller: 'u7' });
    expect((await get('/job', 'garbage')).status).toBe(401);
  });
});
