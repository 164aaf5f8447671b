/**
 * The OpenTelemetry SDK, loaded only when tracing is configured (./tracing.ts imports this
 * module dynamically), so a process without `OTEL_EXPORTER_OTLP_ENDPOINT` never loads it.
 */
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import type { TelemetryConfig } from './config.js';
import { TRACER_NAME, type TracingHandle } from './tracing.js';

let running: TracingHandle | undefined;

export interface SdkOptions {
  /** Replaces the OTLP exporter (tests read spans from memory); spans are then sent one by one. */
  exporter?: SpanExporter;
  /** Whether ./register.ts installed the pg and ioredis instrumentations. */
  instrumented?: boolean;
}

/** Registers the global tracer provider, context manager and W3C propagator, once per process. */
export function startSdk(config: TelemetryConfig, options: SdkOptions = {}): TracingHandle {
  if (running) return running;
  const processor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(
        // The OTLP rule for a base endpoint: signal path appended.
        new OTLPTraceExporter({ url: `${config.endpoint!.replace(/\/+$/, '')}/v1/traces` }),
      );
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    // Follow the caller's decision when a `traceparent` says; sample new traces by ratio.
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
    spanProcessors: [processor],
  });
  provider.register();
  const handle: TracingHandle = {
    tracer: trace.getTracer(TRACER_NAME),
    instrumented: options.instrumented ?? false,
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      running = undefined;
    },
  };
  running = handle;
  return handle;
}

export function runningSdk(): TracingHandle | undefined {
  return running;
}
