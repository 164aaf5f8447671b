// Created once by spec-suite from openapi/api-spec.yaml, then filled in by hand.
// The auth operations live in the auth module (app/auth/operations.ts), which owns
// tokens, devices and refresh state; this file only hands them to the route table.

import type { AuthHandlers } from '../../generated/openapi/handlers.js';
import type { AppContext, AppDeps, AppPrincipal } from '../deps.js';

export function createAuthHandlers(deps: AppDeps): AuthHandlers<AppPrincipal, AppContext> {
  return deps.auth.operations;
}
