/**
 * Auth events for audit_log (issue 5 §9): every auth state change, with who, what,
 * from where. Writes go through the caller's executor so they commit (or roll back)
 * with the change they describe.
 */
import type { Executor } from '../db/client.js';
import { auditLog } from '../../generated/db/schema.js';
import type { JsonObject } from '../../generated/db/schema.js';
import { normalizeIp } from './client-ip.js';

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

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

export interface AuditEvent {
  action: AuthAuditAction;
  actorId: string | null;
  targetType?: 'user' | 'device' | 'refresh_family';
  targetId?: string;
  details?: JsonObject;
}

export async function writeAudit(
  db: Executor,
  event: AuditEvent,
  meta: RequestMeta = {},
): Promise<void> {
  await db.insert(auditLog).values({
    action: event.action,
    actorId: event.actorId,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    // inet column: only a well-formed address, never whatever a header claimed.
    ip: normalizeIp(meta.ip) ?? null,
    userAgent: meta.userAgent ? meta.userAgent.slice(0, 512) : null,
    details: event.details ?? {},
  });
}
