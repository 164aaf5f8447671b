/**
 * `npm start`: config → dependencies → app → listen on PORT; drains in-flight requests
 * on SIGTERM/SIGINT. The only module with process-level side effects.
 */
import { serve } from '@hono/node-server';
import type { AuthHooks } from '../runtime/contract.js';
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { createDatabase, type DatabaseHandle } from './db/client.js';
import type { AppDeps, AppPrincipal } from './deps.js';
import { createLogger } from './http/logger.js';
import { buildServer } from './server.js';

/**
 * Until the auth module is wired to a database (RBAC matrix, devices), secured operations
 * answer 401 with a clear reason rather than pretending: default deny.
 */
const authNotConfigured: AuthHooks<AppPrincipal> = {
  authenticate: async () => ({
    ok: false,
    status: 401,
    detail: 'Authentication is not configured on this server yet.',
  }),
  authorize: () => false,
};

function readConfig(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

/** PGlite in DATA_DIR by default, PostgreSQL with DATABASE_URL; a failure is one clear line. */
async function openDatabase(config: AppConfig): Promise<DatabaseHandle> {
  try {
    return await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (e) {
    const where = config.databaseUrl ? 'DATABASE_URL' : `PGlite in DATA_DIR=${config.dataDir}`;
    process.stderr.write(`Cannot open the database (${where}): ${(e as Error).message}\n`);
    process.exit(1);
  }
}

const config = readConfig();
const logger = createLogger(config.logLevel);
const database = await openDatabase(config);
const deps: AppDeps = {
  config,
  logger,
  clock: () => new Date(),
  db: database.db,
  ping: { database: () => database.ping() },
};
const app = buildServer({ deps, auth: authNotConfigured });

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  logger.info('listening', { port: info.port, host: config.host, env: config.env });
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal, graceMs: config.shutdownGraceMs });
  const force = setTimeout(() => {
    logger.warn('grace period over; closing remaining connections');
    process.exit(1);
  }, config.shutdownGraceMs);
  force.unref();
  server.close((err) => {
    if (err) logger.error('close failed', { error: err.message });
    // In-flight requests are done: the database can go (PGlite flushes its data dir here).
    database.close().then(
      () => process.exit(err ? 1 : 0),
      (closeErr: unknown) => {
        logger.error('database close failed', { error: (closeErr as Error).message });
        process.exit(1);
      },
    );
  });
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
