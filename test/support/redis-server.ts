/**
 * A private redis-server process on a free loopback port, for tests that flush or kill
 * Redis (the shared one at 6379 must never be flushed). No persistence: a FLUSHALL or a
 * restart loses everything, as a Redis without AOF/RDB does in production.
 *
 * `redisServerAvailable()` follows services.ts: a visible SKIP when the binary is missing,
 * a failure under REQUIRE_SERVICES=1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './app-process.js';
import { servicesRequired } from './services.js';

export function redisServerAvailable(): boolean {
  const ok = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!ok) {
    const msg = 'redis-server (binary) is not installed';
    if (servicesRequired) throw new Error(`${msg} and REQUIRE_SERVICES=1`);
    console.warn(`SKIP: ${msg}; tests that need their own Redis are skipped`);
  }
  return ok;
}

export interface OwnRedis {
  url: string;
  /** A client for the test itself (FLUSHALL, inspection). */
  admin: Redis;
  stop(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  admin.on('error', () => {});
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await admin.connect();
      if ((await admin.ping()) === 'PONG') break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`own redis-server on port ${port} did not start`);
      }
      admin.disconnect();
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    admin,
    stop: async () => {
      admin.disconnect();
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
