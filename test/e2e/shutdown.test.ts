/**
 * SIGTERM to the server started the documented way (`npm start`), while hundreds of
 * requests are in flight on keep-alive connections, reads and writes mixed: every one of
 * them gets its answer, the server exits 0, npm exits 0 with it, and no server process is
 * left behind (POL-O-001). On PGlite and on PostgreSQL. Then a deadline shorter than a
 * slow request: readiness fails at once, the drain delay still serves, the slow request is
 * cut off and the exit code is 1. And a start-up error is one line on stderr.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../app/db/client.js';
import { createThrowawayDatabase, postgresAvailable } from '../support/services.js';

const hasPg = await postgresAvailable();
const REQUESTS = 240;
const MIN_IN_FLIGHT = 200;
/** Spawned servers on PGlite take long to start on a loaded 2-core machine. */
const SPAWN_TIMEOUT = 240_000;

const baseEnv = {
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '0',
  BCRYPT_COST: '6',
  DATABASE_URL: '',
  REDIS_URL: '',
  LOG_LEVEL: 'debug',
  // Every accepted request gets to finish: on a loaded machine the server accepts a
  // couple of queued connections per event-loop turn, so hundreds take a while.
  SHUTDOWN_GRACE_MS: '120000',
  // What this test is about is shutdown, not overload: on a loaded machine requests wait
  // for a pooled PostgreSQL connection longer than the default 2 s before a 503.
  DATABASE_POOL_WAIT_MS: '60000',
  RATE_LIMITS: JSON.stringify({
    globalPerIp: { limit: 1_000_000, windowMs: 60_000 },
    register: {
      perIp: { limit: 1_000_000, windowMs: 60_000 },
      perAccount: { limit: 1_000_000, windowMs: 60_000 },
    },
    login: {
      perIp: { limit: 1_000_000, windowMs: 60_000 },
      perAccount: { limit: 1_000_000, windowMs: 60_000 },
    },
  }),
};

interface Started {
  npm: ChildProcessWithoutNullStreams;
  port: number;
  /** The server's own pid (npm's child), from its "listening" line. */
  pid: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start`, exactly as the README says, with a private environment. */
async function npmStart(env: Record<string, string>): Promise<Started> {
  const npm = spawn('npm', ['start'], {
    env: { ...process.env, ...baseEnv, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout.on('data', (d) => (output += d));
  npm.stderr.on('data', (d) => (output += d));
  const exited = once(npm, 'exit').then(([code]) => code as number | null);
  const deadline = Date.now() + SPAWN_TIMEOUT - 30_000;
  for (;;) {
    const line = output.split('\n').find((l) => l.includes('"message":"listening"'));
    if (line) {
      const { port, pid } = JSON.parse(line) as { port: number; pid: number };
      return { npm, port, pid, output: () => output, exited };
    }
    if (Date.now() > deadline || npm.exitCode !== null) {
      npm.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  token?: string;
  expect: number;
}

interface Outcome {
  status?: number;
  error?: string;
}

/** One request on `agent`; `written` resolves once its bytes are all handed to the socket. */
function send(port: number, agent: http.Agent, call: Call) {
  const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
  let markWritten!: () => void;
  const written = new Promise<void>((r) => (markWritten = r));
  const done = new Promise<Outcome>((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: call.method,
        path: call.path,
        agent,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode }));
        res.on('error', (e) => resolve({ error: e.message }));
      },
    );
    // On the wire: the socket is connected and the request handed to the kernel.
    req.on('finish', () => {
      const socket = req.socket!;
      if (socket.connecting) socket.once('connect', () => setImmediate(markWritten));
      else setImmediate(markWritten);
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      markWritten();
      resolve({ error: e.code ?? e.message });
    });
    req.end(payload);
  });
  return { written, done };
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** An employer with a company and a published job, to read and write against. */
async function seed(port: number, tag: string) {
  const base = `http://127.0.0.1:${port}/api/v1`;
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  const email = `employer-${tag}@example.com`;
  const password = 'a-long-enough-passphrase-42';
  await json(await post('/auth/register', { email, password, displayName: 'E', role: 'employer' }));
  // Logins under load use other accounts: a sixth device would end the employer's session,
  // and one account's logins queue on its row lock (POL-A-002).
  const seekers = Array.from({ length: 20 }, (_, i) => `seeker-${tag}-${i}@example.com`);
  await Promise.all(
    seekers.map(async (email) =>
      json(await post('/auth/register', { email, password, displayName: 'S', role: 'job_seeker' })),
    ),
  );
  const { accessToken } = await json<{ accessToken: string }>(
    await post('/auth/login', { email, password }),
  );
  const company = await json<{ id: string }>(
    await post('/companies', { name: `Company ${tag}` }, accessToken),
  );
  const job = await json<{ id: string }>(
    await post(
      '/jobs',
      {
        companyId: company.id,
        title: 'Engineer',
        description: 'Builds',
        employmentType: 'full_time',
      },
      accessToken,
    ),
  );
  await json(await post(`/jobs/${job.id}/publish`, {}, accessToken));
  return { seekers, password, accessToken, companyId: company.id, jobId: job.id };
}

function mixedLoad(s: Awaited<ReturnType<typeof seed>>, tag: string): Call[] {
  const calls: Call[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    switch (i % 6) {
      case 0:
      case 1:
        calls.push({ method: 'GET', path: '/api/v1/jobs?limit=20', expect: 200 });
        break;
      case 2:
        calls.push({ method: 'GET', path: `/api/v1/jobs/${s.jobId}`, expect: 200 });
        break;
      case 3:
        calls.push({
          method: 'POST',
          path: '/api/v1/auth/register',
          body: {
            email: `new-${tag}-${i}@example.com`,
            password: 'another-long-passphrase-7',
            displayName: 'S',
            role: 'job_seeker',
          },
          expect: 202,
        });
        break;
      case 4:
        calls.push({
          method: 'POST',
          path: '/api/v1/auth/login',
          body: { email: s.seekers[i % s.seekers.length], password: s.password },
          expect: 200,
        });
        break;
      default:
        calls.push({
          method: 'POST',
          path: '/api/v1/jobs',
          token: s.accessToken,
          body: {
            companyId: s.companyId,
            title: `Draft ${i}`,
            description: 'More',
            employmentType: 'contract',
          },
          expect: 201,
        });
    }
  }
  return calls;
}

/**
 * Warms keep-alive connections, fires the mixed load, sends SIGTERM to npm once every
 * request is on the wire, and reports what each request got.
 */
async function sigtermUnderLoad(server: Started, tag: string) {
  const s = await seed(server.port, tag);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  try {
    // Idle keep-alive connections the load reuses.
    await Promise.all(
      Array.from(
        { length: 50 },
        () => send(server.port, agent, { method: 'GET', path: '/api/v1/health', expect: 200 }).done,
      ),
    );
    const calls = mixedLoad(s, tag);
    const sent = calls.map((c) => send(server.port, agent, c));
    let answered = 0;
    for (const x of sent) void x.done.then(() => answered++);
    await Promise.all(sent.map((x) => x.written));
    const inFlight = REQUESTS - answered;
    server.npm.kill('SIGTERM');
    const outcomes = await Promise.all(sent.map((x) => x.done));
    const code = await server.exited;
    const failed = outcomes
      .map((o, i) => ({
        ...o,
        call: `${calls[i]!.method} ${calls[i]!.path}`,
        want: calls[i]!.expect,
      }))
      .filter((o) => o.status !== o.want);
    return { inFlight, failed, code };
  } finally {
    agent.destroy();
  }
}

describe('SIGTERM to `npm start` under load', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'jb-shutdown-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it(
    `on PGlite: ${REQUESTS} mixed requests in flight, none fails, exit 0, no orphan`,
    { timeout: SPAWN_TIMEOUT },
    async () => {
      const server = await npmStart({ DATA_DIR: dataDir, SHUTDOWN_DRAIN_MS: '0' });
      const { inFlight, failed, code } = await sigtermUnderLoad(server, 'lite');
      expect(inFlight).toBeGreaterThanOrEqual(MIN_IN_FLIGHT);
      expect(failed, server.output().slice(-4000)).toEqual([]);
      expect(code).toBe(0);
      expect(alive(server.pid)).toBe(false);
      const records = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { message?: string; exitCode?: number });
      expect(records).toContainEqual(
        expect.objectContaining({ message: 'shut down', exitCode: 0 }),
      );
    },
  );

  it(
    'a deadline shorter than a slow request: not ready at once, drain still serves, forced close, exit 1',
    { timeout: SPAWN_TIMEOUT },
    async () => {
      // Reuses the data folder the previous test left cleanly closed.
      const server = await npmStart({
        DATA_DIR: dataDir,
        SHUTDOWN_DRAIN_MS: '800',
        SHUTDOWN_GRACE_MS: '2000',
      });
      // A request whose body trickles in: the server is still reading it at the deadline.
      const slow = net.connect(server.port, '127.0.0.1');
      await once(slow, 'connect');
      let slowError: string | undefined;
      let slowEnded = false;
      slow.on('error', (e: NodeJS.ErrnoException) => (slowError = e.code));
      slow.on('close', () => (slowEnded = true));
      slow.write(
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
      );
      const trickle = setInterval(() => slow.writable && slow.write(' '), 200);
      try {
        await new Promise((r) => setTimeout(r, 200));
        const started = Date.now();
        server.npm.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, 200));
        const ready = await fetch(`http://127.0.0.1:${server.port}/api/v1/ready`);
        expect(ready.status).toBe(503);
        expect((await ready.json()) as { detail: string }).toMatchObject({
          detail: 'Not ready: shutting down.',
        });
        const health = await fetch(`http://127.0.0.1:${server.port}/api/v1/health`);
        expect(health.status).toBe(200);
        expect(health.headers.get('connection')).toBe('close');
        await health.body?.cancel();
        const code = await server.exited;
        expect(code).toBe(1);
        expect(Date.now() - started).toBeGreaterThanOrEqual(1800);
        expect(slowEnded).toBe(true);
        expect(slowError ?? 'closed').toMatch(/closed|ECONNRESET|EPIPE/);
        expect(alive(server.pid)).toBe(false);
        expect(server.output()).toContain('"message":"shutdown deadline reached');
      } finally {
        clearInterval(trickle);
        slow.destroy();
      }
    },
  );
});

describe.skipIf(!hasPg)('SIGTERM to `npm start` under load on PostgreSQL', () => {
  let db: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    db = await createThrowawayDatabase('jb_shutdown');
    const handle = await createDatabase({ databaseUrl: db.url, migrate: true });
    await handle.close();
  });
  afterAll(() => db?.drop());

  it(
    `${REQUESTS} mixed requests in flight, none fails, exit 0, no orphan`,
    { timeout: SPAWN_TIMEOUT },
    async () => {
      const server = await npmStart({ DATABASE_URL: db.url, SHUTDOWN_DRAIN_MS: '0' });
      const { inFlight, failed, code } = await sigtermUnderLoad(server, 'pg');
      expect(inFlight).toBeGreaterThanOrEqual(MIN_IN_FLIGHT);
      expect(failed, server.output().slice(-4000)).toEqual([]);
      expect(code).toBe(0);
      expect(alive(server.pid)).toBe(false);
    },
  );
});

describe('start-up errors from `npm start`', () => {
  it(
    'an unreachable database is one line on stderr and exit 1',
    { timeout: SPAWN_TIMEOUT },
    async () => {
      const srv = net.createServer();
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      const { port } = srv.address() as net.AddressInfo;
      await new Promise<void>((r) => srv.close(() => r()));
      const npm = spawn('npm', ['start', '--silent'], {
        env: { ...process.env, ...baseEnv, DATABASE_URL: `postgres://app:pw@127.0.0.1:${port}/db` },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      npm.stderr.on('data', (d) => (err += d));
      const [code] = await once(npm, 'exit');
      expect(code).toBe(1);
      expect(err.trim().split('\n')).toEqual([
        `Cannot open the database (DATABASE_URL): PostgreSQL at 127.0.0.1:${port} is unreachable (ECONNREFUSED): is it running, and are the host and port in DATABASE_URL right?`,
      ]);
    },
  );
});
