/**
 * Refresh-token rotation with reuse detection (POL-A-004), as one transaction.
 *
 * The presented token is looked up by hash and locked, with its device. A live token is
 * spent and replaced by its child. A spent token presented again is reuse: the whole
 * family and the device are revoked and the event audited, except once inside the grace
 * window for the immediate parent of the live token (two tabs refreshing at once); then
 * the live child is spent as well and a new token continues the chain, so a family never
 * has two live tokens. Users' status and tokens_valid_after are the durable backstop.
 */
import { eq } from 'drizzle-orm';
import type { Transaction } from '../db/client.js';
import { devices, refreshTokens, users } from '../../generated/db/schema.js';
import { writeAudit, type AuditMeta } from '../audit/write.js';
import { issueRefreshToken, revokeDevices, revokeFamily } from './sessions-db.js';

export interface RotationInput {
  tokenHash: string;
  at: Date;
  graceSeconds: number;
  refreshTtlSeconds: number;
  meta: AuditMeta;
}

export type RotationResult =
  | { kind: 'invalid' }
  | { kind: 'reuse'; userId: string; deviceId: string }
  | {
      kind: 'ok';
      userId: string;
      deviceId: string;
      role: string;
      /** users.token_generation, read with the role in one statement. */
      generation: number;
      next: string;
    };

export async function rotateRefreshToken(
  tx: Transaction,
  input: RotationInput,
): Promise<RotationResult> {
  const { at, meta } = input;
  const [row] = await tx
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, input.tokenHash))
    .for('update');
  if (!row) return { kind: 'invalid' };
  const [device] = await tx
    .select({ revokedAt: devices.revokedAt })
    .from(devices)
    .where(eq(devices.id, row.deviceId))
    .for('update');
  const [user] = await tx
    .select({
      status: users.status,
      role: users.roleCode,
      generation: users.tokenGeneration,
      tokensValidAfter: users.tokensValidAfter,
    })
    .from(users)
    .where(eq(users.id, row.userId));
  if (row.revokedAt || !device || device.revokedAt || !user || row.expiresAt <= at)
    return { kind: 'invalid' };
  if (user.status !== 'active' || (user.tokensValidAfter && row.issuedAt < user.tokensValidAfter)) {
    return { kind: 'invalid' };
  }

  let parentId = row.id;
  if (row.usedAt) {
    const [child] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.parentId, row.id))
      .limit(1)
      .for('update');
    const inGrace = at.getTime() - row.usedAt.getTime() <= input.graceSeconds * 1000;
    if (!inGrace || !child || child.usedAt || child.revokedAt) {
      await revokeFamily(tx, row.familyId, 'token_reuse', at);
      await revokeDevices(tx, row.userId, [row.deviceId], 'token_reuse', at);
      await writeAudit(
        tx,
        {
          action: 'auth.refresh_reuse',
          actorId: null,
          targetType: 'refresh_family',
          targetId: row.familyId,
          details: {
            deviceId: row.deviceId,
            userId: row.userId,
            tokenId: row.id,
            withinGrace: inGrace,
          },
        },
        meta,
        at,
      );
      return { kind: 'reuse', userId: row.userId, deviceId: row.deviceId };
    }
    await tx.update(refreshTokens).set({ usedAt: at }).where(eq(refreshTokens.id, child.id));
    parentId = child.id;
  } else {
    await tx.update(refreshTokens).set({ usedAt: at }).where(eq(refreshTokens.id, row.id));
  }

  const next = await issueRefreshToken(
    tx,
    { userId: row.userId, deviceId: row.deviceId, familyId: row.familyId, parentId },
    at,
    input.refreshTtlSeconds,
  );
  await tx.update(devices).set({ lastUsedAt: at }).where(eq(devices.id, row.deviceId));
  return {
    kind: 'ok',
    userId: row.userId,
    deviceId: row.deviceId,
    role: user.role,
    generation: user.generation,
    next,
  };
}
