/**
 * Why the database could not be opened at start-up, in one line an operator can act on:
 * host unreachable, database missing, authentication refused, schema not migrated. The
 * driver's own messages ("connect ECONNREFUSED", a failed query) say what broke, not what
 * to fix. Passwords never appear: the target is shown as user@host:port/database.
 */
import { MigrationError } from '../../runtime/migration-files.js';
import { SchemaNotMigratedError } from './migrate.js';

export type StartupFailure =
  | 'unreachable'
  | 'unknown_host'
  | 'database_missing'
  | 'auth_failed'
  | 'not_migrated'
  | 'migration_failed'
  | 'other';

interface Target {
  user: string;
  host: string;
  port: string;
  database: string;
}

function targetOf(databaseUrl: string | undefined): Target | undefined {
  if (!databaseUrl) return undefined;
  try {
    const u = new URL(databaseUrl);
    return {
      user: decodeURIComponent(u.username) || 'postgres',
      host: u.hostname || 'localhost',
      port: u.port || '5432',
      database: decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username),
    };
  } catch {
    return undefined;
  }
}

/** The first error code in the cause chain (or in an AggregateError's members). */
function codeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 8; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const members = (e as { errors?: unknown }).errors;
    if (Array.isArray(members) && members.length) return codeOf(members[0]);
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);
const UNKNOWN_HOST = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);
/** SQLSTATE class 28: invalid_authorization_specification (28000), invalid_password (28P01). */
const AUTH_FAILED = new Set(['28000', '28P01']);
/** invalid_catalog_name: the database in the URL does not exist. */
const DATABASE_MISSING = '3D000';

export function classifyStartupError(err: unknown): StartupFailure {
  if (err instanceof SchemaNotMigratedError) return 'not_migrated';
  if (err instanceof MigrationError) return 'migration_failed';
  const code = codeOf(err);
  if (code && UNREACHABLE.has(code)) return 'unreachable';
  if (code && UNKNOWN_HOST.has(code)) return 'unknown_host';
  if (code && AUTH_FAILED.has(code)) return 'auth_failed';
  if (code === DATABASE_MISSING) return 'database_missing';
  // node-postgres gives connection timeouts no code, only these messages.
  const message = err instanceof Error ? err.message : '';
  if (
    /connection timeout|timeout exceeded when trying to connect|terminated unexpectedly/i.test(
      message,
    )
  ) {
    return 'unreachable';
  }
  return 'other';
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** One line, no password: what is wrong and what to do about it. */
export function explainStartupError(err: unknown, databaseUrl?: string): string {
  const kind = classifyStartupError(err);
  const message = oneLine(err instanceof Error ? err.message : String(err));
  const t = targetOf(databaseUrl);
  const at = t ? `${t.host}:${t.port}` : 'the database server';
  switch (kind) {
    case 'unreachable':
      return `PostgreSQL at ${at} is unreachable (${codeOf(err) ?? message}): is it running, and are the host and port in DATABASE_URL right?`;
    case 'unknown_host':
      return `PostgreSQL host ${t ? `"${t.host}"` : ''} cannot be resolved (${codeOf(err)}): check the host name in DATABASE_URL.`;
    case 'database_missing':
      return `database ${t ? `"${t.database}"` : ''} does not exist on ${at}: create it (createdb ${t?.database ?? 'NAME'}) or fix the database name in DATABASE_URL.`;
    case 'auth_failed':
      return `authentication failed${t ? ` for user "${t.user}"` : ''} on ${at} (${codeOf(err)}: ${message}): check the user and password in DATABASE_URL.`;
    case 'not_migrated':
    case 'migration_failed':
    case 'other':
      return message;
  }
}
