/**
 * The servers a bench run loads, each in its own process: the peer stacks (bench/server.ts,
 * forked) and the full app (bench/app-stack.ts, spawned). Whatever started them, the phases
 * see one shape: a port, a pid to read memory from, a caller, and a stop.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validJob } from './corpus.js';
import type { LoadTarget } from './load.js';
import { STACKS, type ChildMessage, type StackId } from './server.js';
import { KEY_ENV } from './shared.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The full app, as `npm start` runs it; in the rounds and tables, never in the peer ratios. */
export const APP_STACKS = {
  'app-pglite': { label: 'full app (npm start) on embedded PGlite' },
  'app-pg': { label: 'full app (npm start) on PostgreSQL' },
} as const;
export type AppStackId = keyof typeof APP_STACKS;
export type AnyStackId = StackId | AppStackId;

export const ALL_STACKS: Record<AnyStackId, { label: string }> = { ...STACKS, ...APP_STACKS };
export const isAppStack = (id: AnyStackId): id is AppStackId => id in APP_STACKS;

export interface RunningStack extends LoadTarget {
  id: AnyStackId;
  /** The server process (for /proc/<pid>/status). */
  pid: number;
  /** The `companyId` its valid `JobCreate` carries. */
  companyId: string;
  stop(): Promise<void>;
}

/** One peer stack in a forked bench/server.ts; `token` is signed with the key it is given. */
export function startPeerStack(id: StackId, keySpec: string, token: string): Promise<RunningStack> {
  const child = fork(join(repoRoot, 'bench/server.ts'), [], {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_STACK: id, [KEY_ENV]: keySpec },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      // The child ends itself when its parent disconnects (bench/server.ts).
      child.disconnect();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack ${id}: no answer in 120 s`)), 120_000);
    child.once('message', (m: ChildMessage) => {
      clearTimeout(timer);
      if (m.type === 'ready')
        resolve({
          id,
          port: m.port,
          pid: child.pid!,
          token,
          companyId: validJob.companyId,
          jobBody: JSON.stringify(validJob),
          stop,
        });
      else reject(new Error(`stack ${id} failed to start: ${m.error}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stack ${id} exited (${code}) before it was ready`));
    });
  });
}
