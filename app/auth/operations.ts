/**
 * The spec's auth operations as typed handler functions over the AuthService: the
 * handler file (app/handlers/auth.ts) can return `createAuthOperations(...)` as is.
 * Only mapping lives here: typed service outcomes → the statuses and problem bodies
 * the spec declares. POL-A-006: login failures are one fixed 401 body.
 */
import type { AuthHandlers } from '../../generated/openapi/handlers.js';
import type { RequestContext } from '../../runtime/handler-types.js';
import { auditMeta } from '../audit/write.js';
import { unauthenticated, unavailable as unavailableFailure } from '../domain/result.js';
import type { Principal } from './authenticator.js';
import { StoreUnavailableError } from './errors.js';
import type { KeyRing } from './keys.js';
import type { AuthService } from './service.js';

type UserRole = 'admin' | 'employer' | 'job_seeker';

const unavailable = unavailableFailure('Could not complete the revocation; retry.');

/** Store failures after a committed revocation become the spec's 503. */
async function orUnavailable<T>(fn: () => Promise<T>): Promise<T | typeof unavailable> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof StoreUnavailableError) return unavailable;
    throw err;
  }
}

export function createAuthOperations(deps: {
  service: AuthService;
  keys: KeyRing;
}): AuthHandlers<Principal, RequestContext> {
  const { service, keys } = deps;
  return {
    getJwks: () => ({
      status: 200,
      body: keys.jwks(),
      headers: { 'cache-control': 'public, max-age=300' },
    }),

    register: async ({ body, ctx }) => {
      const r = await service.register(body, auditMeta(ctx));
      return r.ok ? { status: 202, body: r.value } : r.failure;
    },

    login: async ({ body, ctx }) => {
      const r = await service.login(body, auditMeta(ctx));
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },

    refreshToken: async ({ body, ctx }) => {
      const r = await service.refresh(body.refreshToken, auditMeta(ctx));
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },

    logout: ({ principal, ctx }) =>
      orUnavailable(async () => {
        await service.logout(principal, auditMeta(ctx));
        return { status: 204 as const };
      }),

    logoutAll: ({ principal, ctx }) =>
      orUnavailable(async () => {
        await service.logoutAll(principal, auditMeta(ctx));
        return { status: 204 as const };
      }),

    changePassword: ({ principal, body, ctx }) =>
      orUnavailable(async () => {
        const r = await service.changePassword(principal, body, auditMeta(ctx));
        return r.ok ? { status: 204 as const } : r.failure;
      }),

    getMe: async ({ principal }) => {
      const user = await service.getMe(principal);
      // A valid token for a user that no longer exists is a credential problem, not a 404.
      if (!user) return unauthenticated('Unknown user.', 'Bearer');
      // roles.code is text in the DDL; response validation (dev/test) catches a role the spec lacks.
      return {
        status: 200,
        body: { ...user, role: user.role as UserRole, createdAt: user.createdAt.toISOString() },
      };
    },

    listDevices: async ({ principal }) => {
      const items = await service.listDevices(principal);
      return {
        status: 200,
        body: {
          items: items.map((d) => ({
            ...d,
            createdAt: d.createdAt.toISOString(),
            lastUsedAt: d.lastUsedAt.toISOString(),
          })),
          nextCursor: null,
        },
      };
    },

    revokeDevice: ({ principal, path, ctx }) =>
      orUnavailable(async () => {
        const r = await service.revokeDevice(principal, path.deviceId, auditMeta(ctx));
        return r.ok ? { status: 204 as const } : r.failure;
      }),
  };
}
