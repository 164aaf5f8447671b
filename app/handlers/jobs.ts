// Created once by spec-suite from openapi/api-spec.yaml.
// This file is yours: generation never overwrites it. New operations of this tag must be added here (tsc says which).

import type { JobsHandlers } from '../../generated/openapi/handlers.js';
import type { AppContext, AppPrincipal, HandlerDeps } from '../deps.js';
import { dbSafe } from '../domain/db-errors.js';
import * as job from '../domain/job.js';
import { searchJobs } from '../domain/job-search.js';
import { notFound } from '../domain/result.js';

export function createJobsHandlers(deps: HandlerDeps): JobsHandlers<AppPrincipal, AppContext> {
  const { db, clock, cursors } = deps;
  return {
    listJobs: async ({ query }) => {
      const r = await searchJobs(db, query, cursors);
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
    createJob: async ({ principal, body }) => {
      const r = await dbSafe([400, 503], () => job.createJob(db, principal.userId, body, clock()));
      if (!r.ok) return r.failure;
      return { status: 201, body: r.value, headers: { Location: `/api/v1/jobs/${r.value.id}` } };
    },
    getJob: async ({ principal, path }) => {
      // Public operation: the principal is there only when a valid token was sent.
      const found = await job.getVisibleJob(db, path.jobId, principal?.userId);
      return found ? { status: 200, body: found } : notFound('No job with this id.');
    },
    updateJob: async ({ principal, path, body }) => {
      const r = await dbSafe([400, 409, 503], () =>
        job.updateJob(db, principal.userId, path.jobId, body, clock()),
      );
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
    closeJob: async ({ principal, path }) => {
      const r = await dbSafe([409, 503], () =>
        job.changeJobStatus(db, principal.userId, path.jobId, 'close', clock()),
      );
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
    publishJob: async ({ principal, path }) => {
      const r = await dbSafe([409, 503], () =>
        job.changeJobStatus(db, principal.userId, path.jobId, 'publish', clock()),
      );
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
  };
}
