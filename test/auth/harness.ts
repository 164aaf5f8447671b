/**
 * The generated route table with the real auth module on a real database: every auth
 * operation implemented by app/auth, every other operation a 501 stub (their handlers
 * are not this suite's concern). Requests go through Hono in-process.
 */
import { Hono } from 'hono';
import { graphqlRoutes, graphqlSchema } from '../../app/http/graphql.js';
import { operationDispatcher } from '../../runtime/create-api.js';
import type { Redis } from 'ioredis';
import { createApi, operationTable } from '../../generated/openapi/routes.js';
import type { Handlers } from '../../generated/openapi/handlers.js';
import type { RequestContext } from '../../runtime/handler-types.js';
import { notImplemented } from '../../runtime/not-implemented.js';
import type { Principal } from '../../app/auth/authenticator.js';
import { loadAuthConfig } from '../../app/auth/config.js';
import { createAuthModule } from '../../app/auth/module.js';
import { silentLogger } from '../../app/telemetry/logger.js';
import type { Database } from '../../app/db/client.js';
import { stderrRuntimeLogger } from '../support/runtime-logger.js';

export const PASSWORD = 'correct horse battery staple';

export async function createAuthApp(
  db: Database,
  options: {
    env?: Record<string, string>;
    redis?: Redis;
    redisPrefix?: string;
    now?: () => number;
  } = {},
) {
  const config = loadAuthConfig({
    BCRYPT_COST: '4',
    TRUSTED_PROXIES: '1',
    PERMISSIONS_REFRESH_SECONDS: '0',
    ...options.env,
  });
  const auth = await createAuthModule({
    config,
    db,
    logger: silentLogger,
    redis: options.redis,
    redisPrefix: options.redisPrefix,
    now: options.now,
  });
  const app = new Hono();
  auth.mountRateLimits(app);
  const stubs = Object.fromEntries(
    operationTable.map((op) => [op.operationId, () => notImplemented(op.operationId)]),
  );
  const handlers = { ...stubs, ...auth.operations } as Handlers<Principal, RequestContext>;
  const apiOptions = {
    auth: auth.authenticator,
    validateResponses: true,
    logger: stderrRuntimeLogger,
    clientIp: auth.clientIp,
    operationMiddleware: auth.operationRateLimits,
  };
  createApi(handlers, { app, ...apiOptions });
  // GraphQL over the same operations and options, as app/server.ts mounts it.
  app.route(
    '/',
    graphqlRoutes({
      schema: graphqlSchema(),
      dispatch: operationDispatcher(operationTable, handlers, apiOptions),
      production: false,
    }),
  );

  let ipCounter = 0;
  /** Each call comes from a fresh client address unless one is given (rate limits stay out of the way). */
  const call = async (
    method: string,
    path: string,
    init: { token?: string; body?: unknown; ip?: string; headers?: Record<string, string> } = {},
  ) =>
    app.request(path, {
      method,
      headers: {
        'x-forwarded-for': init.ip ?? `198.18.${(++ipCounter >> 8) & 255}.${ipCounter & 255}`,
        ...(init.token !== undefined ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined
        ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
        : {}),
    });

  const register = async (
    email: string,
    password = PASSWORD,
    extra: Record<string, unknown> = {},
  ) =>
    call('POST', '/api/v1/auth/register', {
      body: { email, password, displayName: 'Test User', ...extra },
    });

  const login = async (email: string, password = PASSWORD, ip?: string) => {
    const res = await call('POST', '/api/v1/auth/login', { body: { email, password }, ip });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { accessToken: string; refreshToken: string; deviceId: string };
  };

  const refresh = (refreshToken: string) =>
    call('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
  const me = (token: string) => call('GET', '/api/v1/auth/me', { token });

  return { app, auth, call, register, login, refresh, me };
}
