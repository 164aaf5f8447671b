/**
 * Reachability of the optional real servers (PostgreSQL, Redis) for tests.
 *
 * `npm test` must pass on a fresh laptop with no servers, so such tests skip with a
 * visible message. CI sets REQUIRE_SERVICES=1 (see .ci/run): then an unreachable
 * server is a failure, never a silent skip.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const servicesRequired = process.env.REQUIRE_SERVICES === '1';

function tcpReachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function check(name: string, url: string, port: number): Promise<boolean> {
  const ok = await tcpReachable(url, port);
  if (!ok) {
    const msg = `${name} at ${url} is unreachable`;
    if (servicesRequired) throw new Error(`${msg} and REQUIRE_SERVICES=1`);
    console.warn(
      `SKIP: ${msg}; tests that need it are skipped (set REQUIRE_SERVICES=1 to fail instead)`,
    );
  }
  return ok;
}

/** Top-level-await friendly: `const hasPg = await postgresAvailable(); describe.skipIf(!hasPg)(...)`. */
export const postgresAvailable = () => check('PostgreSQL', PG_URL, 5432);
export const redisAvailable = () => check('Redis', REDIS_URL, 6379);

/**
 * Creates a throwaway database on the test server and returns its URL and a dropper.
 * Each test file gets its own database, so files can run in parallel.
 */
export async function createThrowawayDatabase(prefix = 'jb_test'): Promise<{
  url: string;
  drop: () => Promise<void>;
}> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's `chromium` (what .ci/run installs), for the browser tests. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const msg = `Chromium at ${CHROMIUM_PATH} is missing (apt-get install chromium)`;
  if (servicesRequired) throw new Error(`${msg} and REQUIRE_SERVICES=1`);
  console.warn(`SKIP: ${msg}; browser tests are skipped (set REQUIRE_SERVICES=1 to fail instead)`);
  return false;
}
