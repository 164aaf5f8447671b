/**
 * The one writer of audit_log rows (auth events and domain events alike). Writes go
 * through the caller's executor, so an event commits or rolls back with the change it
 * records. The time is the caller's: every service takes an injected clock, and the row
 * carries the same instant as the change it describes (not the database's now()).
 */
import type { Executor } from '../db/client.js';
import { auditLog, type JsonObject } from '../../generated/db/schema.js';
import { normalizeIp } from '../auth/client-ip.js';

export type AuthAuditAction =
  | 'auth.register'
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.refresh_reuse'
  | 'auth.logout'
  | 'auth.logout_all'
  | 'auth.password_changed'
  | 'auth.device_revoked'
  | 'auth.device_evicted'
  | 'auth.sessions_revoked'
  | 'auth.admin_bootstrapped';

export type DomainAuditAction =
  | 'user.role_changed'
  | 'user.suspended'
  | 'user.reactivated'
  | 'application.status_changed'
  | 'application.withdrawn';

/** Where a request came from, as audit_log records it (columns `ip`, `user_agent`). */
export interface AuditMeta {
  ip?: string;
  userAgent?: string;
}

/** The audit metadata of a request context (the resolved client IP, the User-Agent). */
export function auditMeta(ctx: { clientIp?: string; userAgent?: string }): AuditMeta {
  return { ip: ctx.clientIp, userAgent: ctx.userAgent };
}

export interface AuditEntry {
  action: AuthAuditAction | DomainAuditAction;
  actorId: string | null;
  targetType?: 'user' | 'device' | 'refresh_family' | 'application';
  targetId?: string;
  details?: JsonObject;
}

export async function writeAudit(
  db: Executor,
  entry: AuditEntry,
  meta: AuditMeta,
  at: Date,
): Promise<void> {
  await db.insert(auditLog).values({
    occurredAt: at,
    action: entry.action,
    actorId: entry.actorId,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    // inet column: only a well-formed address, never whatever a header claimed.
    ip: normalizeIp(meta.ip) ?? null,
    userAgent: meta.userAgent ? meta.userAgent.slice(0, 512) : null,
    details: entry.details ?? {},
  });
}
