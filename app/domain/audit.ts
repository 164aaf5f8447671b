/**
 * Reading audit_log (GET /admin/audit): newest first by id (ids are sequential: a higher
 * id happened later). Rows are written by app/audit/write.ts.
 */
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { auditLog, type AuditLogRow } from '../../generated/db/schema.js';
import type { components } from '../../generated/openapi/types.js';
import type { Executor } from '../db/client.js';
import { badCursor, pageOf, type CursorCodec } from './cursor.js';
import { ok, type Result } from './result.js';

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
