/**
 * The server as an operator runs it: `app/main.ts` in its own Node process (PGlite in a
 * temporary DATA_DIR unless the caller sets DATABASE_URL), on a free loopback port, ready
 * when `/api/v1/ready` answers 200. For suites that drive it only over HTTP, through clients
 * and proxies no one here wrote.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = net.createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => done(port));
    });
  });
}

/** Polls `url` until it answers 200, the process exits, or `timeoutMs` passes. */
export async function waitForOk(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** What the process wrote to stderr and stdout so far (for failure messages). */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * `node <args>` on a free loopback port (`args` and `env` are given it), ready when
 * `readyPath` answers 200; `stop` ends it (SIGTERM, awaited) and then runs `cleanup`.
 * A process that does not become ready is stopped and its output is in the error.
 */
export async function startServerProcess(opts: {
  args: (port: number) => string[];
  readyPath: string;
  timeoutMs: number;
  env?: (port: number) => NodeJS.ProcessEnv;
  cleanup?: () => Promise<void>;
}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, opts.args(port), {
    cwd: root,
    env: opts.env?.(port) ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await opts.cleanup?.();
  };
  try {
    await waitForOk(`${url}${opts.readyPath}`, child, opts.timeoutMs);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${output}`);
  }
  return { url, output: () => output, stop };
}

export interface AppProcess {
  baseUrl: string;
  /** What the process wrote to stderr and stdout so far (for failure messages). */
  output: () => string;
  stop: () => Promise<void>;
}

export async function startAppProcess(env: Record<string, string> = {}): Promise<AppProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'jobboard-app-'));
  const app = await startServerProcess({
    args: () => ['--import', 'tsx', 'app/main.ts'],
    readyPath: '/api/v1/ready',
    timeoutMs: 240_000,
    env: (port) => ({
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      BCRYPT_COST: '4',
      LOG_LEVEL: 'warn',
      ...env,
    }),
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  });
  return { baseUrl: app.url, output: app.output, stop: app.stop };
}
