/**
 * Resident memory of the server as `npm start` runs it (embedded PGlite by default):
 * after the first start (new data folder), after a load of reads, registrations and
 * logins, and after a restart on the same folder. Linux only (/proc). Numbers go into
 * docs/operating.md ("Memory").
 *
 *   node --import tsx scripts/measure-rss.ts [requests=600]
 *
 * Extra environment (DATABASE_URL, REDIS_URL, …) is passed to the server unchanged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { procMemoryMb } from '../bench/measure.js';
import { freePort } from '../test/support/app-process.js';

const requests = Number(process.argv[2] ?? 600);

const rssMb = (pid: number) => procMemoryMb(pid, 'VmRSS');

async function start(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('"listening"')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function load(base: string): Promise<void> {
  const json = { 'content-type': 'application/json' };
  for (let i = 0; i < requests; i++) {
    if (i % 30 === 0) {
      const email = `rss-${process.pid}-${i}@example.com`;
      const password = `Rss-Measure-${i}-Password!`;
      await fetch(`${base}/api/v1/auth/register`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email, password, displayName: 'RSS' }),
      });
      await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email, password }),
      });
    }
    await (await fetch(`${base}/api/v1/jobs?q=engineer&limit=20`)).arrayBuffer();
  }
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'jobboard-rss-'));
try {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server = await start(dataDir, port);
  const first = await rssMb(server.pid!);
  await load(base);
  const loaded = await rssMb(server.pid!);
  await stop(server);
  server = await start(dataDir, port);
  const restarted = await rssMb(server.pid!);
  await load(base);
  const restartedLoaded = await rssMb(server.pid!);
  await stop(server);
  console.log(
    JSON.stringify({ requests, firstStart: first, afterLoad: loaded, restarted, restartedLoaded }),
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
