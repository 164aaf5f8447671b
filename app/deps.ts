/**
 * What handlers are built from. Handler factories receive these instead of importing
 * singletons, so tests pass a second database or a fixed clock without module mocks.
 * Grows as the app does (db, stores, auth services); add fields, don't import globals.
 */
import type { Tracer } from '@opentelemetry/api';
import type { RequestContext } from '../runtime/handler-types.js';
import type { AppConfig } from './config.js';
import type { Principal } from './auth/authenticator.js';
import type { AuthModule } from './auth/module.js';
import type { Database } from './db/client.js';
import type { CursorCodec } from './domain/cursor.js';
import type { AppMetrics } from './http/metrics.js';
import type { MatchService } from './match/service.js';
import type { Logger } from './telemetry/logger.js';

/** What an admin's change to a user tells the auth module (sessions, denylist). */
export interface UserAccessChangedEvent {
  userId: string;
  actorId: string;
  /** The instant the change took effect (for a suspension, `users.tokens_valid_after`). */
  at: Date;
  /** `suspended`: revoke every session; `role_changed`: expire tokens carrying the old role. */
  change: 'suspended' | 'role_changed';
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
  /** True once shutdown has begun (app/shutdown.ts): readiness then reports not ready. */
  draining?: () => boolean;
  /**
   * Tokens, devices, refresh, rate limits and RBAC (app/auth/module.ts). Its operations
   * are the auth handlers; its authenticator guards every secured route.
   */
  auth: AuthModule;
  /**
   * Called after an admin suspension or role change has committed. The auth module
   * revokes the user's devices (suspension) or expires their access tokens (role change)
   * here. A failure is logged, never undoes the committed change.
   */
  onUserAccessChanged?: (event: UserAccessChangedEvent) => Promise<void>;
  /**
   * The app's Prometheus registry and HTTP instruments, served at /metrics. Defaults to a
   * fresh one per app (process metrics shared); pass one to read it in tests.
   */
  metrics?: AppMetrics;
  /**
   * Signs and checks list cursors (app/domain/cursor.ts). Defaults to one keyed by
   * `CURSOR_SECRET`, or derived from the active signing key (app/handlers/index.ts).
   */
  cursors?: CursorCodec;
  /**
   * Matching (app/match/service.ts). Defaults to the in-process implementation on `db`;
   * a client of an extracted matching service plugs in here (docs/adr/0007).
   */
  match?: MatchService;
  /**
   * Set when tracing is on (app/telemetry/tracing.ts): every request then runs inside a
   * server span. Absent = no tracing middleware at all.
   */
  tracer?: Tracer;
}

/** What handler factories receive: AppDeps with its defaults filled in. */
export type HandlerDeps = AppDeps & { cursors: CursorCodec };

/** The authenticated caller, as app/auth's AuthHooks produce it. */
export type AppPrincipal = Principal;

/** The per-request context handlers receive (request id, client IP, user agent, raw request). */
export type AppContext = RequestContext;
