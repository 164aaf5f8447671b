/**
 * Environment → validated configuration. Start-up fails with one line per bad value
 * (see `ConfigError` below and app/main.ts), never with a stack trace from deep inside a
 * driver.
 */
import { z } from 'zod';
import { AuthConfigError, loadAuthConfig, type AuthConfig } from './auth/config.js';
import { loadTelemetryConfig, type TelemetryConfig } from './telemetry/config.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { error: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const int = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be an integer' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

const envSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'], {
      error: 'must be development, test or production',
    })
    .default('development'),
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Defaults to on outside production (validation costs time; production trusts the types). */
  VALIDATE_RESPONSES: bool.optional(),
  /** Where the embedded PGlite keeps its data when DATABASE_URL is not set. */
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  /** PostgreSQL connections per process. */
  DATABASE_POOL_MAX: int(1, 1000).default(10),
  /** How long a request waits for a free connection before a 503 with Retry-After. */
  DATABASE_POOL_WAIT_MS: int(100, 120_000).default(2000),
  BODY_LIMIT_BYTES: int(1024, 64 * 1024 * 1024).default(1024 * 1024),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], { error: 'must be debug, info, warn or error' })
    .default('info'),
  /** Milliseconds in-flight requests get to finish after SIGTERM. */
  SHUTDOWN_GRACE_MS: int(0, 120_000).default(10_000),
  /**
   * Milliseconds the server keeps serving after SIGTERM with readiness failed, so load
   * balancers stop routing first; counts within SHUTDOWN_GRACE_MS. Default in production
   * 5000 (at most half the grace), 0 elsewhere (Ctrl+C stops a dev server at once).
   */
  SHUTDOWN_DRAIN_MS: int(0, 120_000).optional(),
  /** Bearer token required to scrape /metrics, from every caller (POL-O-002). */
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]+$/, { error: 'must be printable ASCII without spaces' })
    .min(32, { error: 'must be at least 32 characters (e.g. `openssl rand -hex 32`)' })
    .optional(),
  /** MAC key for list cursors (POL-I-002); unset = derived from the active signing key. */
  CURSOR_SECRET: z
    .string()
    .min(32, { error: 'must be at least 32 characters (e.g. `openssl rand -hex 32`)' })
    .optional(),
  /** Browser origins allowed to call the API; unset = no CORS headers at all. */
  CORS_ORIGINS: z
    .string()
    .transform((v, ctx) => {
      const origins = v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
      for (const origin of origins) {
        if (!isOrigin(origin)) {
          ctx.addIssue({
            code: 'custom',
            message: `"${origin}" is not an origin: write scheme://host[:port] with http or https, no path, no trailing slash, no wildcard`,
          });
        }
      }
      return [...new Set(origins)];
    })
    .optional(),
});

/**
 * Exactly what a browser sends in `Origin` (`https://app.example.com`), since the CORS
 * check compares strings: a trailing slash, a path, upper case or a default port would
 * never match and fail silently.
 */
function isOrigin(value: string): boolean {
  // WHATWG URL parsing accepts `*` in a host name.
  if (value.includes('*')) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === value;
  } catch {
    return false;
  }
}

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  validateResponses: boolean;
  dataDir: string;
  databaseUrl: string | undefined;
  /** PostgreSQL pool size and how long a request waits for a connection (app/db/client.ts). */
  databasePool: { max: number; connectionTimeoutMs: number };
  redisUrl: string | undefined;
  bodyLimitBytes: number;
  trustedProxies: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  shutdownGraceMs: number;
  /** Serving with readiness failed before the listener closes (app/shutdown.ts). */
  shutdownDrainMs: number;
  /** Required by /metrics from every caller when set (loopback included). */
  metricsToken: string | undefined;
  /** MAC key for list cursors; undefined = derived from the active signing key. */
  cursorSecret: string | undefined;
  /** Allowed CORS origins, exact strings; empty = CORS off. */
  corsOrigins: readonly string[];
  /** Tokens, keys, passwords, devices, rate limits, Redis, trusted proxies (app/auth/config.ts). */
  auth: AuthConfig;
  /** OpenTelemetry tracing: OTEL_* variables (app/telemetry/config.ts). */
  telemetry: TelemetryConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset: `PORT= npm start` means "default", not "invalid". */
function clean(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') out[key] = value.trim();
  }
  return out;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const input = clean(env);
  const parsed = envSchema.safeParse(input);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      const got = input[key];
      // Secrets live in URLs and tokens; name the variable, never echo their values.
      const shown =
        got === undefined
          ? ''
          : key.endsWith('_URL') || key.endsWith('_TOKEN') || key.endsWith('_SECRET')
            ? ' (value hidden)'
            : ` (got ${JSON.stringify(got)})`;
      problems.push(`${key}: ${issue.message}${shown}`);
    }
  }
  // One report for every bad value, app-wide and auth alike.
  let auth: AuthConfig | undefined;
  try {
    auth = loadAuthConfig(env);
  } catch (e) {
    if (!(e instanceof AuthConfigError)) throw e;
    problems.push(...e.problems);
  }
  const telemetry = loadTelemetryConfig(env);
  if (!telemetry.ok) problems.push(...telemetry.problems);
  if (!parsed.success || !auth || !telemetry.ok || problems.length) {
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const shutdownDrainMs =
    e.SHUTDOWN_DRAIN_MS ??
    (e.NODE_ENV === 'production' ? Math.min(5000, Math.floor(e.SHUTDOWN_GRACE_MS / 2)) : 0);
  if (shutdownDrainMs > 0 && shutdownDrainMs >= e.SHUTDOWN_GRACE_MS) {
    throw new ConfigError([
      `SHUTDOWN_DRAIN_MS: must be less than SHUTDOWN_GRACE_MS (${e.SHUTDOWN_GRACE_MS}) (got ${shutdownDrainMs})`,
    ]);
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    validateResponses: e.VALIDATE_RESPONSES ?? e.NODE_ENV !== 'production',
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    databasePool: { max: e.DATABASE_POOL_MAX, connectionTimeoutMs: e.DATABASE_POOL_WAIT_MS },
    redisUrl: auth.redisUrl,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustedProxies: auth.trustedProxies,
    logLevel: e.LOG_LEVEL,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    shutdownDrainMs,
    metricsToken: e.METRICS_TOKEN,
    corsOrigins: e.CORS_ORIGINS ?? [],
    cursorSecret: e.CURSOR_SECRET,
    auth,
    telemetry: telemetry.config,
  };
}
