// Created once by spec-suite from openapi/api-spec.yaml.
// This file is yours: generation never overwrites it. Replace each notImplemented() with the real handler.

import type { AdminHandlers } from '../../generated/openapi/handlers.js';
import { notImplemented } from '../../runtime/not-implemented.js';
import type { AppContext, AppDeps, AppPrincipal } from '../deps.js';

export function createAdminHandlers(_deps: AppDeps): AdminHandlers<AppPrincipal, AppContext> {
  return {
    listAuditEvents: () => notImplemented('listAuditEvents'),
    listUsers: () => notImplemented('listUsers'),
    updateUser: () => notImplemented('updateUser'),
  };
}
