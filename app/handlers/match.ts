// Created once by spec-suite from openapi/api-spec.yaml.
// This file is yours: generation never overwrites it. New operations of this tag must be added here (tsc says which).

import type { MatchHandlers } from '../../generated/openapi/handlers.js';
import type { AppContext, AppPrincipal, HandlerDeps } from '../deps.js';
import { dbSafe } from '../domain/db-errors.js';
import { createLocalMatchService } from '../match/local.js';

/** Thin: the match module decides; a remote MatchService in deps.match changes nothing here. */
export function createMatchHandlers(deps: HandlerDeps): MatchHandlers<AppPrincipal, AppContext> {
  const match = deps.match ?? createLocalMatchService(deps);
  return {
    getMyProfile: async ({ principal }) => {
      const r = await match.getProfile(principal.userId);
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
    putMyProfile: async ({ principal, body }) => {
      const r = await dbSafe([400, 503], () => match.putProfile(principal.userId, body));
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
    listMyRecommendations: async ({ principal, query }) => {
      const r = await match.recommend(principal.userId, query);
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
    listJobCandidates: async ({ principal, path, query }) => {
      const r = await match.candidates(principal.userId, path.jobId, query);
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
  };
}
