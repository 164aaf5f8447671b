/**
 * Counting and logging for the auth module's degraded paths (a store failing closed or
 * open), through the app's one logger (app/telemetry/logger.ts).
 */
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../telemetry/logger.js';

/**
 * Counted per process and registered in no registry here: the app exposes it through its
 * own injected registry (`registerAuthMetrics`), never prom-client's global default.
 */
export const storeFailures = new Counter({
  name: 'auth_store_failures_total',
  help: 'Auth store operations that failed; mode says whether the request failed closed (503) or open (local fallback).',
  labelNames: ['store', 'mode'],
  registers: [],
});

/** Adds the auth module's metrics to the app's registry (app/http/metrics.ts). */
export function registerAuthMetrics(registry: Registry): void {
  registry.registerMetric(storeFailures);
}

export function reportStoreFailure(
  logger: Logger,
  store: 'denylist' | 'ratelimit' | 'session',
  mode: 'fail_closed' | 'fail_open',
  err: unknown,
): void {
  storeFailures.inc({ store, mode });
  logger.error(
    { store, mode, err: err instanceof Error ? err.message : String(err) },
    `auth ${store} store failed (${mode})`,
  );
}
