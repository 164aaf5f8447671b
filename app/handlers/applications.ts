// Created once by spec-suite from openapi/api-spec.yaml.
// This file is yours: generation never overwrites it. Replace each notImplemented() with the real handler.

import type { ApplicationsHandlers } from '../../generated/openapi/handlers.js';
import { notImplemented } from '../../runtime/not-implemented.js';
import type { AppContext, AppDeps, AppPrincipal } from '../deps.js';

export function createApplicationsHandlers(
  _deps: AppDeps,
): ApplicationsHandlers<AppPrincipal, AppContext> {
  return {
    getApplication: () => notImplemented('getApplication'),
    updateApplicationStatus: () => notImplemented('updateApplicationStatus'),
    withdrawApplication: () => notImplemented('withdrawApplication'),
    listJobApplications: () => notImplemented('listJobApplications'),
    applyToJob: () => notImplemented('applyToJob'),
    listMyApplications: () => notImplemented('listMyApplications'),
  };
}
