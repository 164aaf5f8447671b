/** Read-only account queries behind getMe and listDevices. */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { devices, users } from '../../generated/db/schema.js';

/** Active devices, most recently used first, flagging the caller's own. */
export async function listActiveDevices(db: Database, userId: string, currentDeviceId: string) {
  const rows = await db
    .select({
      id: devices.id,
      name: devices.name,
      createdAt: devices.createdAt,
      lastUsedAt: devices.lastUsedAt,
    })
    .from(devices)
    .where(and(eq(devices.userId, userId), isNull(devices.revokedAt)))
    .orderBy(desc(devices.lastUsedAt), desc(devices.createdAt));
  return rows.map((d) => ({ ...d, current: d.id === currentDeviceId }));
}

/** The public view of an account (never the password hash); undefined if gone. */
export async function readAccount(db: Database, userId: string) {
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.roleCode,
      status: users.status,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.id, userId));
  return user;
}
