// Created once by spec-suite from openapi/api-spec.yaml.
// This file is yours: generation never overwrites it. Replace each notImplemented() with the real handler.

import type { HealthHandlers } from '../../generated/openapi/handlers.js';
import { notImplemented } from '../../runtime/not-implemented.js';
import type { AppContext, AppDeps, AppPrincipal } from '../deps.js';

export function createHealthHandlers(_deps: AppDeps): HealthHandlers<AppPrincipal, AppContext> {
  return {
    // Liveness: answers while the process serves HTTP; deliberately checks no dependency.
    getHealth: () => ({ status: 200, body: { status: 'ok' } }),
    getReadiness: () => notImplemented('getReadiness'),
  };
}
