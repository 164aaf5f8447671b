/**
 * What handlers are built from. Handler factories receive these instead of importing
 * singletons, so tests pass a second database or a fixed clock without module mocks.
 * Grows as the app does (db, stores, auth services); add fields, don't import globals.
 */
import type { RequestContext } from '../runtime/handler-types.js';
import type { AppConfig } from './config.js';
import type { Principal } from './auth/authenticator.js';
import type { Logger } from './http/logger.js';

export interface AppDeps {
  config: AppConfig;
  logger: Logger;
  clock: () => Date;
}

/** The authenticated caller, as app/auth's AuthHooks produce it. */
export type AppPrincipal = Principal;

/** The per-request context handlers receive (request id, client IP, user agent, raw request). */
export type AppContext = RequestContext;
