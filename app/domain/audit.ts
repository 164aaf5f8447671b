/**
 * audit_log for domain events (admin changes, application status moves): written through
 * the caller's executor, so an event commits or rolls back with the change it records;
 * read newest first by id (ids are sequential: a higher id happened later).
 */
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { auditLog, type AuditLogRow, type JsonObject } from '../../generated/db/schema.js';
import type { components } from '../../generated/openapi/types.js';
import type { AppContext } from '../deps.js';
import { normalizeIp } from '../auth/client-ip.js';
import type { Executor } from '../db/client.js';
import { badCursor, pageOf, type CursorCodec } from './cursor.js';
import { ok, type Result } from './result.js';

export type DomainAuditAction =
  | 'user.role_changed'
  | 'user.suspended'
  | 'user.reactivated'
  | 'application.status_changed'
  | 'application.withdrawn';

export interface DomainAuditEvent {
  action: DomainAuditAction;
  actorId: string;
  targetType: 'user' | 'application';
  targetId: string;
  details: JsonObject;
}

export async function writeAuditEvent(
  db: Executor,
  event: DomainAuditEvent,
  ctx: Pick<AppContext, 'clientIp' | 'userAgent'>,
  at: Date,
): Promise<void> {
  await db.insert(auditLog).values({
    ...event,
    occurredAt: at,
    // inet column: only a well-formed address, never whatever a header claimed.
    ip: normalizeIp(ctx.clientIp) ?? null,
    userAgent: ctx.userAgent ? ctx.userAgent.slice(0, 512) : null,
  });
}

type AuditEvent = components['schemas']['AuditEvent'];

export function toAuditEvent(row: AuditLogRow): AuditEvent {
  const details = row.details;
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    ip: row.ip,
    details: details && typeof details === 'object' && !Array.isArray(details) ? details : {},
  };
}

export interface AuditQuery {
  actorId?: string;
  action?: string;
  targetType?: string;
  cursor?: string;
  limit: number;
}

const SCOPE = 'audit';

export async function listAuditEvents(
  db: Executor,
  q: AuditQuery,
  cursors: CursorCodec,
): Promise<Result<{ items: AuditEvent[]; nextCursor: string | null }, 400>> {
  const where: (SQL | undefined)[] = [
    q.actorId ? eq(auditLog.actorId, q.actorId) : undefined,
    q.action ? eq(auditLog.action, q.action) : undefined,
    q.targetType ? eq(auditLog.targetType, q.targetType) : undefined,
  ];
  if (q.cursor) {
    const key = cursors.decode(q.cursor, SCOPE);
    if (!key || typeof key.id !== 'number' || !Number.isSafeInteger(key.id)) {
      return badCursor('Invalid or foreign cursor');
    }
    where.push(lt(auditLog.id, key.id));
  }
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1);
  return ok(pageOf(cursors, rows, q.limit, toAuditEvent, (r) => ({ s: SCOPE, k: null, id: r.id })));
}
