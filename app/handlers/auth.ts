// Created once by spec-suite from openapi/api-spec.yaml.
// This file is yours: generation never overwrites it. Replace each notImplemented() with the real handler.

import type { AuthHandlers } from '../../generated/openapi/handlers.js';
import { notImplemented } from '../../runtime/not-implemented.js';
import type { AppContext, AppDeps, AppPrincipal } from '../deps.js';

export function createAuthHandlers(_deps: AppDeps): AuthHandlers<AppPrincipal, AppContext> {
  return {
    getJwks: () => notImplemented('getJwks'),
    listDevices: () => notImplemented('listDevices'),
    revokeDevice: () => notImplemented('revokeDevice'),
    login: () => notImplemented('login'),
    logout: () => notImplemented('logout'),
    logoutAll: () => notImplemented('logoutAll'),
    getMe: () => notImplemented('getMe'),
    changePassword: () => notImplemented('changePassword'),
    refreshToken: () => notImplemented('refreshToken'),
    register: () => notImplemented('register'),
  };
}
