// Created once by spec-suite from openapi/api-spec.yaml.
// This file is yours: generation never overwrites it. New operations of this tag must be added here (tsc says which).

import type { ApplicationsHandlers, ApplyToJobResult } from '../../generated/openapi/handlers.js';
import type { AppContext, AppPrincipal, HandlerDeps } from '../deps.js';
import { auditMeta } from '../audit/write.js';
import * as application from '../domain/application.js';
import { dbSafe } from '../domain/db-errors.js';
import { requestHash, runIdempotent } from '../domain/idempotency.js';
import { ok, type Result } from '../domain/result.js';

type Application = Extract<ApplyToJobResult, { status: 201 }>['body'];

const created = (a: Application): ApplyToJobResult => ({
  status: 201,
  body: a,
  headers: { Location: `/api/v1/applications/${a.id}` },
});

const asApplyResult = (r: Result<Application, 400 | 404 | 409 | 503>): ApplyToJobResult =>
  r.ok ? created(r.value) : r.failure;

export function createApplicationsHandlers(
  deps: HandlerDeps,
): ApplicationsHandlers<AppPrincipal, AppContext> {
  const { db, clock, cursors } = deps;
  return {
    getApplication: async ({ principal, path }) => {
      const r = await application.getApplication(db, path.applicationId, principal.userId);
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
    updateApplicationStatus: async ({ principal, path, body, ctx }) => {
      const r = await dbSafe([400, 409, 503], () =>
        application.moveApplication(
          db,
          principal.userId,
          path.applicationId,
          body,
          auditMeta(ctx),
          clock(),
        ),
      );
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
    withdrawApplication: async ({ principal, path, ctx }) => {
      const r = await dbSafe([409, 503], () =>
        application.withdrawApplication(
          db,
          principal.userId,
          path.applicationId,
          auditMeta(ctx),
          clock(),
        ),
      );
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
    listJobApplications: async ({ principal, path, query }) => {
      const r = await application.listJobApplications(
        db,
        principal.userId,
        path.jobId,
        query,
        cursors,
      );
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
    applyToJob: async ({ principal, path, header, body }) => {
      const now = clock();
      const key = header['Idempotency-Key'];
      if (!key) {
        return asApplyResult(
          await dbSafe([400, 409, 503], () =>
            application.applyToJob(db, principal.userId, path.jobId, body, now),
          ),
        );
      }
      const r = await dbSafe([400, 409, 503], async () =>
        ok(
          await db.transaction((tx) =>
            runIdempotent(
              tx,
              {
                userId: principal.userId,
                key,
                operationId: 'applyToJob',
                hash: requestHash('applyToJob', { path, body }),
                now,
              },
              async () =>
                asApplyResult(
                  await application.applyToJob(tx, principal.userId, path.jobId, body, now),
                ),
            ),
          ),
        ),
      );
      if (!r.ok) return r.failure;
      const outcome = r.value;
      switch (outcome.kind) {
        case 'fresh':
          return outcome.result;
        case 'refused':
          return outcome.failure;
        case 'replay': {
          // Stored by this handler from an ApplyToJobResult; the response validator re-checks it.
          const replay = outcome.result as ApplyToJobResult;
          const headers = replay.status === 201 ? created(replay.body).headers : {};
          return {
            ...replay,
            headers: { ...headers, 'Idempotent-Replayed': 'true' },
          } as ApplyToJobResult;
        }
      }
    },
    listMyApplications: async ({ principal, query }) => {
      const r = await application.listMyApplications(db, principal.userId, query, cursors);
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
  };
}
