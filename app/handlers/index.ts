// Created once by spec-suite from openapi/api-spec.yaml.
// This file is yours: generation never overwrites it. Wire new tags in here.

import type { Handlers } from '../../generated/openapi/handlers.js';
import type { AppContext, AppDeps, AppPrincipal, HandlerDeps } from '../deps.js';
import { createCursorCodec, cursorSecret } from '../domain/cursor.js';
import { createAdminHandlers } from './admin.js';
import { createApplicationsHandlers } from './applications.js';
import { createAuthHandlers } from './auth.js';
import { createCompaniesHandlers } from './companies.js';
import { createHealthHandlers } from './health.js';
import { createJobsHandlers } from './jobs.js';
import { createMatchHandlers } from './match.js';

/** Every operation's handler; a tag missing here is a compile error. */
export function createHandlers(appDeps: AppDeps): Handlers<AppPrincipal, AppContext> {
  const deps: HandlerDeps = {
    ...appDeps,
    cursors:
      appDeps.cursors ??
      createCursorCodec(
        cursorSecret(appDeps.config.cursorSecret, appDeps.auth.keys.active.privateKey),
      ),
  };
  return {
    ...createAdminHandlers(deps),
    ...createApplicationsHandlers(deps),
    ...createAuthHandlers(deps),
    ...createCompaniesHandlers(deps),
    ...createHealthHandlers(deps),
    ...createJobsHandlers(deps),
    ...createMatchHandlers(deps),
  };
}
