// Created once by spec-suite from openapi/api-spec.yaml.
// This file is yours: generation never overwrites it. Replace each notImplemented() with the real handler.

import type { JobsHandlers } from '../../generated/openapi/handlers.js';
import { notImplemented } from '../../runtime/not-implemented.js';
import type { AppContext, AppDeps, AppPrincipal } from '../deps.js';

export function createJobsHandlers(_deps: AppDeps): JobsHandlers<AppPrincipal, AppContext> {
  return {
    listJobs: () => notImplemented('listJobs'),
    createJob: () => notImplemented('createJob'),
    getJob: () => notImplemented('getJob'),
    updateJob: () => notImplemented('updateJob'),
    closeJob: () => notImplemented('closeJob'),
    publishJob: () => notImplemented('publishJob'),
  };
}
