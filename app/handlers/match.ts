// Created once by spec-suite from openapi/api-spec.yaml.
// This file is yours: generation never overwrites it. Replace each notImplemented() with the real handler.

import type { MatchHandlers } from '../../generated/openapi/handlers.js';
import { notImplemented } from '../../runtime/not-implemented.js';
import type { AppContext, AppDeps, AppPrincipal } from '../deps.js';

export function createMatchHandlers(_deps: AppDeps): MatchHandlers<AppPrincipal, AppContext> {
  return {
    listJobCandidates: () => notImplemented('listJobCandidates'),
    getMyProfile: () => notImplemented('getMyProfile'),
    putMyProfile: () => notImplemented('putMyProfile'),
    listMyRecommendations: () => notImplemented('listMyRecommendations'),
  };
}
