/**
 * The auth operations behind the spec's auth handlers (issue 5): register, login,
 * refresh, logout, logout-all, change password, devices. PostgreSQL (via drizzle) holds
 * the durable state; the denylist store gets the revocations access tokens must feel
 * before they expire. Expected failures are typed results; a denylist failure after a
 * committed revocation throws StoreUnavailableError (the handler answers 503, and a
 * retry is safe: revocations are idempotent).
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { users } from '../../generated/db/schema.js';
import { writeAudit, type AuditMeta } from '../audit/write.js';
import { fail, invalid, notFound, unauthenticated, type Result } from '../domain/result.js';
import type { Principal } from './authenticator.js';
import type { KeyRing } from './keys.js';
import type { Logger } from '../telemetry/logger.js';
import { countAuthEvent, reportStoreFailure } from './observe.js';
import { checkPasswordPolicy, PASSWORD_PROBLEM_TEXT, type PasswordHasher } from './passwords.js';
import { hashRefreshToken, looksLikeRefreshToken } from './refresh-token.js';
import { revokeDevices } from './sessions-db.js';
import { openDeviceSession } from './device-session.js';
import { listActiveDevices, readAccount } from './account-queries.js';
import { ensureAdminAccount } from './bootstrap-admin.js';
import { normaliseEmail } from './email.js';
import { findUserByEmail } from './user-lookup.js';
import { rotateRefreshToken } from './refresh-rotation.js';
import type { DenylistStore } from './stores/denylist.js';
import { signAccessToken, type TokenSettings } from './tokens.js';
import { deviceNameFrom } from './user-agent.js';

export interface AuthServiceSettings {
  refreshTtlSeconds: number;
  refreshGraceSeconds: number;
  maxDevices: number;
}

export interface AuthServiceDeps {
  db: Database;
  keys: KeyRing;
  tokens: TokenSettings;
  hasher: PasswordHasher;
  denylist: DenylistStore;
  settings: AuthServiceSettings;
  logger: Logger;
  now?: () => number;
  /** Told when a user's sessions changed here (e.g. authenticator.forgetSession). */
  onSessionsChanged?: (userId: string) => void;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  deviceId: string;
}

export const SELF_SERVICE_ROLES = ['job_seeker', 'employer'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const badField = (path: string, message: string) => fail(invalid({ in: 'body', path, message }));
const invalidCredentials = () => fail(unauthenticated('Invalid email or password.', 'Bearer'));
const invalidRefresh = () => fail(unauthenticated('Invalid or expired refresh token.'));
const noSuchDevice = () => fail(notFound('No such device.'));

export class AuthService {
  private readonly now: () => number;

  constructor(private readonly deps: AuthServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Seconds until which a revocation must be remembered: tokens live to exp + skew. */
  private rememberUntil(expSec?: number): number {
    const t = this.deps.tokens;
    return (expSec ?? Math.floor(this.now() / 1000) + t.accessTtlSeconds) + t.clockSkewSeconds + 1;
  }

  private pair(
    subject: { userId: string; role: string; deviceId: string; generation: number },
    refreshToken: string,
  ): TokenPair {
    const { token } = signAccessToken(this.deps.keys, this.deps.tokens, subject, this.now());
    const { deviceId } = subject;
    return {
      accessToken: token,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.deps.tokens.accessTtlSeconds,
      deviceId,
    };
  }

  /**
   * POL-A-006: the same accepted result whether or not the email exists, after the same
   * work (policy check, one bcrypt hash, one insert attempt). POL-R-001: self-service
   * roles only, whatever the body says.
   */
  async register(
    input: { email: string; password: string; displayName: string; role?: string },
    meta: AuditMeta = {},
  ): Promise<Result<{ status: 'accepted' }, 400>> {
    const role = input.role ?? 'job_seeker';
    if (!(SELF_SERVICE_ROLES as readonly string[]).includes(role))
      return badField('/role', 'This role cannot be chosen at registration.');
    const email = normaliseEmail(input.email);
    const problem = checkPasswordPolicy(input.password, { email });
    if (problem) return badField('/password', PASSWORD_PROBLEM_TEXT[problem]);
    const passwordHash = await this.deps.hasher.hash(input.password);
    const at = new Date(this.now());
    await this.deps.db.transaction(async (tx) => {
      const created = await tx
        .insert(users)
        .values({
          email,
          passwordHash,
          displayName: input.displayName.trim(),
          roleCode: role,
          createdAt: at,
          updatedAt: at,
        })
        // Only an existing account with this email is swallowed (POL-A-006); any other
        // constraint violation is a bug and must surface.
        .onConflictDoNothing({ target: users.email })
        .returning({ id: users.id });
      const id = created[0]?.id;
      await writeAudit(
        tx,
        id
          ? {
              action: 'auth.register',
              actorId: id,
              targetType: 'user',
              targetId: id,
              details: { role },
            }
          : { action: 'auth.register', actorId: null, details: { outcome: 'email_taken' } },
        meta,
        at,
      );
    });
    return { ok: true, value: { status: 'accepted' } };
  }

  async login(
    input: { email: string; password: string; deviceName?: string },
    meta: AuditMeta = {},
  ): Promise<Result<TokenPair, 401>> {
    const { db, hasher, settings } = this.deps;
    const at = new Date(this.now());
    const user = await findUserByEmail(db, input.email);
    if (!user) {
      await hasher.verifyDummy(input.password);
      await writeAudit(
        db,
        { action: 'auth.login_failed', actorId: null, details: { reason: 'unknown_email' } },
        meta,
        at,
      );
      countAuthEvent('login_failed');
      return invalidCredentials();
    }
    const passwordOk = await hasher.verify(input.password, user.passwordHash);
    if (!passwordOk || user.status !== 'active') {
      const reason = passwordOk ? 'suspended' : 'wrong_password';
      await writeAudit(
        db,
        {
          action: 'auth.login_failed',
          actorId: null,
          targetType: 'user',
          targetId: user.id,
          details: { reason },
        },
        meta,
        at,
      );
      countAuthEvent('login_failed');
      return invalidCredentials();
    }
    if (hasher.needsRehash(user.passwordHash)) {
      const passwordHash = await hasher.hash(input.password);
      await db.update(users).set({ passwordHash, updatedAt: at }).where(eq(users.id, user.id));
    }

    const done = await db.transaction((tx) =>
      openDeviceSession(tx, {
        userId: user.id,
        deviceName: deviceNameFrom(input.deviceName, meta.userAgent),
        userAgent: meta.userAgent,
        maxDevices: settings.maxDevices,
        refreshTtlSeconds: settings.refreshTtlSeconds,
        at,
        meta,
      }),
    );
    if (!done) return invalidCredentials();
    countAuthEvent('login');
    // Best effort: the login is committed; refresh already refuses the evicted devices.
    await this.denylistDevices(user.id, done.evicted, false);
    const subject = {
      userId: user.id,
      role: done.role,
      deviceId: done.deviceId,
      generation: done.generation,
    };
    return { ok: true, value: this.pair(subject, done.refreshToken) };
  }

  /** POL-A-004 rotation with reuse detection (see refresh-rotation.ts). */
  async refresh(refreshToken: string, meta: AuditMeta = {}): Promise<Result<TokenPair, 401>> {
    if (!looksLikeRefreshToken(refreshToken)) return invalidRefresh();
    const { settings } = this.deps;
    const at = new Date(this.now());
    const result = await this.deps.db.transaction((tx) =>
      rotateRefreshToken(tx, {
        tokenHash: hashRefreshToken(refreshToken),
        at,
        graceSeconds: settings.refreshGraceSeconds,
        refreshTtlSeconds: settings.refreshTtlSeconds,
        meta,
      }),
    );
    if (result.kind === 'reuse') {
      countAuthEvent('refresh_reuse');
      await this.denylistDevices(result.userId, [result.deviceId], false);
      return invalidRefresh();
    }
    if (result.kind === 'invalid') return invalidRefresh();
    countAuthEvent('refresh');
    return { ok: true, value: this.pair(result, result.next) };
  }

  /** POL-A-005: this device's refresh tokens revoked, this access token denylisted. */
  async logout(principal: Principal, meta: AuditMeta = {}): Promise<void> {
    const at = new Date(this.now());
    await this.deps.db.transaction(async (tx) => {
      await revokeDevices(tx, principal.userId, [principal.deviceId], 'logout', at);
      await writeAudit(
        tx,
        {
          action: 'auth.logout',
          actorId: principal.userId,
          targetType: 'device',
          targetId: principal.deviceId,
        },
        meta,
        at,
      );
    });
    await this.failClosed(async () => {
      await this.deps.denylist.revokeToken(
        principal.tokenId,
        this.rememberUntil(Math.floor(principal.expiresAt.getTime() / 1000)),
      );
      await this.deps.denylist.revokeDevice(principal.deviceId, this.rememberUntil());
    });
    this.deps.onSessionsChanged?.(principal.userId);
  }

  async logoutAll(principal: Principal, meta: AuditMeta = {}): Promise<void> {
    await this.revokeEverything(
      principal.userId,
      principal.userId,
      'logout_all',
      'auth.logout_all',
      meta,
    );
  }

  async changePassword(
    principal: Principal,
    input: { currentPassword: string; newPassword: string },
    meta: AuditMeta = {},
  ): Promise<Result<void, 400>> {
    const { db, hasher } = this.deps;
    const [user] = await db
      .select({ email: users.email, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, principal.userId));
    if (!user || !(await hasher.verify(input.currentPassword, user.passwordHash))) {
      return badField('/currentPassword', 'The current password is not correct.');
    }
    const problem = checkPasswordPolicy(input.newPassword, { email: user.email });
    if (problem) return badField('/newPassword', PASSWORD_PROBLEM_TEXT[problem]);
    const passwordHash = await hasher.hash(input.newPassword);
    await this.revokeEverything(
      principal.userId,
      principal.userId,
      'password_change',
      'auth.password_changed',
      meta,
      passwordHash,
    );
    return { ok: true, value: undefined };
  }

  /** Admin use (suspension): every device and token of the user, durably and at once. */
  async revokeUserSessions(
    userId: string,
    actorId: string | null,
    meta: AuditMeta = {},
  ): Promise<void> {
    await this.revokeEverything(userId, actorId, 'user_suspended', 'auth.sessions_revoked', meta);
  }

  /**
   * Admin use (role change): access tokens carrying the old role stop working; refresh
   * issues the new one. The change raised users.token_generation in its own transaction
   * (app/domain/user-admin.ts), so every token issued since carries the new generation:
   * marking the generation, not a time, spares tokens issued in the same second.
   */
  async expireAccessTokens(userId: string): Promise<void> {
    const [user] = await this.deps.db
      .select({ generation: users.tokenGeneration })
      .from(users)
      .where(eq(users.id, userId));
    if (!user) return;
    await this.failClosed(() =>
      this.deps.denylist.revokeGenerationsBelow(userId, user.generation, this.rememberUntil()),
    );
    this.deps.onSessionsChanged?.(userId);
  }

  listDevices(principal: Principal) {
    return listActiveDevices(this.deps.db, principal.userId, principal.deviceId);
  }

  /** Another user's device and an unknown id are the same 404 (no BOLA oracle). */
  async revokeDevice(
    principal: Principal,
    deviceId: string,
    meta: AuditMeta = {},
  ): Promise<Result<void, 404>> {
    if (!UUID.test(deviceId)) return noSuchDevice();
    const at = new Date(this.now());
    const revoked = await this.deps.db.transaction(async (tx) => {
      const ids = await revokeDevices(tx, principal.userId, [deviceId], 'device_revoked', at);
      if (ids.length)
        await writeAudit(
          tx,
          {
            action: 'auth.device_revoked',
            actorId: principal.userId,
            targetType: 'device',
            targetId: deviceId,
          },
          meta,
          at,
        );
      return ids;
    });
    if (revoked.length === 0) return noSuchDevice();
    await this.denylistDevices(principal.userId, revoked, true);
    return { ok: true, value: undefined };
  }

  getMe(principal: Principal) {
    return readAccount(this.deps.db, principal.userId);
  }

  /** The first admin (see bootstrap-admin.ts); an existing account is left untouched. */
  ensureAdmin(input: {
    email: string;
    password: string;
    displayName?: string;
  }): Promise<'created' | 'exists'> {
    return ensureAdminAccount({ db: this.deps.db, hasher: this.deps.hasher, now: this.now }, input);
  }

  private async revokeEverything(
    userId: string,
    actorId: string | null,
    reason: 'logout_all' | 'password_change' | 'user_suspended',
    action: 'auth.logout_all' | 'auth.password_changed' | 'auth.sessions_revoked',
    meta: AuditMeta,
    newPasswordHash?: string,
  ): Promise<void> {
    const at = new Date(this.now());
    const { ids: revoked, generation } = await this.deps.db.transaction(async (tx) => {
      // Locked, so the raised generation is read and written by one transaction at a time.
      const [current] = await tx
        .select({ generation: users.tokenGeneration, updatedAt: users.updatedAt })
        .from(users)
        .where(eq(users.id, userId))
        .for('update');
      const next = (current?.generation ?? 0) + 1;
      const stamp = current && current.updatedAt > at ? current.updatedAt : at;
      await tx
        .update(users)
        .set({
          tokensValidAfter: at,
          tokenGeneration: next,
          updatedAt: stamp,
          ...(newPasswordHash ? { passwordHash: newPasswordHash } : {}),
        })
        .where(eq(users.id, userId));
      const ids = await revokeDevices(tx, userId, 'all', reason, at);
      await writeAudit(
        tx,
        {
          action,
          actorId,
          targetType: 'user',
          targetId: userId,
          details: { devicesRevoked: ids.length },
        },
        meta,
        at,
      );
      return { ids, generation: next };
    });
    await this.failClosed(async () => {
      await this.deps.denylist.revokeGenerationsBelow(userId, generation, this.rememberUntil());
      for (const id of revoked) await this.deps.denylist.revokeDevice(id, this.rememberUntil());
    });
    this.deps.onSessionsChanged?.(userId);
  }

  private async denylistDevices(
    userId: string,
    deviceIds: readonly string[],
    strict: boolean,
  ): Promise<void> {
    if (deviceIds.length === 0) return;
    const write = async () => {
      for (const id of deviceIds) await this.deps.denylist.revokeDevice(id, this.rememberUntil());
    };
    if (strict) await this.failClosed(write);
    else {
      try {
        await write();
      } catch (err) {
        reportStoreFailure(this.deps.logger, 'denylist', 'fail_open', err);
      }
    }
    this.deps.onSessionsChanged?.(userId);
  }

  /** Rethrows store failures (logged, counted) for the handler to answer 503. */
  private async failClosed(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      reportStoreFailure(this.deps.logger, 'denylist', 'fail_closed', err);
      throw err;
    }
  }
}
