/**
 * Builds the HTTP app (no listening): middleware, then every generated route bound to
 * the handlers. Tests call this in-process; main.ts serves it.
 */
import { Hono } from 'hono';
import type { AuthHooks } from '../runtime/contract.js';
import { createApi, operationTable } from '../generated/openapi/routes.js';
import { operationDispatcher } from '../runtime/create-api.js';
import type { Handlers } from '../generated/openapi/handlers.js';
import type { AppContext, AppDeps, AppPrincipal } from './deps.js';
import { createHandlers } from './handlers/index.js';
import { docsRoutes } from './http/docs.js';
import { graphiqlRoutes } from './http/graphiql.js';
import { graphqlRoutes, graphqlSchema } from './http/graphql.js';
import { mapAppError } from './http/map-error.js';
import {
  accessLog,
  bodySizeLimit,
  requestIds,
  requestLogging,
  runtimeLogger,
} from './http/middleware.js';
import { strictCors } from './http/cors.js';
import { createAppMetrics, httpMetrics } from './http/metrics.js';
import { METRICS_PATH, metricsEndpoint } from './http/metrics-endpoint.js';
import { securityHeaders } from './http/security-headers.js';
import { tracingMiddleware } from './telemetry/tracing.js';

export interface ServerParts {
  deps: AppDeps;
  /** Defaults to the auth module's authenticator; tests of other layers may plug another. */
  auth?: AuthHooks<AppPrincipal>;
  /** Defaults to the handlers built from `deps`; tests may swap one operation. */
  handlers?: Handlers<AppPrincipal, AppContext>;
}

export function buildServer({ deps, auth, handlers }: ServerParts): Hono {
  const { config, logger } = deps;
  const app = new Hono();
  const metrics = deps.metrics ?? createAppMetrics();
  // Outermost, so logs, metrics and queries of the request run inside its span.
  if (deps.tracer) app.use(tracingMiddleware(deps.tracer));
  app.use(requestIds());
  app.use(requestLogging(logger));
  app.use(httpMetrics(metrics));
  if (config.env !== 'test') app.use(accessLog(logger));
  app.use(securityHeaders({ production: config.env === 'production' }));
  // Preflights carry no token: answered here, before body limits, rate limits and auth.
  app.use(strictCors(config.corsOrigins));
  app.use(bodySizeLimit(config.bodyLimitBytes));
  // Before the routes: Hono runs middleware in registration order.
  deps.auth.mountRateLimits(app);

  // Operational, like the docs: not in the OpenAPI spec, so outside the generated routes.
  app.get(
    METRICS_PATH,
    metricsEndpoint({
      registry: metrics.registry,
      env: config.env,
      token: config.metricsToken,
      clientIp: deps.auth.clientIp,
    }),
  );

  app.route('/', docsRoutes());

  const allHandlers = handlers ?? createHandlers(deps);
  const apiOptions = {
    auth: auth ?? deps.auth.authenticator,
    validateResponses: config.validateResponses,
    clientIp: deps.auth.clientIp,
    // The runtime's last-resort handler is the app's only one: it logs here.
    logger: runtimeLogger(logger),
    mapError: mapAppError,
    operationMiddleware: deps.auth.operationRateLimits,
  };
  createApi(allHandlers, { app, ...apiOptions });
  // GraphQL fields run the same operations with the same options (auth, limits, checks).
  app.route(
    '/',
    graphqlRoutes({
      schema: graphqlSchema(),
      dispatch: operationDispatcher(operationTable, allHandlers, apiOptions),
      production: config.env === 'production',
    }),
  );
  // An explorer is a development tool: not served in production.
  if (config.env !== 'production') app.route('/', graphiqlRoutes());
  return app;
}
