/**
 * The database half of a login (POL-A-002): inside one transaction, lock the user row,
 * end the least recently used devices beyond the limit, create the new device and the
 * first refresh token of its family, and audit it all. The row lock serialises one
 * user's logins, so parallel logins can never leave more than `maxDevices` active.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Transaction } from '../db/client.js';
import { devices, users } from '../../generated/db/schema.js';
import { writeAudit, type AuditMeta } from '../audit/write.js';
import { issueRefreshToken, revokeDevices } from './sessions-db.js';

export interface DeviceSessionInput {
  userId: string;
  deviceName: string;
  userAgent: string | undefined;
  maxDevices: number;
  refreshTtlSeconds: number;
  at: Date;
  meta: AuditMeta;
}

/** Undefined when the user is gone or no longer active by the time the lock is held. */
export async function openDeviceSession(
  tx: Transaction,
  input: DeviceSessionInput,
): Promise<
  | {
      deviceId: string;
      role: string;
      generation: number;
      refreshToken: string;
      evicted: string[];
    }
  | undefined
> {
  const { userId, at, meta } = input;
  const [locked] = await tx
    .select({ status: users.status, role: users.roleCode, generation: users.tokenGeneration })
    .from(users)
    .where(eq(users.id, userId))
    .for('update');
  if (!locked || locked.status !== 'active') return undefined;

  const active = await tx
    .select({ id: devices.id })
    .from(devices)
    .where(and(eq(devices.userId, userId), isNull(devices.revokedAt)))
    .orderBy(asc(devices.lastUsedAt), asc(devices.createdAt));
  const excess = active.length - (input.maxDevices - 1);
  const evicted =
    excess > 0
      ? await revokeDevices(
          tx,
          userId,
          active.slice(0, excess).map((d) => d.id),
          'device_limit',
          at,
        )
      : [];

  const [device] = await tx
    .insert(devices)
    .values({
      userId,
      name: input.deviceName,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
      createdAt: at,
      lastUsedAt: at,
    })
    .returning({ id: devices.id });
  const deviceId = device!.id;
  const refreshToken = await issueRefreshToken(
    tx,
    { userId, deviceId, familyId: randomUUID(), parentId: null },
    at,
    input.refreshTtlSeconds,
  );

  await writeAudit(
    tx,
    { action: 'auth.login', actorId: userId, targetType: 'device', targetId: deviceId },
    meta,
    at,
  );
  for (const id of evicted) {
    await writeAudit(
      tx,
      {
        action: 'auth.device_evicted',
        actorId: userId,
        targetType: 'device',
        targetId: id,
        details: { reason: 'device_limit' },
      },
      meta,
      at,
    );
  }
  return { deviceId, role: locked.role, generation: locked.generation, refreshToken, evicted };
}
