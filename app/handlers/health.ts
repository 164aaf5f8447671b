// Created once by spec-suite from openapi/api-spec.yaml.
// This file is yours: generation never overwrites it. New operations of this tag must be added here (tsc says which).

import type { HealthHandlers } from '../../generated/openapi/handlers.js';
import type { AppContext, AppDeps, AppPrincipal } from '../deps.js';
import { roles } from '../../generated/db/schema.js';
import { unavailable } from '../domain/result.js';

/** A probe that hangs counts as down: an orchestrator's readiness check must get an answer. */
export const PING_TIMEOUT_MS = 2000;

async function probe(ping: () => Promise<boolean>, timeoutMs: number): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return (await Promise.race([ping().catch(() => false), timeout])) ? 'up' : 'down';
  } finally {
    clearTimeout(timer);
  }
}

export function createHealthHandlers(
  deps: AppDeps,
  pingTimeoutMs = PING_TIMEOUT_MS,
): HealthHandlers<AppPrincipal, AppContext> {
  const pingDatabase =
    deps.ping?.database ??
    (async () => {
      await deps.db.select({ code: roles.code }).from(roles).limit(1);
      return true;
    });
  const pingRedis = deps.ping?.redis;
  return {
    // Liveness: answers while the process serves HTTP; deliberately checks no dependency.
    getHealth: () => ({ status: 200, body: { status: 'ok' } }),
    getReadiness: async () => {
      // Shutting down (POL-O-001): not ready, so the load balancer stops routing here
      // while in-flight and still-routed requests are served.
      if (deps.draining?.()) return unavailable('Not ready: shutting down.', 5);
      const [database, redis] = await Promise.all([
        probe(pingDatabase, pingTimeoutMs),
        pingRedis ? probe(pingRedis, pingTimeoutMs) : Promise.resolve('disabled' as const),
      ]);
      if (database === 'down' || redis === 'down') {
        return unavailable(`Not ready: database ${database}, redis ${redis}.`, 5);
      }
      return { status: 200, body: { status: 'ok', checks: { database, redis } } };
    },
  };
}
