/**
 * Revocation (POL-A-005): logging out one device or all of them, revoking a device by id,
 * and the admin-side revocations (suspension, role change). The database revocation
 * commits first; the denylist store then makes access tokens feel it before they expire.
 * A denylist failure after a committed revocation throws StoreUnavailableError (the
 * handler answers 503; a retry is safe, revocations are idempotent).
 */
import { eq } from 'drizzle-orm';
import { users } from '../../generated/db/schema.js';
import { writeAudit, type AuditMeta } from '../audit/write.js';
import { fail, notFound, type Result } from '../domain/result.js';
import type { Principal } from './authenticator.js';
import { reportStoreFailure } from './observe.js';
import type { AuthParts } from './service.js';
import { revokeDevices } from './sessions-db.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const noSuchDevice = () => fail(notFound('No such device.'));

export class Revocation {
  constructor(private readonly deps: AuthParts) {}

  /** Seconds until which a revocation must be remembered: tokens live to exp + skew. */
  rememberUntil(expSec?: number): number {
    const t = this.deps.tokens;
    return (
      (expSec ?? Math.floor(this.deps.now() / 1000) + t.accessTtlSeconds) + t.clockSkewSeconds + 1
    );
  }

  /** POL-A-005: this device's refresh tokens revoked, this access token denylisted. */
  async logout(principal: Principal, meta: AuditMeta = {}): Promise<void> {
    const at = new Date(this.deps.now());
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
    await this.everything(
      principal.userId,
      principal.userId,
      'logout_all',
      'auth.logout_all',
      meta,
    );
  }

  /** Another user's device and an unknown id are the same 404 (no BOLA oracle). */
  async revokeDevice(
    principal: Principal,
    deviceId: string,
    meta: AuditMeta = {},
  ): Promise<Result<void, 404>> {
    if (!UUID.test(deviceId)) return noSuchDevice();
    const at = new Date(this.deps.now());
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

  /** Admin use (suspension): every device and token of the user, durably and at once. */
  async revokeUserSessions(
    userId: string,
    actorId: string | null,
    meta: AuditMeta = {},
  ): Promise<void> {
    await this.everything(userId, actorId, 'user_suspended', 'auth.sessions_revoked', meta);
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

  /** Every device and token of the user: generation raised, devices revoked, audited. */
  async everything(
    userId: string,
    actorId: string | null,
    reason: 'logout_all' | 'password_change' | 'user_suspended',
    action: 'auth.logout_all' | 'auth.password_changed' | 'auth.sessions_revoked',
    meta: AuditMeta,
    newPasswordHash?: string,
  ): Promise<void> {
    const at = new Date(this.deps.now());
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

  /** `strict`: a store failure throws (503) instead of being logged and counted. */
  async denylistDevices(
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
