/**
 * `npm start`: config → dependencies → app → listen on PORT; drains in-flight requests
 * on SIGTERM/SIGINT. The only module with process-level side effects.
 */
import { serve } from '@hono/node-server';
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { createDatabase, type DatabaseHandle } from './db/client.js';
import { bootstrapAdminFromEnv } from './auth/bootstrap-admin.js';
import { createAuthModule, type AuthModule } from './auth/module.js';
import type { AppDeps } from './deps.js';
import { buildServer } from './server.js';
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

/** PGlite in DATA_DIR by default, PostgreSQL with DATABASE_URL; a failure is one clear line. */
async function openDatabase(config: AppConfig): Promise<DatabaseHandle> {
  try {
    return await createDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      tracer: tracing?.tracer,
    });
  } catch (e) {
    const where = config.databaseUrl ? 'DATABASE_URL' : `PGlite in DATA_DIR=${config.dataDir}`;
    process.stderr.write(`Cannot open the database (${where}): ${(e as Error).message}\n`);
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
  ...(tracing ? { tracer: tracing.tracer } : {}),
};
const app = buildServer({ deps });

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
    // In-flight requests are done: stores and the database can go (PGlite flushes here).
    auth
      .close()
      .then(() => database.close())
      // Buffered spans go out before the process does.
      .then(() => tracing?.shutdown())
      .then(
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
