/**
 * `node --import ./app/telemetry/register.ts` (under tsx: `tsx --import …`): starts tracing
 * BEFORE the app's modules load, which the pg and ioredis instrumentations need under ESM
 * (they patch a module as it is imported, through the import-in-the-middle loader hook).
 *
 * Does nothing (loads no SDK) unless `OTEL_EXPORTER_OTLP_ENDPOINT` is set. A bad tracing
 * variable is left for app/config.ts to report with every other bad value.
 */
import { register } from 'node:module';
import { loadTelemetryConfig } from './config.js';

const loaded = loadTelemetryConfig(process.env);
if (loaded.ok && loaded.config.endpoint) {
  // Only these modules are wrapped by the loader hook; the rest load untouched.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
    data: { include: ['pg', 'pg-pool', 'ioredis'] },
  });
  const [{ registerInstrumentations }, { PgInstrumentation }, { IORedisInstrumentation }, sdk] =
    await Promise.all([
      import('@opentelemetry/instrumentation'),
      import('@opentelemetry/instrumentation-pg'),
      import('@opentelemetry/instrumentation-ioredis'),
      import('./sdk.js'),
    ]);
  sdk.startSdk(loaded.config, { instrumented: true });
  registerInstrumentations({
    instrumentations: [
      // Spans only inside a request's trace: no orphan traces from pool pings or timers.
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
}
