/**
 * Drizzle building blocks for device and refresh-token state, shared by the auth service
 * operations. Each takes the caller's transaction and the caller's clock, so one
 * operation's rows carry one instant and commit together.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { devices, refreshTokens, type RevocationReason } from '../../generated/db/schema.js';
import { newRefreshToken } from './refresh-token.js';

/** Revokes the user's listed devices (if still active) and their refresh tokens; returns the ids revoked now. */
export async function revokeDevices(
  tx: Executor,
  userId: string,
  deviceIds: readonly string[] | 'all',
  reason: RevocationReason,
  at: Date,
): Promise<string[]> {
  if (deviceIds !== 'all' && deviceIds.length === 0) return [];
  const scope = and(
    eq(devices.userId, userId),
    isNull(devices.revokedAt),
    deviceIds === 'all' ? undefined : inArray(devices.id, [...deviceIds]),
  );
  const revoked = await tx
    .update(devices)
    .set({ revokedAt: at, revokedReason: reason })
    .where(scope)
    .returning({ id: devices.id });
  const ids = revoked.map((r) => r.id);
  if (ids.length > 0) {
    await tx
      .update(refreshTokens)
      .set({ revokedAt: at, revokedReason: reason })
      .where(and(inArray(refreshTokens.deviceId, ids), isNull(refreshTokens.revokedAt)));
  }
  return ids;
}

export async function revokeFamily(
  tx: Executor,
  familyId: string,
  reason: RevocationReason,
  at: Date,
): Promise<void> {
  await tx
    .update(refreshTokens)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

export async function issueRefreshToken(
  tx: Executor,
  link: { userId: string; deviceId: string; familyId: string; parentId: string | null },
  at: Date,
  ttlSeconds: number,
): Promise<string> {
  const { token, hash } = newRefreshToken();
  await tx.insert(refreshTokens).values({
    ...link,
    tokenHash: hash,
    issuedAt: at,
    expiresAt: new Date(at.getTime() + ttlSeconds * 1000),
  });
  return token;
}
