/**
 * The production artifact as the Dockerfile assembles it, without Docker: `npm run build`
 * output (scripts/build.ts) plus a production-only install (`npm ci --omit=dev`, the
 * lockfile, no dev dependencies) in an empty folder, started with plain `node` (no tsx).
 * A runtime dependency hiding in devDependencies, or a file the server reads at run time
 * that the build does not ship, fails here.
 *
 * With PostgreSQL it runs the production path: `node scripts/db-migrate.js`, then the app
 * with NODE_ENV=production, DATABASE_URL and (when reachable) REDIS_URL; without, the
 * zero-setup path on PGlite. The install costs tens of seconds on a loaded machine, so it
 * runs when TEST_PROD_INSTALL=1 (`.ci/run` sets it) and otherwise skips with a SKIP line.
 * The printed cold start and node_modules size are read, not asserted (house rule 5).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDist } from '../../scripts/build.js';
import {
  createThrowawayDatabase,
  postgresAvailable,
  redisAvailable,
  REDIS_URL,
  servicesRequired,
} from '../support/services.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const enabled = process.env.TEST_PROD_INSTALL === '1' || servicesRequired;
if (!enabled) {
  console.warn(
    'SKIP: production-only install (npm ci --omit=dev + build + plain node); set TEST_PROD_INSTALL=1 to run it (.ci/run does)',
  );
}

let dir: string;
let app: ChildProcess | undefined;
let dropDb: (() => Promise<void>) | undefined;

describe.skipIf(!enabled)('production build on a production-only install', () => {
  let env: NodeJS.ProcessEnv;
  let mode: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'prod-install-'));
    // The image's layout: build output at the root, beside package.json and node_modules.
    await buildDist(ROOT, dir);
    await copyFile(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
    await copyFile(path.join(ROOT, 'package-lock.json'), path.join(dir, 'package-lock.json'));
    const started = performance.now();
    await run(
      'npm',
      ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
      { cwd: dir, env: { ...process.env, NODE_ENV: 'production' } },
    );
    const { stdout } = await run('du', ['-sk', 'node_modules'], { cwd: dir });
    console.log(
      `production install: npm ci --omit=dev ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
        `node_modules ${(Number(stdout.split('\t')[0]) / 1024).toFixed(1)} MiB`,
    );

    // Only what a deployment sets; nothing of the test runner's environment leaks in.
    env = { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' };
    if (await postgresAvailable()) {
      const db = await createThrowawayDatabase('jb_prod_install');
      dropDb = db.drop;
      const key = generateKeyPairSync('ed25519').privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      });
      Object.assign(env, {
        NODE_ENV: 'production',
        DATABASE_URL: db.url,
        AUTH_PRIVATE_KEY: key.toString(),
        METRICS_TOKEN: 'x'.repeat(32),
        ...((await redisAvailable()) ? { REDIS_URL } : {}),
      });
      mode = `production, PostgreSQL${env.REDIS_URL ? ' + Redis' : ''}`;
    } else {
      Object.assign(env, { DATA_DIR: path.join(dir, '.data') });
      mode = 'development, PGlite';
    }
  }, 600_000);

  afterAll(async () => {
    if (app && app.exitCode === null) {
      app.kill('SIGKILL');
      await once(app, 'exit');
    }
    await dropDb?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('migrates PostgreSQL with `node scripts/db-migrate.js`', async (ctx) => {
    if (!env.DATABASE_URL) ctx.skip();
    const { stdout } = await run('node', ['scripts/db-migrate.js'], { cwd: dir, env });
    expect(stdout).toMatch(/^db:migrate \(DATABASE_URL\): applied 0001_baseline/);
  }, 120_000);

  it('starts with plain node and answers /api/v1/health and /api/v1/ready with 200', async () => {
    const started = performance.now();
    app = spawn(
      'node',
      ['--enable-source-maps', '--import', './app/telemetry/register.js', 'app/main.js'],
      {
        cwd: dir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    app.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      app!.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
      const lines = createInterface({ input: app!.stdout! });
      lines.on('line', (line) => {
        const entry = JSON.parse(line) as { message?: string; port?: number };
        if (entry.message === 'listening' && entry.port) resolve(entry.port);
      });
    });
    const base = `http://127.0.0.1:${port}/api/v1`;
    const ready = await fetch(`${base}/ready`);
    console.log(
      `production start (${mode}): first ready after ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    // Status and body together: a 503 then says which check failed.
    expect({ status: ready.status, body: await ready.json() }).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    expect((await fetch(`${base}/health`)).status).toBe(200);

    // Graceful stop: tini forwards SIGTERM in the image; node drains and exits 0.
    app.kill('SIGTERM');
    const [code] = (await once(app, 'exit')) as [number | null];
    expect(code).toBe(0);
  }, 300_000);
});
