/**
 * The database side of the authenticator's injected interfaces: the permission matrix
 * (role_permissions) for RBAC, the session state (users + devices) used by the hot-path
 * backstop and while the denylist is lost, and the revocations a lost denylist is
 * rebuilt from.
 */
import { and, eq, gt } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { devices, rolePermissions, users } from '../../generated/db/schema.js';
import type { SessionStateLookup } from './authenticator.js';
import type { PermissionLoader } from './rbac.js';
import type { RevocationSnapshot } from './stores/denylist.js';

export function permissionLoader(db: Database): PermissionLoader {
  return async () => {
    const rows = await db
      .select({ role: rolePermissions.roleCode, permission: rolePermissions.permissionCode })
      .from(rolePermissions);
    const matrix: Record<string, string[]> = {};
    for (const row of rows) (matrix[row.role] ??= []).push(row.permission);
    return matrix;
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function sessionStateLookup(db: Database): SessionStateLookup {
  return async (userId, deviceId) => {
    // Token claims are signed by us, but a uuid cast error must never become a 500.
    if (!UUID.test(userId) || !UUID.test(deviceId)) return undefined;
    const [user] = await db
      .select({
        status: users.status,
        tokensValidAfter: users.tokensValidAfter,
        tokenGeneration: users.tokenGeneration,
      })
      .from(users)
      .where(eq(users.id, userId));
    if (!user) return undefined;
    const [device] = await db
      .select({ revokedAt: devices.revokedAt })
      .from(devices)
      .where(and(eq(devices.id, deviceId), eq(devices.userId, userId)));
    return {
      userActive: user.status === 'active',
      tokensValidAfter: user.tokensValidAfter,
      tokenGeneration: user.tokenGeneration,
      deviceRevoked: !device || device.revokedAt !== null,
    };
  };
}

/**
 * Every revocation an unexpired access token may still depend on: devices revoked, and
 * users whose generation was raised (their updated_at moves with it), within the last
 * `windowSeconds` (access-token lifetime + clock skew). Each entry is remembered until its
 * change is `windowSeconds` old, as the live writes are.
 */
export function revocationSnapshot(
  db: Database,
  windowSeconds: number,
  now: () => number,
): () => Promise<RevocationSnapshot> {
  return async () => {
    const since = new Date(now() - windowSeconds * 1000);
    const until = (at: Date) => Math.ceil(at.getTime() / 1000) + windowSeconds;
    const revoked = await db
      .select({ id: devices.id, revokedAt: devices.revokedAt })
      .from(devices)
      .where(gt(devices.revokedAt, since));
    const raised = await db
      .select({ id: users.id, generation: users.tokenGeneration, updatedAt: users.updatedAt })
      .from(users)
      .where(and(gt(users.tokenGeneration, 0), gt(users.updatedAt, since)));
    return {
      devices: revoked.map((d) => ({ sid: d.id, untilSec: until(d.revokedAt!) })),
      users: raised.map((u) => ({
        sub: u.id,
        generation: u.generation,
        untilSec: until(u.updatedAt),
      })),
    };
  };
}
