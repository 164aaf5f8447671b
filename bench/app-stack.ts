/**
 * The full app as an operator runs it (`npm start`: app/main.ts with the telemetry hook) in
 * its own process on loopback, on embedded PGlite (a fresh DATA_DIR) or on PostgreSQL (a
 * fresh database, migrated with `npm run db:migrate`'s code, dropped afterwards), seeded
 * over its own HTTP API: an employer registers and logs in (real bcrypt, real token), creates
 * a company and publishes jobs matching the benchmarked query. Only the rate limits are
 * raised out of the way (one loopback client is every "user" here) and the access-token
 * lifetime covers the whole run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { generateDevelopmentKey } from '../app/auth/keys.js';
import { runMigrate } from '../scripts/db-migrate.js';
import { freePort, waitForOk } from '../test/support/app-process.js';
import { validJob } from './corpus.js';
import { repoRoot, type AppStackId, type RunningStack } from './processes.js';

export interface AppStackOptions {
  /** An existing PostgreSQL database to connect to; each run creates and drops its own. */
  pgUrl: string;
  /** Published jobs matching the benchmarked query (more than one 20-item page). */
  seedJobs: number;
}

const PASSWORD = 'Bench-Employer-Password-7f3k!';
const roomy = { limit: 1_000_000, windowMs: 60_000 };

/** Why PostgreSQL cannot be used (unreachable, refused), or null when it can. */
export async function postgresUnavailable(url: string): Promise<string | null> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return null;
  } catch (e) {
    return `PostgreSQL at ${url} is unavailable (${(e as Error).message})`;
  } finally {
    await c.end().catch(() => {});
  }
}

async function withAdmin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A new, migrated database next to `url`'s, and the way to drop it. */
async function freshPostgres(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `jb_bench_${process.pid}_${Date.now().toString(36)}`;
  await withAdmin(url, `CREATE DATABASE "${name}"`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const drop = () => withAdmin(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    await runMigrate({ root: repoRoot, databaseUrl: u.toString() });
  } catch (e) {
    await drop();
    throw e;
  }
  return { url: u.toString(), drop };
}

/** Environment of the child: ours minus anything that would pick another database or store. */
function appEnv(port: number, where: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(DATABASE_|DATA_DIR$|REDIS_URL$|OTEL_|METRICS_TOKEN$|CORS_ORIGINS$)/.test(key))
      delete env[key];
  }
  return {
    ...env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    AUTH_KEYS: JSON.stringify([generateDevelopmentKey()]),
    BCRYPT_COST: '10',
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    RATE_LIMITS: JSON.stringify({
      globalPerIp: roomy,
      login: { perIp: roomy, perAccount: roomy },
      register: { perIp: roomy, perAccount: roomy },
    }),
    SHUTDOWN_DRAIN_MS: '0',
    SHUTDOWN_GRACE_MS: '5000',
    ...where,
  };
}

async function call(base: string, method: string, path: string, body: unknown, token?: string) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** The employer, its company and `jobs` published jobs; returns the token and company. */
async function seed(base: string, jobs: number) {
  const email = `bench-employer-${Date.now().toString(36)}@example.com`;
  await call(base, 'POST', '/api/v1/auth/register', {
    email,
    password: PASSWORD,
    displayName: 'Bench Employer',
    role: 'employer',
  });
  const login = await call(base, 'POST', '/api/v1/auth/login', { email, password: PASSWORD });
  const token = String(login.accessToken);
  const company = await call(
    base,
    'POST',
    '/api/v1/companies',
    { name: 'Bench Engines Ltd', location: 'Berlin, Germany' },
    token,
  );
  const companyId = String(company.id);
  for (let i = 0; i < jobs; i++) {
    const job = await call(
      base,
      'POST',
      '/api/v1/jobs',
      { ...validJob, companyId, title: `${validJob.title} ${i}` },
      token,
    );
    await call(base, 'POST', `/api/v1/jobs/${String(job.id)}/publish`, {}, token);
  }
  return { token, companyId };
}

export async function startAppStack(id: AppStackId, o: AppStackOptions): Promise<RunningStack> {
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  };
  try {
    let where: Record<string, string>;
    if (id === 'app-pg') {
      const db = await freshPostgres(o.pgUrl);
      cleanups.push(db.drop);
      where = { DATABASE_URL: db.url };
    } else {
      const dir = await mkdtemp(join(tmpdir(), 'jobboard-bench-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      where = { DATA_DIR: dir };
    }
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', './app/telemetry/register.ts', 'app/main.ts'],
      { cwd: repoRoot, env: appEnv(port, where), stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    cleanups.push(async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitForOk(`${base}/api/v1/ready`, child, 120_000);
    } catch (e) {
      throw new Error(`${id}: ${(e as Error).message}\n${stderr}`);
    }
    const { token, companyId } = await seed(base, o.seedJobs);
    return {
      id,
      port,
      pid: child.pid!,
      token,
      companyId,
      jobBody: JSON.stringify({ ...validJob, companyId }),
      stop: cleanup,
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
