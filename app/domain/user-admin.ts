/**
 * Admin governance of accounts: list with filters, change role and/or status. Every
 * change is audited in the transaction that makes it. Suspension also sets
 * `users.tokens_valid_after` (POL-A-005's durable backstop: tokens issued before it die
 * at refresh); a role change or suspension raises `users.token_generation` (access tokens
 * of older generations are void); revoking live sessions is the auth module's job, via deps.onUserAccessChanged.
 */
import { and, desc, eq, ilike, like, lt, or, type SQL } from 'drizzle-orm';
import { users, type UsersRow } from '../../generated/db/schema.js';
import type { components } from '../../generated/openapi/types.js';
import { normaliseEmail } from '../auth/email.js';
import type { Database, Executor } from '../db/client.js';
import { writeAudit, type AuditEntry, type AuditMeta } from '../audit/write.js';
import { laterOf } from './company.js';
import { badCursor, decodeTimeCursor, pageOf, type CursorCodec } from './cursor.js';
import { fail, invalid, notFound, ok, type Result } from './result.js';
import { containsPattern } from './text-match.js';

type User = components['schemas']['User'];
type UserList = components['schemas']['UserList'];
type UserUpdate = components['schemas']['UserUpdate'];
type UserRole = components['schemas']['UserRole'];

export function toUser(row: UsersRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    // role_code references the seeded roles, which are exactly the API's UserRole values.
    role: row.roleCode as UserRole,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface UserQuery {
  q?: string;
  role?: UserRole;
  status?: User['status'];
  cursor?: string;
  limit?: number;
}

const SCOPE = 'users';

/** `q`: a case-insensitive substring of the email or the display name. */
function textFilter(text: string): SQL | undefined {
  // users.email is stored normalised, so its half compares normalised text; text that
  // normalises to nothing (only spaces) cannot be part of an email.
  const email = normaliseEmail(text);
  return or(
    email ? like(users.email, containsPattern(email)) : undefined,
    ilike(users.displayName, containsPattern(text)),
  );
}

export async function listUsers(
  db: Executor,
  q: UserQuery,
  cursors: CursorCodec,
): Promise<Result<UserList, 400>> {
  const limit = q.limit ?? 20;
  const where: (SQL | undefined)[] = [
    q.q ? textFilter(q.q) : undefined,
    q.role ? eq(users.roleCode, q.role) : undefined,
    q.status ? eq(users.status, q.status) : undefined,
  ];
  if (q.cursor) {
    const key = decodeTimeCursor(cursors, q.cursor, SCOPE);
    if (!key) return badCursor();
    const { at } = key;
    where.push(or(lt(users.createdAt, at), and(eq(users.createdAt, at), lt(users.id, key.id))));
  }
  const rows = await db
    .select()
    .from(users)
    .where(and(...where))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(limit + 1);
  return ok(
    pageOf(cursors, rows, limit, toUser, (r) => ({
      s: SCOPE,
      k: r.createdAt.toISOString(),
      id: r.id,
    })),
  );
}

export interface UserChange {
  user: User;
  /** Set when this change suspended an active user: the auth module must end their sessions. */
  suspendedAt: Date | undefined;
  /** Set when the role changed: access tokens carrying the old role must stop working. */
  roleChangedAt: Date | undefined;
}

export async function updateUser(
  db: Database,
  actorId: string,
  userId: string,
  patch: UserUpdate,
  meta: AuditMeta,
  now: Date,
): Promise<Result<UserChange, 400 | 404>> {
  if (userId === actorId) {
    // An admin demoting or suspending themselves could leave nobody able to undo it.
    return fail(
      invalid({
        in: 'path',
        path: '/userId',
        message: 'Admins cannot change their own role or status',
      }),
    );
  }
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!current) return fail(notFound('No user with this id.'));
    const at = laterOf(now, current.updatedAt);
    const roleChanged = patch.role !== undefined && patch.role !== current.roleCode;
    const suspending = patch.status === 'suspended' && current.status !== 'suspended';
    const reactivating = patch.status === 'active' && current.status !== 'active';
    const [row] = await tx
      .update(users)
      .set({
        roleCode: patch.role,
        status: patch.status,
        ...(suspending ? { tokensValidAfter: at } : {}),
        // POL-A-005: tokens issued under the old role or before the suspension carry an
        // older generation; raised under the row lock, so a concurrent login or refresh
        // reads the role and the generation of the same side of this change.
        ...(roleChanged || suspending ? { tokenGeneration: current.tokenGeneration + 1 } : {}),
        updatedAt: at,
      })
      .where(eq(users.id, userId))
      .returning();
    const target = { actorId, targetType: 'user', targetId: userId } as const;
    const events: AuditEntry[] = [];
    if (roleChanged)
      events.push({
        ...target,
        action: 'user.role_changed',
        details: { previousRole: current.roleCode, role: patch.role! },
      });
    if (suspending)
      events.push({
        ...target,
        action: 'user.suspended',
        details: { previousStatus: current.status },
      });
    if (reactivating)
      events.push({
        ...target,
        action: 'user.reactivated',
        details: { previousStatus: current.status },
      });
    for (const event of events) await writeAudit(tx, event, meta, at);
    return ok({
      user: toUser(row!),
      suspendedAt: suspending ? at : undefined,
      roleChangedAt: roleChanged ? at : undefined,
    });
  });
}
