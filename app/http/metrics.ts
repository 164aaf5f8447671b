/**
 * Prometheus RED metrics (rate, errors, duration) for every request, labelled by route
 * TEMPLATE, plus the process's default metrics and the auth module's counters, all in one
 * registry the app owns and injects (never prom-client's global default registry, so two
 * apps in one process, as in tests, never count into each other).
 *
 * The duration histogram carries exemplars (the trace and span id of a request that landed
 * in a bucket) when tracing is on; they appear in the OpenMetrics exposition only, which
 * `/metrics` serves to scrapers that ask for it (`Accept: application/openmetrics-text`).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type LabelValues,
  type Metric,
  type OpenMetricsContentType,
} from 'prom-client';
import { matchedOperation } from '../../runtime/matched-operation.js';
import { registerAuthMetrics } from '../auth/observe.js';
import { databaseBusyAnswers, poolConnections } from '../db/pool-metrics.js';
import { activeTraceIds } from '../telemetry/trace-ids.js';

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
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the request entering the app to its response being ready, by method, route template and status.',
    labelNames,
    // Token-verified routes should sit well under 100 ms; bcrypt logins land around 0.1–0.5 s.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    enableExemplars: true,
    // prom-client refuses exemplars on a Prometheus-format registry at construction only;
    // the Prometheus text simply leaves them out, so register after construction.
    registers: [],
  });
  registry.registerMetric(duration);
  return {
    registry,
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route template and status.',
      labelNames,
      registers: [registry],
    }),
    duration,
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
      metrics.duration.observe({
        labels,
        value: (performance.now() - started) / 1000,
        // Read here, inside the request's span (the tracing middleware runs outside this one).
        // prom-client types exemplar labels as the metric's own labels; they are free-form.
        exemplarLabels: (activeTraceIds() ?? {}) as LabelValues<Labels>,
      });
    }
  };
}

const OPENMETRICS = 'application/openmetrics-text';

/**
 * Whether the scraper prefers OpenMetrics: Prometheus sends
 * `application/openmetrics-text;version=1.0.0,…,text/plain;version=0.0.4;q=0.5,…`. A range
 * with `q=0` refuses; otherwise the higher q wins and a tie goes to OpenMetrics.
 */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  if (!accept) return false;
  let openMetrics = 0;
  let text = 0;
  for (const range of accept.split(',')) {
    const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (type === OPENMETRICS) openMetrics = Math.max(openMetrics, q);
    else if (type === 'text/plain') text = Math.max(text, q);
  }
  return openMetrics > 0 && openMetrics >= text;
}

/**
 * prom-client renames a counter object in place (drops `_total`) while rendering
 * OpenMetrics, which would break the Prometheus text rendered from the same object later.
 * So OpenMetrics is rendered from a throwaway registry of stand-ins that forward to the
 * real metrics and take the renaming themselves.
 */
function openMetricsView(registry: Registry): Registry<OpenMetricsContentType> {
  const view = new Registry<OpenMetricsContentType>();
  view.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  for (const metric of registry.getMetricsAsArray() as unknown as RenderableMetric[]) {
    // The renderer names a metric by what `get()` returns, after renaming the stand-in.
    const renamed = async (data: Promise<object>) => ({ ...(await data), name: standIn.name });
    const standIn: RenderableMetric = {
      name: metric.name,
      help: metric.help,
      type: metric.type,
      get: () => renamed(metric.get()),
      ...(metric.getForPromString
        ? { getForPromString: () => renamed(metric.getForPromString!()) }
        : {}),
    };
    view.registerMetric(standIn as unknown as Metric);
  }
  return view;
}

/** What prom-client's renderer reads from a registered metric (lib/registry.js). */
interface RenderableMetric {
  name: string;
  help: string;
  type: string;
  get(): Promise<object>;
  getForPromString?(): Promise<object>;
}

/** The exposition for a scrape: Prometheus text by default, OpenMetrics when asked. */
export async function exposition(
  registry: Registry,
  accept: string | undefined,
): Promise<{ body: string; contentType: string }> {
  if (wantsOpenMetrics(accept)) {
    return {
      body: await openMetricsView(registry).metrics(),
      contentType: Registry.OPENMETRICS_CONTENT_TYPE,
    };
  }
  return { body: await registry.metrics(), contentType: registry.contentType };
}
