/**
 * Prometheus RED metrics (rate, errors, duration) for every request, labelled by route
 * TEMPLATE, plus the process's default metrics and the auth module's counters, all in one
 * registry the app owns and injects (never prom-client's global default registry, so two
 * apps in one process, as in tests, never count into each other).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { matchedOperation } from '../../runtime/matched-operation.js';
import { registerAuthMetrics } from '../auth/observe.js';
import { databaseBusyAnswers, poolConnections } from '../db/pool-metrics.js';

/** The one label every request no route claims shares (scanners would otherwise explode it). */
export const UNMATCHED_ROUTE = 'unmatched';

type Labels = 'method' | 'route' | 'status_code' | 'status_class';

export interface AppMetrics {
  registry: Registry;
  requests: Counter<Labels>;
  duration: Histogram<Labels>;
  inFlight: Gauge;
}

let processRegistry: Registry | undefined;

/**
 * Default process metrics are collected once per process: each collection starts a GC
 * observer and an event-loop monitor that are never stopped, so per-app collection would
 * leak one of each for every app a test builds. Apps share these metric objects.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export interface AppMetricsOptions {
  /** nodejs_* and process_* metrics (default on). */
  processMetrics?: boolean;
}

export function createAppMetrics(options: AppMetricsOptions = {}): AppMetrics {
  const registry =
    options.processMetrics === false ? new Registry() : Registry.merge([processMetrics()]);
  registerAuthMetrics(registry);
  registry.registerMetric(poolConnections);
  registry.registerMetric(databaseBusyAnswers);
  const labelNames: Labels[] = ['method', 'route', 'status_code', 'status_class'];
  return {
    registry,
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route template and status.',
      labelNames,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from the request entering the app to its response being ready, by method, route template and status.',
      labelNames,
      // Token-verified routes should sit well under 100 ms; bcrypt logins land around 0.1–0.5 s.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    inFlight: new Gauge({
      name: 'http_requests_in_flight',
      help: 'HTTP requests currently being handled.',
      registers: [registry],
    }),
  };
}

const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Methods are client-chosen strings too; anything unusual shares one label. */
export function methodLabel(method: string): string {
  return knownMethods.has(method) ? method : 'OTHER';
}

/** `/api/v1/jobs/:jobId` → `/api/v1/jobs/{jobId}`, so both sources name routes alike. */
function openApiStyle(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, '{$1}');
}

/**
 * The route template of a finished request. An operation the runtime matched names
 * itself; otherwise the most specific Hono route the request matched (operational
 * routes such as `/metrics`, or an operation a middleware answered for, e.g. a 429);
 * wildcard middleware matches don't count, so an unknown path is `unmatched`.
 */
export function routeLabel(c: Context): string {
  const op = matchedOperation(c);
  if (op) return op.route;
  const routes = matchedRoutes(c).filter((r) => !r.path.includes('*'));
  const last = routes[routes.length - 1];
  return last ? openApiStyle(last.path) : UNMATCHED_ROUTE;
}

/** Mount first (after request ids), so 413s, 429s and preflights are counted and timed. */
export function httpMetrics(metrics: AppMetrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    metrics.inFlight.inc();
    try {
      await next();
    } finally {
      metrics.inFlight.dec();
      const status = c.res.status;
      const labels = {
        method: methodLabel(c.req.method),
        route: routeLabel(c),
        status_code: String(status),
        status_class: `${Math.floor(status / 100)}xx`,
      };
      metrics.requests.inc(labels);
      metrics.duration.observe(labels, (performance.now() - started) / 1000);
    }
  };
}
