/**
 * Tracing for the HTTP app: one SERVER span per request, named by the route TEMPLATE the
 * request matched (`GET /api/v1/jobs/{jobId}`, the same name metrics use), continuing a
 * W3C `traceparent` the caller sent. Database and Redis spans become its children because
 * the request runs inside the span's context.
 *
 * Off unless `OTEL_EXPORTER_OTLP_ENDPOINT` is set: then the SDK (./sdk.ts) is imported
 * and the middleware mounted; otherwise neither is, and no span object is ever created.
 */
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { methodLabel, routeLabel, UNMATCHED_ROUTE } from '../http/metrics.js';
import type { TelemetryConfig } from './config.js';

export const TRACER_NAME = 'jobboard';

export interface TracingHandle {
  tracer: Tracer;
  /** True when ./register.ts ran first (`node --import`): pg and ioredis calls get spans. */
  instrumented: boolean;
  /** Sends the spans still buffered; call before the process exits. */
  shutdown(): Promise<void>;
}

const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => {
    const names: string[] = [];
    headers.forEach((_value, name) => names.push(name));
    return names;
  },
};

/** Mount first, so everything the request does (logs, metrics, queries) runs inside the span. */
export function tracingMiddleware(tracer: Tracer): MiddlewareHandler {
  return async (c, next) => {
    const parent = propagation.extract(context.active(), c.req.raw.headers, headerGetter);
    const method = methodLabel(c.req.method);
    const span = tracer.startSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': method,
          'url.path': c.req.path,
          'url.scheme': new URL(c.req.url).protocol.replace(':', ''),
        },
      },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      const route = routeLabel(c);
      if (route !== UNMATCHED_ROUTE) {
        span.updateName(`${method} ${route}`);
        span.setAttribute('http.route', route);
      }
      const status = c.res.status;
      span.setAttribute('http.response.status_code', status);
      // Server spans are errors for 5xx only; a 4xx is the client's mistake, not ours.
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}

/**
 * Starts the SDK when an endpoint is configured (or returns the one ./register.ts
 * started); undefined when tracing is off.
 */
export async function startTracing(config: TelemetryConfig): Promise<TracingHandle | undefined> {
  if (!config.endpoint) return undefined;
  const sdk = await import('./sdk.js');
  return sdk.runningSdk() ?? sdk.startSdk(config);
}
