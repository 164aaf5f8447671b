/**
 * Sessions: login opens a device session (POL-A-002, POL-A-006), refresh rotates its
 * token with reuse detection (POL-A-004), and the caller's devices are listed.
 */
import { eq } from 'drizzle-orm';
import { users } from '../../generated/db/schema.js';
import { writeAudit, type AuditMeta } from '../audit/write.js';
import { fail, unauthenticated, type Result } from '../domain/result.js';
import type { Principal } from './authenticator.js';
import { listActiveDevices } from './account-queries.js';
import { openDeviceSession } from './device-session.js';
import { countAuthEvent } from './observe.js';
import { hashRefreshToken, looksLikeRefreshToken } from './refresh-token.js';
import { rotateRefreshToken } from './refresh-rotation.js';
import type { Revocation } from './revocation.js';
import type { AuthParts } from './service.js';
import { signAccessToken } from './tokens.js';
import { findUserByEmail } from './user-lookup.js';
import { deviceNameFrom } from './user-agent.js';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  deviceId: string;
}

const invalidCredentials = () => fail(unauthenticated('Invalid email or password.', 'Bearer'));
const invalidRefresh = () => fail(unauthenticated('Invalid or expired refresh token.'));

export class Sessions {
  constructor(
    private readonly deps: AuthParts,
    private readonly revocation: Revocation,
  ) {}

  private pair(
    subject: { userId: string; role: string; deviceId: string; generation: number },
    refreshToken: string,
  ): TokenPair {
    const { token } = signAccessToken(this.deps.keys, this.deps.tokens, subject, this.deps.now());
    const { deviceId } = subject;
    return {
      accessToken: token,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.deps.tokens.accessTtlSeconds,
      deviceId,
    };
  }

  async login(
    input: { email: string; password: string; deviceName?: string },
    meta: AuditMeta = {},
  ): Promise<Result<TokenPair, 401>> {
    const { db, hasher, settings } = this.deps;
    const at = new Date(this.deps.now());
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
    await this.revocation.denylistDevices(user.id, done.evicted, false);
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
    const at = new Date(this.deps.now());
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
      await this.revocation.denylistDevices(result.userId, [result.deviceId], false);
      return invalidRefresh();
    }
    if (result.kind === 'invalid') return invalidRefresh();
    countAuthEvent('refresh');
    return { ok: true, value: this.pair(result, result.next) };
  }

  listDevices(principal: Principal) {
    return listActiveDevices(this.deps.db, principal.userId, principal.deviceId);
  }
}
