// Created once by spec-suite from openapi/api-spec.yaml.
// This file is yours: generation never overwrites it. New operations of this tag must be added here (tsc says which).

import type { CompaniesHandlers } from '../../generated/openapi/handlers.js';
import type { AppContext, AppDeps, AppPrincipal } from '../deps.js';
import * as company from '../domain/company.js';
import { dbSafe } from '../domain/db-errors.js';
import { notFound, ok } from '../domain/result.js';

export function createCompaniesHandlers(
  deps: AppDeps,
): CompaniesHandlers<AppPrincipal, AppContext> {
  const { db, clock } = deps;
  return {
    createCompany: async ({ principal, body }) => {
      const r = await dbSafe([400, 503], async () =>
        ok(await company.createCompany(db, principal.userId, body, clock())),
      );
      if (!r.ok) return r.failure;
      return {
        status: 201,
        body: r.value,
        headers: { Location: `/api/v1/companies/${r.value.id}` },
      };
    },
    getCompany: async ({ path }) => {
      const found = await company.getCompany(db, path.companyId);
      return found ? { status: 200, body: found } : notFound('No company with this id.');
    },
    updateCompany: async ({ principal, path, body }) => {
      const r = await dbSafe([400, 503], () =>
        company.updateCompany(db, principal.userId, path.companyId, body, clock()),
      );
      return r.ok ? { status: 200, body: r.value } : r.failure;
    },
  };
}
