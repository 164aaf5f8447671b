/**
 * POL-A-005 and POL-A-007 through the whole server (buildServer: generated routes, real
 * handlers, the real auth module):
 * - a role change raises the user's token generation: tokens issued in the same second
 *   after it work, older ones do not (a frozen clock makes "the same second" certain);
 * - two app instances on one PostgreSQL database and one Redis (a unique key prefix)
 *   share logout, the device limit and login limits;
 * - Redis losing its data while the apps run (FLUSHALL on a private redis-server) does
 *   not bring revoked tokens back: the loss is detected by the epoch marker, answers come
 *   from PostgreSQL, and the denylist is rebuilt from it.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthModule, type AuthModule } from '../../app/auth/module.js';
import { createAuthRedis, redisReady } from '../../app/auth/stores/redis-client.js';
import { loadConfig } from '../../app/config.js';
import { createDatabase, type Database, type DatabaseHandle } from '../../app/db/client.js';
import { createTestDatabase } from '../support/test-database.js';
import { silentLogger } from '../../app/telemetry/logger.js';
import { buildServer } from '../../app/server.js';
import { redisServerAvailable, startOwnRedis, type OwnRedis } from '../support/redis-server.js';
import { createThrowawayDatabase, postgresAvailable } from '../support/services.js';

const PASSWORD = 'correct horse battery staple';

interface Instance {
  call: (
    method: string,
    path: string,
    init?: { token?: string; body?: unknown; ip?: string },
  ) => Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON asserted per test
  auth: AuthModule;
  close: () => Promise<void>;
}

let ipCounter = 0;
const freshIp = () => `198.18.${(++ipCounter >> 8) & 255}.${ipCounter & 255}`;

async function startInstance(
  db: Database,
  options: { redis?: Redis; prefix?: string; now?: () => number; env?: Record<string, string> },
): Promise<Instance> {
  const config = loadConfig({
    NODE_ENV: 'test',
    BCRYPT_COST: '4',
    PERMISSIONS_REFRESH_SECONDS: '0',
    TRUSTED_PROXIES: '1',
    // One fixed key pair for every instance, as replicas in production share AUTH_KEYS.
    AUTH_PRIVATE_KEY: SHARED_KEY,
    AUTH_KEY_ID: 'test-shared',
    ...options.env,
  });
  const now = options.now ?? Date.now;
  const auth = await createAuthModule({
    config: config.auth,
    db,
    logger: silentLogger,
    redis: options.redis,
    redisPrefix: options.prefix,
    now,
  });
  const app = buildServer({
    deps: {
      config,
      logger: silentLogger,
      clock: () => new Date(now()),
      db,
      auth,
      onUserAccessChanged: (event) => auth.onUserAccessChanged(event),
    },
  });
  const call: Instance['call'] = async (method, path, init = {}) => {
    const res = await app.request(path, {
      method,
      headers: {
        'x-forwarded-for': init.ip ?? freshIp(),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    if (res.status >= 500) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return { call, auth, close: () => auth.close() };
}

const { privateKey } = await import('node:crypto').then((c) => c.generateKeyPairSync('ed25519'));
const SHARED_KEY = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

async function register(i: Instance, role: 'job_seeker' | 'employer' = 'job_seeker') {
  const email = `u-${randomUUID().slice(0, 8)}@example.com`;
  const res = await i.call('POST', '/api/v1/auth/register', {
    body: { email, password: PASSWORD, displayName: 'Test', role },
  });
  expect(res.status).toBe(202);
  return email;
}

async function login(i: Instance, email: string, ip?: string) {
  const res = await i.call('POST', '/api/v1/auth/login', {
    body: { email, password: PASSWORD },
    ...(ip ? { ip } : {}),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return res.body as { accessToken: string; refreshToken: string; deviceId: string };
}

const me = (i: Instance, token: string) => i.call('GET', '/api/v1/auth/me', { token });

async function adminOf(i: Instance) {
  const email = `admin-${randomUUID().slice(0, 8)}@example.com`;
  await i.auth.service.ensureAdmin({ email, password: PASSWORD });
  return login(i, email);
}

describe('same-second role change (PGlite, memory stores, frozen clock)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: Instance;
  // Every step below happens at the same instant, so iat-based marks could not tell the
  // tokens apart: only the generation can.
  const frozen = Date.now();
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startInstance(db.db, { now: () => frozen });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('old tokens are refused; login and refresh right after the change succeed with the new role', async () => {
    const admin = await adminOf(app);
    const email = await register(app);
    const before = await login(app, email);
    const userId = (await me(app, before.accessToken)).body.id as string;

    const change = await app.call('PATCH', `/api/v1/admin/users/${userId}`, {
      token: admin.accessToken,
      body: { role: 'employer' },
    });
    expect(change.status).toBe(200);

    expect((await me(app, before.accessToken)).status).toBe(401);
    const after = await login(app, email);
    const fresh = await me(app, after.accessToken);
    expect(fresh.status).toBe(200);
    expect(fresh.body.role).toBe('employer');
    const refreshed = await app.call('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: before.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    const viaRefresh = await me(app, refreshed.body.accessToken);
    expect(viaRefresh.status).toBe(200);
    expect(viaRefresh.body.role).toBe('employer');
    // The employer permission works at once with the new token (RBAC follows the role).
    const company = await app.call('POST', '/api/v1/companies', {
      token: after.accessToken,
      body: { name: 'Same Second Ltd' },
    });
    expect(company.status).toBe(201);
  });

  it('logout everywhere in the same second: older tokens refused, a new login works', async () => {
    const email = await register(app);
    const first = await login(app, email);
    expect(
      (await app.call('POST', '/api/v1/auth/logout-all', { token: first.accessToken })).status,
    ).toBe(204);
    expect((await me(app, first.accessToken)).status).toBe(401);
    const again = await login(app, email);
    expect((await me(app, again.accessToken)).status).toBe(200);
  });
});

const hasPg = await postgresAvailable();
const hasRedisBinary = redisServerAvailable();

describe.skipIf(!hasPg || !hasRedisBinary)(
  'two instances on one PostgreSQL and one Redis (own redis-server)',
  () => {
    let handle: DatabaseHandle;
    let drop: () => Promise<void>;
    let redis: OwnRedis;
    const clients: Redis[] = [];
    let a: Instance;
    let b: Instance;
    const prefix = `test:revocation:${process.pid}:`;

    beforeAll(async () => {
      const tmp = await createThrowawayDatabase('jb_revocation');
      drop = tmp.drop;
      handle = await createDatabase({ databaseUrl: tmp.url, migrate: true, pool: { max: 6 } });
      redis = await startOwnRedis();
      for (let n = 0; n < 2; n++) {
        const client = createAuthRedis(redis.url);
        await redisReady(client);
        clients.push(client);
      }
      const env = {
        RATE_LIMITS: JSON.stringify({
          login: {
            perIp: { limit: 1000, windowMs: 60_000 },
            perAccount: { limit: 3, windowMs: 60_000 },
          },
        }),
      };
      a = await startInstance(handle.db, { redis: clients[0], prefix, env });
      b = await startInstance(handle.db, { redis: clients[1], prefix, env });
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      for (const c of clients) c.disconnect();
      await redis?.stop();
      await handle?.close();
      await drop?.();
    });

    it('logout on one instance is refused on the other', async () => {
      const email = await register(a);
      const s = await login(a, email);
      expect((await me(b, s.accessToken)).status).toBe(200);
      expect((await a.call('POST', '/api/v1/auth/logout', { token: s.accessToken })).status).toBe(
        204,
      );
      expect((await me(b, s.accessToken)).status).toBe(401);
    });

    it('the device limit holds across instances (the sixth login evicts the first device)', async () => {
      const email = await register(a);
      const sessions = [];
      for (let n = 0; n < 6; n++) sessions.push(await login(n % 2 ? b : a, email));
      expect((await me(a, sessions[0]!.accessToken)).status).toBe(401);
      expect((await me(b, sessions[0]!.accessToken)).status).toBe(401);
      const devices = await b.call('GET', '/api/v1/auth/devices', {
        token: sessions[5]!.accessToken,
      });
      expect(devices.body.items).toHaveLength(5);
    });

    it('login limits are shared: failures lock the account on both, successes never do', async () => {
      const email = await register(a);
      // Six successful logins (several devices, both instances): per-account limit is 3.
      for (let n = 0; n < 6; n++) await login(n % 2 ? b : a, email);
      const wrong = (i: Instance) =>
        i.call('POST', '/api/v1/auth/login', { body: { email, password: 'wrong password!' } });
      const codes = [];
      for (let n = 0; n < 4; n++) codes.push((await wrong(n % 2 ? b : a)).status);
      expect(codes).toEqual([401, 401, 401, 429]);
      const locked = await b.call('POST', '/api/v1/auth/login', {
        body: { email, password: PASSWORD },
      });
      expect(locked.status).toBe(429);
    });

    it('Redis loses its data while the apps run: revoked tokens stay revoked', async () => {
      const admin = await adminOf(a);
      const loggedOut = await login(a, await register(a));
      const suspended = await login(a, await register(a));
      const demoted = await login(a, await register(a, 'employer'));
      const good = await login(b, await register(b));
      const idOf = async (t: string) => (await me(a, t)).body.id as string;
      const suspendedId = await idOf(suspended.accessToken);
      const demotedId = await idOf(demoted.accessToken);

      await a.call('POST', '/api/v1/auth/logout', { token: loggedOut.accessToken });
      const patch = (id: string, body: object) =>
        a.call('PATCH', `/api/v1/admin/users/${id}`, { token: admin.accessToken, body });
      expect((await patch(suspendedId, { status: 'suspended' })).status).toBe(200);
      expect((await patch(demotedId, { role: 'job_seeker' })).status).toBe(200);
      for (const t of [loggedOut, suspended, demoted]) {
        expect((await me(b, t.accessToken)).status).toBe(401);
      }

      // The data loss: everything gone, the epoch marker included.
      await redis.admin.flushall();
      expect(await redis.admin.dbsize()).toBe(0);

      // Every request after the loss: still refused on both instances, the good token works.
      for (const i of [b, a]) {
        for (const t of [loggedOut, suspended, demoted]) {
          expect((await me(i, t.accessToken)).status).toBe(401);
        }
        expect((await me(i, good.accessToken)).status).toBe(200);
      }

      // The denylist was rebuilt from PostgreSQL: marker back, entries back.
      const epochKey = `${prefix}dl:epoch`;
      await expect.poll(() => redis.admin.exists(epochKey), { timeout: 10_000 }).toBe(1);
      expect(await redis.admin.exists(`${prefix}dl:sid:${loggedOut.deviceId}`)).toBe(1);
      expect(await redis.admin.exists(`${prefix}dl:sid:${suspended.deviceId}`)).toBe(1);
      expect(Number(await redis.admin.get(`${prefix}dl:gen:${demotedId}`))).toBeGreaterThan(0);
      for (const t of [loggedOut, suspended, demoted]) {
        expect((await me(b, t.accessToken)).status).toBe(401);
      }
      expect((await me(b, good.accessToken)).status).toBe(200);
    });
  },
);
