/**
 * Measuring processes. `timed`: one command in a child process, wall clock from here, peak
 * resident memory from GNU time (`%M`: the largest RSS among the process and the children
 * it waited for, so `npm run …` reports its node, not npm; unknown without /usr/bin/time).
 * `procMemoryMb`: a live process's memory from /proc. `clocked`: a phase's time and load.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';

export interface TimedRun {
  seconds: number;
  /** MiB; null when /usr/bin/time is missing. */
  peakMb: number | null;
  exitCode: number;
  stdout: string;
  /** stderr without GNU time's own line, trimmed to its last 4000 characters. */
  stderr: string;
}

const MARK = 'BENCH_PEAK_KB=';
export const hasGnuTime = () => existsSync('/usr/bin/time');

export async function timed(
  cmd: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<TimedRun> {
  const argv = hasGnuTime() ? ['/usr/bin/time', '-f', `${MARK}%M`, ...cmd] : cmd;
  const t0 = performance.now();
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
  const seconds = (performance.now() - t0) / 1000;
  const kb = new RegExp(`${MARK}(\\d+)`).exec(stderr)?.[1];
  return {
    seconds,
    peakMb: kb === undefined ? null : Math.round(Number(kb) / 1024),
    exitCode,
    stdout,
    stderr: stderr
      .split('\n')
      .filter((l) => !l.startsWith(MARK) && !l.startsWith('Command exited with'))
      .join('\n')
      .slice(-4000),
  };
}

/** When a phase ran, for how long, and how busy the machine was (the Method sections). */
export interface PhaseClock {
  startedAt: string;
  seconds: number;
  loadStart: number[];
  loadEnd: number[];
}

export async function clocked<T>(fn: () => Promise<T>): Promise<{ value: T; clock: PhaseClock }> {
  const startedAt = new Date();
  const loadStart = os.loadavg();
  const t0 = performance.now();
  const value = await fn();
  return {
    value,
    clock: {
      startedAt: startedAt.toISOString(),
      seconds: (performance.now() - t0) / 1000,
      loadStart,
      loadEnd: os.loadavg(),
    },
  };
}

/** A memory figure of a live process in MiB: VmRSS (now) or VmHWM (peak so far). Linux only. */
// Linux's USER_HZ: /proc reports CPU time in these ticks on every architecture it runs on.
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, all threads) a live process has used, in µs; undefined without
 * /proc. Its precision is one tick (10 ms): enough over a load of many thousand requests.
 */
export async function procCpuMicros(pid: number): Promise<number | undefined> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces) start at state: field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime (14), stime (15)
  return Number.isFinite(ticks) ? (ticks * 1e6) / TICKS_PER_SECOND : undefined;
}

export async function procMemoryMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS') {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1];
  if (kb === undefined) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Math.round(Number(kb) / 1024);
}
