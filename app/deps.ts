/**
 * What handlers are built from. Handler factories receive these instead of importing
 * singletons, so tests pass a second database or a fixed clock without module mocks.
 * Grows as the app does (db, stores, auth services); add fields, don't import globals.
 */
import type { RequestContext } from '../runtime/handler-types.js';
import type { AppConfig } from './config.js';
import type { Principal } from './auth/authenticator.js';
import type { Database } from './db/client.js';
import type { Logger } from './http/logger.js';

/** What an admin's suspension of a user tells the auth module (sessions, denylist). */
export interface UserSuspendedEvent {
  userId: string;
  actorId: string;
  /** The instant the suspension took effect; `users.tokens_valid_after` is set to it. */
  at: Date;
}

export interface AppDeps {
  config: AppConfig;
  logger: Logger;
  clock: () => Date;
  /** The drizzle database (PGlite or PostgreSQL) every domain module queries. */
  db: Database;
  /**
   * Readiness probes. `database` defaults to a round trip through `db`; `redis` is set
   * only when Redis is configured (absent = reported as `disabled`).
   */
  ping?: { database?: () => Promise<boolean>; redis?: () => Promise<boolean> };
  /**
   * Called after an admin suspension has committed (status + tokens_valid_after already
   * written). The auth module revokes the user's devices and denylists their tokens
   * here; the default is a no-op. A failure is logged, never undoes the suspension.
   */
  onUserSuspended?: (event: UserSuspendedEvent) => Promise<void>;
}

/** The authenticated caller, as app/auth's AuthHooks produce it. */
export type AppPrincipal = Principal;

/** The per-request context handlers receive (request id, client IP, user agent, raw request). */
export type AppContext = RequestContext;
