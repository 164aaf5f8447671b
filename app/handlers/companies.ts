// Created once by spec-suite from openapi/api-spec.yaml.
// This file is yours: generation never overwrites it. Replace each notImplemented() with the real handler.

import type { CompaniesHandlers } from '../../generated/openapi/handlers.js';
import { notImplemented } from '../../runtime/not-implemented.js';
import type { AppContext, AppDeps, AppPrincipal } from '../deps.js';

export function createCompaniesHandlers(
  _deps: AppDeps,
): CompaniesHandlers<AppPrincipal, AppContext> {
  return {
    createCompany: () => notImplemented('createCompany'),
    getCompany: () => notImplemented('getCompany'),
    updateCompany: () => notImplemented('updateCompany'),
  };
}
