/**
 * `npm start`: config → dependencies → app → listen on PORT; drains in-flight requests
 * on SIGTERM/SIGINT (app/shutdown.ts). The only module with process-level side effects.
 */
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { createDatabase, type DatabaseHandle } from './db/client.js';
import { explainStartupError } from './db/startup-errors.js';
import { bootstrapAdminFromEnv } from './auth/bootstrap-admin.js';
import { createAuthModule, type AuthModule } from './auth/module.js';
import type { AppDeps } from './deps.js';
import { createNodeServer } from './http/node-server.js';
import { securityHeaderValues } from './http/security-headers.js';
import { buildServer } from './server.js';
import { createShutdown } from './shutdown.js';
import { createLogger } from './telemetry/logger.js';
import { startTracing } from './telemetry/tracing.js';

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

/**
 * PGlite in DATA_DIR by default, PostgreSQL with DATABASE_URL (connected and checked for
 * pending migrations now, not at the first request); a failure is one clear line.
 */
async function openDatabase(config: AppConfig): Promise<DatabaseHandle> {
  try {
    return await createDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      requireMigrated: true,
      pool: config.databasePool,
      tracer: tracing?.tracer,
    });
  } catch (e) {
    const where = config.databaseUrl ? 'DATABASE_URL' : `PGlite in DATA_DIR=${config.dataDir}`;
    const why = explainStartupError(e, config.databaseUrl);
    process.stderr.write(`Cannot open the database (${where}): ${why}\n`);
    process.exit(1);
  }
}

async function openAuth(config: AppConfig, database: DatabaseHandle): Promise<AuthModule> {
  try {
    const auth = await createAuthModule({ config: config.auth, db: database.db, logger });
    // ADMIN_EMAIL/ADMIN_PASSWORD: the first admin, since registration can never choose admin.
    await bootstrapAdminFromEnv(process.env, auth.service, logger);
    return auth;
  } catch (e) {
    process.stderr.write(`Cannot start the auth module: ${(e as Error).message}\n`);
    await database.close();
    process.exit(1);
  }
}

const config = readConfig();
const logger = createLogger({ level: config.logLevel });
// OTEL_EXPORTER_OTLP_ENDPOINT set: the SDK is loaded (or reused from --import register.ts).
const tracing = await startTracing(config.telemetry);
if (tracing && !tracing.instrumented) {
  logger.warn('tracing started without --import ./app/telemetry/register.ts: no pg/ioredis spans');
}
const database = await openDatabase(config);
const auth = await openAuth(config, database);
const deps: AppDeps = {
  config,
  logger,
  clock: () => new Date(),
  db: database.db,
  auth,
  ping: {
    database: () => database.ping(),
    ...(auth.pingRedis ? { redis: auth.pingRedis } : {}),
  },
  onUserAccessChanged: (event) => auth.onUserAccessChanged(event),
  draining: () => shutdown.draining(),
  ...(tracing ? { tracer: tracing.tracer } : {}),
};
const app = buildServer({ deps });

const node = createNodeServer(app.fetch, {
  errorHeaders: await securityHeaderValues({ production: config.env === 'production' }),
});
const shutdown = createShutdown({
  server: node,
  drainMs: config.shutdownDrainMs,
  graceMs: config.shutdownGraceMs,
  // In-flight requests are done: stores, then the database (PGlite flushes here).
  closeResources: async () => {
    await auth.close();
    await database.close();
    // Buffered spans go out before the process does.
    await tracing?.shutdown();
  },
  logger,
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    void shutdown.begin(signal).then((code) => process.exit(code));
  });
}
node.server.listen(config.port, config.host, () => {
  const address = node.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info('listening', { port, host: config.host, env: config.env, pid: process.pid });
});
