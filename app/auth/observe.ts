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

export const AUTH_EVENTS = ['login', 'login_failed', 'refresh', 'refresh_reuse'] as const;
export type AuthEvent = (typeof AUTH_EVENTS)[number];

/**
 * Auth outcomes for dashboards and alerts (refresh-token reuse, POL-A-004, is a stolen
 * token or a broken client). Counted after the change they describe committed.
 */
export const authEvents = new Counter({
  name: 'auth_events_total',
  help: 'Auth outcomes: logins and failed logins, refresh-token rotations, refresh-token reuse detected.',
  labelNames: ['event'],
  registers: [],
});
// Every event exists from the first scrape, so rate() and increase() see the first one.
for (const event of AUTH_EVENTS) authEvents.inc({ event }, 0);

export function countAuthEvent(event: AuthEvent): void {
  authEvents.inc({ event });
}

/** Adds the auth module's metrics to the app's registry (app/http/metrics.ts). */
export function registerAuthMetrics(registry: Registry): void {
  registry.registerMetric(storeFailures);
  registry.registerMetric(authEvents);
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
