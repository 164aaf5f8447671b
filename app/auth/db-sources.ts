/**
 * The database side of the authenticator's injected interfaces: the permission matrix
 * (role_permissions) for RBAC, and the session state (users + devices) used by refresh
 * and, optionally, by the hot-path backstop.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { devices, rolePermissions, users } from '../../generated/db/schema.js';
import type { SessionStateLookup } from './authenticator.js';
import type { PermissionLoader } from './rbac.js';

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
      .select({ status: users.status, tokensValidAfter: users.tokensValidAfter })
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
      deviceRevoked: !device || device.revokedAt !== null,
    };
  };
}
