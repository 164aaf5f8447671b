// Created once by spec-suite from openapi/api-spec.yaml, then filled in by hand.
// The auth operations live in the auth module (app/auth/operations.ts), which owns
// tokens, devices and refresh state; this file hands each one to the route table.

import type { AuthHandlers } from '../../generated/openapi/handlers.js';
import type { AppContext, AppDeps, AppPrincipal } from '../deps.js';

export function createAuthHandlers(deps: AppDeps): AuthHandlers<AppPrincipal, AppContext> {
  const op = deps.auth.operations;
  return {
    getJwks: op.getJwks,
    register: op.register,
    login: op.login,
    refreshToken: op.refreshToken,
    logout: op.logout,
    logoutAll: op.logoutAll,
    getMe: op.getMe,
    changePassword: op.changePassword,
    listDevices: op.listDevices,
    revokeDevice: op.revokeDevice,
  };
}
