// Created once by spec-suite from openapi/api-spec.yaml.
// This file is yours: generation never overwrites it. New operations of this tag must be added here (tsc says which).

import type { AdminHandlers } from '../../generated/openapi/handlers.js';
import type { AppContext, AppPrincipal, HandlerDeps } from '../deps.js';
import { auditMeta } from '../audit/write.js';
import { listAuditEvents } from '../domain/audit.js';
import { dbSafe } from '../domain/db-errors.js';
import * as userAdmin from '../domain/user-admin.js';

export function createAdminHandlers(deps: HandlerDeps): AdminHandlers<AppPrincipal, AppContext> {
  const { db, clock, logger, cursors } = deps;
  return {
    listAuditEvents: async ({ query }) => {
      const r = await listAuditEvents(db, { ...query, limit: query.limit ?? 20 }, cursors);
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
    listUsers: async ({ query }) => {
      const r = await userAdmin.listUsers(db, query, cursors);
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
    updateUser: async ({ principal, path, body, ctx }) => {
      const r = await dbSafe([400, 503], () =>
        userAdmin.updateUser(db, principal.userId, path.userId, body, auditMeta(ctx), clock()),
      );
      if (!r.ok) return r.failure;
      const { user, suspendedAt, roleChangedAt } = r.value;
      const at = suspendedAt ?? roleChangedAt;
      if (at && deps.onUserAccessChanged) {
        // The change is committed (a suspension's tokens_valid_after already rejects old
        // tokens at refresh); a failing hook must not turn that success into an error.
        try {
          await deps.onUserAccessChanged({
            userId: user.id,
            actorId: principal.userId,
            at,
            change: suspendedAt ? 'suspended' : 'role_changed',
          });
        } catch (err) {
          logger.error(
            { userId: user.id, err: (err as Error).message },
            'onUserAccessChanged hook failed',
          );
        }
      }
      return { status: 200, body: user };
    },
  };
}
