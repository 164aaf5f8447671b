/**
 * The auth service against a real database: PGlite (always) and PostgreSQL at
 * 127.0.0.1 (skipped visibly when unreachable), with in-memory stores and a controllable
 * clock. Access tokens are checked through the real authenticator.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../db/client.js';
import { createTestDatabase } from '../../test/support/test-database.js';
import { auditLog, devices, refreshTokens, users } from '../../generated/db/schema.js';
import { createThrowawayDatabase, postgresAvailable } from '../../test/support/services.js';
import { createAuthenticator, type Principal } from './authenticator.js';
import { permissionLoader, sessionStateLookup } from './db-sources.js';
import { StoreUnavailableError } from './errors.js';
import { createKeyRing } from './keys.js';
import { silentLogger } from '../telemetry/logger.js';
import { PasswordHasher } from './passwords.js';
import { PermissionCache } from './rbac.js';
import { createAuthService, type AuthService } from './service.js';
import { MemoryDenylistStore } from './stores/memory-denylist.js';
import { createAuthRedis } from './stores/redis-client.js';
import { RedisDenylistStore } from './stores/redis-denylist.js';
import { testTokenSettings } from '../../test/support/auth-kit.js';

const hasPg = await postgresAvailable();
const PASSWORD = 'correct horse battery staple';
const INVALID_CREDENTIALS = {
  status: 401,
  body: { detail: 'Invalid email or password.' },
  headers: { 'WWW-Authenticate': 'Bearer' },
};
const INVALID_REFRESH = { status: 401, body: { detail: 'Invalid or expired refresh token.' } };

interface Backend {
  db: Database;
  reset: () => Promise<void>;
  close: () => Promise<void>;
}

const backends: Array<[string, boolean, () => Promise<Backend>]> = [
  [
    'PGlite',
    true,
    async () => {
      const t = await createTestDatabase();
      return { db: t.db, reset: t.reset, close: t.close };
    },
  ],
  [
    'PostgreSQL',
    hasPg,
    async () => {
      const throwaway = await createThrowawayDatabase('jb_auth');
      const h = await createDatabase({
        databaseUrl: throwaway.url,
        migrate: true,
        pool: { max: 10 },
      });
      const resetTables = async () => {
        await h.db.delete(auditLog);
        await h.db.delete(refreshTokens);
        await h.db.delete(devices);
        await h.db.delete(users);
      };
      return {
        db: h.db,
        reset: resetTables,
        close: async () => {
          await h.close();
          await throwaway.drop();
        },
      };
    },
  ],
];

describe.each(backends)('AuthService on %s', (_name, available, open) => {
  let backend: Backend;
  let now = Date.now();
  const clock = () => now;
  const keys = createKeyRing([]);
  const hasher = new PasswordHasher({ cost: 4, concurrency: 2 });
  let denylist: MemoryDenylistStore;
  let service: AuthService;
  let authenticator: ReturnType<typeof createAuthenticator>;

  const make = (db: Database, store = denylist) =>
    createAuthService({
      db,
      keys,
      tokens: testTokenSettings,
      hasher,
      denylist: store,
      settings: { refreshTtlSeconds: 86_400, refreshGraceSeconds: 10, maxDevices: 5 },
      logger: silentLogger,
      now: clock,
      onSessionsChanged: (id) => authenticator?.forgetSession(id),
    });

  beforeAll(async () => {
    if (!available) return;
    backend = await open();
  });
  afterAll(async () => backend?.close());
  beforeEach(async () => {
    if (!available) return;
    await backend.reset();
    now = Date.now();
    denylist = new MemoryDenylistStore(clock);
    service = make(backend.db);
    authenticator = createAuthenticator({
      keys,
      tokens: testTokenSettings,
      denylist,
      permissions: new PermissionCache(permissionLoader(backend.db), {
        refreshMs: 0,
        logger: silentLogger,
      }),
      logger: silentLogger,
      now: clock,
    });
  });

  const registered = async (email = 'ada@example.com', password = PASSWORD, role?: string) => {
    const r = await service.register({ email, password, displayName: 'Ada', role });
    expect(r.ok).toBe(true);
  };
  const loggedIn = async (email = 'ada@example.com', password = PASSWORD, deviceName?: string) => {
    const r = await service.login(
      { email, password, deviceName },
      { ip: '203.0.113.5', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0' },
    );
    if (!r.ok) throw new Error(`login failed: ${r.failure.body.detail}`);
    return r.value;
  };
  const principalOf = async (accessToken: string): Promise<Principal> => {
    const o = await authenticator.authenticate({
      authorization: `Bearer ${accessToken}`,
      operationId: 'x',
      request: new Request('http://x/'),
    });
    if (!o.ok) throw new Error(`token rejected: ${o.detail}`);
    return o.principal;
  };
  const accepted = async (accessToken: string) =>
    (
      await authenticator.authenticate({
        authorization: `Bearer ${accessToken}`,
        operationId: 'x',
        request: new Request('http://x/'),
      })
    ).ok;
  const activeDevices = async (userEmail = 'ada@example.com') => {
    const [u] = await backend.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, userEmail));
    return backend.db
      .select()
      .from(devices)
      .where(and(eq(devices.userId, u!.id), isNull(devices.revokedAt)));
  };
  const audit = async (action: string) =>
    backend.db.select().from(auditLog).where(eq(auditLog.action, action));

  describe.skipIf(!available)('cases', () => {
    it('registers once; a second registration of the same email (any case) gets the same answer', async () => {
      const first = await service.register({
        email: ' Ada@Example.COM ',
        password: PASSWORD,
        displayName: 'Ada',
      });
      const second = await service.register({
        email: 'ada@example.com',
        password: 'another fine passphrase',
        displayName: 'Eve',
      });
      expect(second).toEqual(first);
      // Stored normalised (users_email_normalised_check), so the first password logs in.
      expect((await backend.db.select().from(users)).map((u) => [u.email, u.displayName])).toEqual([
        ['ada@example.com', 'Ada'],
      ]);
      expect((await service.login({ email: 'ada@example.com', password: PASSWORD })).ok).toBe(true);
      expect((await audit('auth.register')).map((a) => a.details)).toEqual([
        { role: 'job_seeker' },
        { outcome: 'email_taken' },
      ]);
    });

    it.each([
      ['admin', '/role'],
      ['superuser', '/role'],
    ])('mass assignment: role %s at registration is refused', async (role, path) => {
      expect(
        await service.register({
          email: 'm@example.com',
          password: PASSWORD,
          displayName: 'M',
          role,
        }),
      ).toMatchObject({ ok: false, failure: { status: 400, body: { errors: [{ path }] } } });
      expect(await backend.db.select().from(users)).toHaveLength(0);
    });

    it.each([
      ['short', 'short1', '/password'],
      ['common', 'password123', '/password'],
      ['contains email', 'ada@example.com-x', '/password'],
    ])('rejects a %s password at registration', async (_n, password, path) => {
      expect(
        await service.register({ email: 'ada@example.com', password, displayName: 'Ada' }),
      ).toMatchObject({ ok: false, failure: { status: 400, body: { errors: [{ path }] } } });
    });

    it('unknown email and wrong password get identical answers, both audited', async () => {
      await registered();
      const unknown = await service.login({ email: 'nobody@example.com', password: PASSWORD });
      const wrong = await service.login({ email: 'ada@example.com', password: 'not the password' });
      expect(unknown).toEqual(wrong);
      expect(unknown).toMatchObject({ ok: false, failure: INVALID_CREDENTIALS });
      expect(
        (await audit('auth.login_failed'))
          .map((a) => (a.details as { reason: string }).reason)
          .sort(),
      ).toEqual(['unknown_email', 'wrong_password']);
    });

    it('logs in (email case-insensitive) with a device named from the User-Agent; the token authenticates', async () => {
      await registered();
      const pair = await loggedIn('Ada@Example.COM');
      expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      expect(pair.refreshToken).toMatch(/^rt_/);
      const p = await principalOf(pair.accessToken);
      expect(p).toMatchObject({ role: 'job_seeker', deviceId: pair.deviceId });
      const [device] = await activeDevices();
      expect(device).toMatchObject({ id: pair.deviceId, name: 'Firefox on Linux' });
      const [login] = await audit('auth.login');
      expect(login).toMatchObject({
        actorId: p.userId,
        targetId: pair.deviceId,
        ip: '203.0.113.5',
      });
      expect(await authenticator.authorize(p, ['auth:self'], 'getMe')).toBe(true);
      expect(await authenticator.authorize(p, ['users:read'], 'listUsers')).toBe(false);
    });

    it('passwords sharing their first 72 bytes are different passwords', async () => {
      const long = `${'ü'.repeat(36)}-first-tail`;
      await registered('long@example.com', long);
      expect(
        (
          await service.login({
            email: 'long@example.com',
            password: `${'ü'.repeat(36)}-other-tail`,
          })
        ).ok,
      ).toBe(false);
      expect((await service.login({ email: 'long@example.com', password: long })).ok).toBe(true);
    });

    it('20 parallel logins leave exactly 5 active devices; evicted devices lose their tokens', async () => {
      await registered();
      const pairs = await Promise.all(
        Array.from({ length: 20 }, (_, i) => loggedIn(undefined, undefined, `device ${i}`)),
      );
      const active = await activeDevices();
      expect(active).toHaveLength(5);
      const activeIds = new Set(active.map((d) => d.id));
      const evicted = pairs.filter((p) => !activeIds.has(p.deviceId));
      expect(evicted).toHaveLength(15);
      for (const p of evicted) {
        expect(await accepted(p.accessToken)).toBe(false);
        expect((await service.refresh(p.refreshToken)).ok).toBe(false);
      }
      for (const p of pairs.filter((p) => activeIds.has(p.deviceId)))
        expect(await accepted(p.accessToken)).toBe(true);
      expect(await audit('auth.device_evicted')).toHaveLength(15);
    });

    it('a sixth login ends the least recently used device', async () => {
      await registered();
      const first = [];
      for (let i = 0; i < 5; i++) {
        now += 1000;
        first.push(await loggedIn());
      }
      now += 1000;
      await service.refresh(first[0]!.refreshToken); // device 0 becomes the most recent
      now += 1000;
      await loggedIn();
      const active = new Set((await activeDevices()).map((d) => d.id));
      expect(active.has(first[0]!.deviceId)).toBe(true);
      expect(active.has(first[1]!.deviceId)).toBe(false);
    });

    it('refresh rotates; reusing a spent token after the grace window revokes the family and device', async () => {
      await registered();
      const a = await loggedIn();
      now += 60_000;
      const b = await service.refresh(a.refreshToken);
      expect(b.ok).toBe(true);
      if (!b.ok) return;
      expect(b.value.deviceId).toBe(a.deviceId);
      expect(b.value.refreshToken).not.toBe(a.refreshToken);
      expect(await accepted(b.value.accessToken)).toBe(true);
      now += 11_000;
      expect(await service.refresh(a.refreshToken)).toMatchObject({
        ok: false,
        failure: INVALID_REFRESH,
      });
      expect((await service.refresh(b.value.refreshToken)).ok).toBe(false);
      expect(await accepted(b.value.accessToken)).toBe(false);
      expect(await activeDevices()).toHaveLength(0);
      const [reuse] = await audit('auth.refresh_reuse');
      expect(reuse).toMatchObject({
        targetType: 'refresh_family',
        details: { withinGrace: false },
      });
      const live = await backend.db
        .select()
        .from(refreshTokens)
        .where(isNull(refreshTokens.revokedAt));
      expect(live).toHaveLength(0);
    });

    it('parallel refresh of the same token within the grace window: both succeed, one live token remains', async () => {
      await registered();
      const a = await loggedIn();
      const [r1, r2] = await Promise.all([
        service.refresh(a.refreshToken),
        service.refresh(a.refreshToken),
      ]);
      expect(r1.ok && r2.ok).toBe(true);
      const live = await backend.db
        .select()
        .from(refreshTokens)
        .where(and(isNull(refreshTokens.revokedAt), isNull(refreshTokens.usedAt)));
      expect(live).toHaveLength(1);
      // A third presentation of the original is reuse even inside the window.
      expect((await service.refresh(a.refreshToken)).ok).toBe(false);
      expect(await activeDevices()).toHaveLength(0);
    });

    it('grandparent reuse inside the grace window revokes the family', async () => {
      await registered();
      const a = await loggedIn();
      const b = await service.refresh(a.refreshToken);
      const c = b.ok ? await service.refresh(b.value.refreshToken) : b;
      expect(c.ok).toBe(true);
      expect((await service.refresh(a.refreshToken)).ok).toBe(false);
      if (c.ok) expect((await service.refresh(c.value.refreshToken)).ok).toBe(false);
    });

    it.each([
      ['empty', ''],
      ['an access token', 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln'],
      ['unknown but well-formed', `rt_${'A'.repeat(43)}`],
      ['SQL-looking', "rt_' OR 1=1 --"],
    ])('refresh with %s is invalid_token', async (_n, token) => {
      expect(await service.refresh(token)).toMatchObject({ ok: false, failure: INVALID_REFRESH });
    });

    it('refresh tokens expire', async () => {
      await registered();
      const a = await loggedIn();
      now += 86_400_000 + 1;
      expect((await service.refresh(a.refreshToken)).ok).toBe(false);
    });

    it('logout denylists the access token and revokes the device’s refresh tokens', async () => {
      await registered();
      const a = await loggedIn();
      const other = await loggedIn();
      await service.logout(await principalOf(a.accessToken));
      expect(await accepted(a.accessToken)).toBe(false);
      expect((await service.refresh(a.refreshToken)).ok).toBe(false);
      expect(await accepted(other.accessToken)).toBe(true);
      expect(await audit('auth.logout')).toHaveLength(1);
    });

    it('logout-all revokes every device; a login right after works', async () => {
      await registered();
      const a = await loggedIn();
      const b = await loggedIn();
      await service.logoutAll(await principalOf(a.accessToken));
      for (const p of [a, b]) {
        expect(await accepted(p.accessToken)).toBe(false);
        expect((await service.refresh(p.refreshToken)).ok).toBe(false);
      }
      const c = await loggedIn();
      expect(await accepted(c.accessToken)).toBe(true);
      const [u] = await backend.db.select().from(users);
      expect(u!.tokensValidAfter).toEqual(new Date(now));
    });

    it('password change checks the current password, then revokes every device', async () => {
      await registered();
      const a = await loggedIn();
      const b = await loggedIn();
      const pa = await principalOf(a.accessToken);
      expect(
        await service.changePassword(pa, {
          currentPassword: 'wrong one!',
          newPassword: 'a brand new passphrase',
        }),
      ).toMatchObject({
        ok: false,
        failure: { status: 400, body: { errors: [{ path: '/currentPassword' }] } },
      });
      expect(
        await service.changePassword(pa, { currentPassword: PASSWORD, newPassword: 'password1' }),
      ).toMatchObject({
        ok: false,
        failure: { status: 400, body: { errors: [{ path: '/newPassword' }] } },
      });
      expect(await accepted(b.accessToken)).toBe(true);
      expect(
        await service.changePassword(pa, {
          currentPassword: PASSWORD,
          newPassword: 'a brand new passphrase',
        }),
      ).toEqual({ ok: true, value: undefined });
      expect(await accepted(b.accessToken)).toBe(false);
      expect(await accepted(a.accessToken)).toBe(false);
      expect((await service.refresh(b.refreshToken)).ok).toBe(false);
      expect((await service.login({ email: 'ada@example.com', password: PASSWORD })).ok).toBe(
        false,
      );
      expect(
        (await service.login({ email: 'ada@example.com', password: 'a brand new passphrase' })).ok,
      ).toBe(true);
    });

    it('a suspended user is rejected everywhere', async () => {
      await registered();
      const a = await loggedIn();
      const p = await principalOf(a.accessToken);
      await backend.db.update(users).set({ status: 'suspended' }).where(eq(users.id, p.userId));
      await service.revokeUserSessions(p.userId, null);
      expect(await accepted(a.accessToken)).toBe(false);
      expect((await service.refresh(a.refreshToken)).ok).toBe(false);
      expect(await service.login({ email: 'ada@example.com', password: PASSWORD })).toMatchObject({
        ok: false,
        failure: INVALID_CREDENTIALS,
      });
      expect(await sessionStateLookup(backend.db)(p.userId, p.deviceId)).toMatchObject({
        userActive: false,
        deviceRevoked: true,
      });
    });

    it('lists and revokes own devices; another user’s device is not found', async () => {
      await registered();
      await registered('eve@example.com');
      const a = await loggedIn(undefined, undefined, 'laptop');
      now += 1000;
      const b = await loggedIn(undefined, undefined, 'phone');
      const eve = await loggedIn('eve@example.com');
      const pa = await principalOf(a.accessToken);
      const list = await service.listDevices(pa);
      expect(list.map((d) => [d.name, d.current])).toEqual([
        ['phone', false],
        ['laptop', true],
      ]);
      expect(await service.revokeDevice(pa, eve.deviceId)).toMatchObject({
        ok: false,
        failure: { status: 404 },
      });
      expect(await service.revokeDevice(pa, 'not-a-uuid')).toMatchObject({
        ok: false,
        failure: { status: 404 },
      });
      expect(await accepted(eve.accessToken)).toBe(true);
      expect(await service.revokeDevice(pa, b.deviceId)).toEqual({ ok: true, value: undefined });
      expect(await accepted(b.accessToken)).toBe(false);
      expect(await service.revokeDevice(pa, b.deviceId)).toMatchObject({
        ok: false,
        failure: { status: 404 },
      });
      expect(await service.getMe(pa)).toMatchObject({
        email: 'ada@example.com',
        role: 'job_seeker',
        status: 'active',
      });
    });

    it('role change: access tokens with the old role stop working, refresh carries the new role', async () => {
      await registered();
      const a = await loggedIn();
      const p = await principalOf(a.accessToken);
      // As app/domain/user-admin.ts does: the role and the generation change together.
      await backend.db
        .update(users)
        .set({ roleCode: 'employer', tokenGeneration: 1 })
        .where(eq(users.id, p.userId));
      await service.expireAccessTokens(p.userId);
      expect(await accepted(a.accessToken)).toBe(false);
      // Same instant (the clock does not move): the new tokens are good all the same.
      const r = await service.refresh(a.refreshToken);
      expect(r.ok && (await principalOf(r.value.accessToken)).role).toBe('employer');
      expect(r.ok && (await accepted(r.value.accessToken))).toBe(true);
      const again = await loggedIn();
      expect(await accepted(again.accessToken)).toBe(true);
      expect(await service.expireAccessTokens(randomUUID())).toBeUndefined();
    });

    it('bootstraps the first admin once', async () => {
      expect(
        await service.ensureAdmin({ email: 'root@example.com', password: 'admin passphrase 2025' }),
      ).toBe('created');
      expect(
        await service.ensureAdmin({
          email: ' ROOT@example.com',
          password: 'admin passphrase 2025',
        }),
      ).toBe('exists');
      expect(
        (await backend.db.select().from(users).where(eq(users.roleCode, 'admin'))).map(
          (u) => u.email,
        ),
      ).toEqual(['root@example.com']);
      const a = await loggedIn('root@example.com', 'admin passphrase 2025');
      expect(
        await authenticator.authorize(await principalOf(a.accessToken), ['users:update'], 'x'),
      ).toBe(true);
      await expect(
        service.ensureAdmin({ email: 'x@example.com', password: 'password' }),
      ).rejects.toThrow(/ADMIN_PASSWORD/);
    });

    it('loads the permission matrix from the seed rows', async () => {
      const matrix = await permissionLoader(backend.db)();
      expect(matrix.job_seeker).toContain('auth:self');
      expect(matrix.admin).toContain('users:update');
      expect(matrix.job_seeker).not.toContain('users:update');
    });

    it('logout with the denylist down: the DB revocation commits, the caller gets StoreUnavailableError (503)', async () => {
      const dead = createAuthRedis('redis://127.0.0.1:1', { connectTimeoutMs: 200 });
      try {
        await registered();
        const a = await loggedIn();
        const p = await principalOf(a.accessToken);
        await expect(
          make(backend.db, new RedisDenylistStore(dead) as unknown as MemoryDenylistStore).logout(
            p,
          ),
        ).rejects.toBeInstanceOf(StoreUnavailableError);
        expect(await activeDevices()).toHaveLength(0);
        expect((await service.refresh(a.refreshToken)).ok).toBe(false);
      } finally {
        dead.disconnect();
      }
    });
  });
});
