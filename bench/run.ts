/**
 * `npm run bench`: the contract's cost beside the stacks users would pick instead, in one run.
 *
 *   npm run bench                                   # 3 interleaved rounds × 10 s, 50 connections
 *   npm run bench -- --duration 5 --connections 20 --rounds 5 --stacks a,b,c
 *   npm run bench:auth                              # token check latency under login flood
 *
 * Each stack is its own child process (bench/server.ts) on 127.0.0.1, port 0; autocannon runs
 * here, in the parent. Before any timing, the fairness corpus (bench/corpus.ts) goes to every
 * stack. Rounds interleave the stacks (a b b2 c d e, a b b2 …) so drift in machine load hits
 * every stack alike; medians over rounds are reported. Writes bench/results/<date>.json and
 * bench/RESULTS.md. Numbers, not assertions: CI only runs a smoke round (test/bench-smoke.test.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { format, resolveConfig } from 'prettier';
import { createKeyRing, generateDevelopmentKey } from '../app/auth/keys.js';
import { corpus, GET_PATH, statusClass, validJob, type CorpusCase } from './corpus.js';
import {
  markdownReport,
  packageVersions,
  ratioRows,
  type BenchReport,
  type Sample,
} from './report.js';
import { STACKS, type ChildMessage, type StackId } from './server.js';
import { KEY_ENV, signBenchToken } from './shared.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface BenchOptions {
  stacks: StackId[];
  rounds: number;
  connections: number;
  /** Seconds per stack and endpoint in each round; ignored when `amount` is set. */
  duration: number;
  /** Requests per stack and endpoint in each round instead of a duration (smoke runs). */
  amount?: number;
  /** Seconds of untimed load per stack and endpoint before the first round. */
  warmup: number;
  /** Where results/<date>.json and RESULTS.md go; undefined writes nothing. */
  outDir?: string;
  log: (line: string) => void;
  /** Prints a table (console.table by default). */
  table: (rows: Array<Record<string, unknown>>) => void;
}

export const defaultOptions: BenchOptions = {
  stacks: Object.keys(STACKS) as StackId[],
  rounds: 3,
  connections: 50,
  duration: 10,
  warmup: 3,
  outDir: join(repoRoot, 'bench'),
  log: (line) => console.log(line),
  table: (rows) => console.table(rows),
};

export type Endpoint = 'GET /api/v1/jobs' | 'POST /api/v1/jobs';
export const endpoints: Endpoint[] = ['GET /api/v1/jobs', 'POST /api/v1/jobs'];

interface Running {
  id: StackId;
  port: number;
  child: ChildProcess;
}

function startStack(id: StackId, keySpec: string): Promise<Running> {
  const child = fork(join(repoRoot, 'bench/server.ts'), [], {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_STACK: id, [KEY_ENV]: keySpec },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack ${id}: no answer in 120 s`)), 120_000);
    child.once('message', (m: ChildMessage) => {
      clearTimeout(timer);
      if (m.type === 'ready') resolve({ id, port: m.port, child });
      else reject(new Error(`stack ${id} failed to start: ${m.error}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stack ${id} exited (${code}) before it was ready`));
    });
  });
}

function stopStack(r: Running): Promise<void> {
  return new Promise((resolve) => {
    if (r.child.exitCode !== null) return resolve();
    const timer = setTimeout(() => r.child.kill('SIGKILL'), 5000);
    r.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    r.child.disconnect();
  });
}

/** The bench token with one signature character changed. */
function tamper(token: string): string {
  const i = token.lastIndexOf('.') + 5;
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
}

export interface FairnessRow {
  case: string;
  expect: string;
  statuses: Partial<Record<StackId, number>>;
}

async function fairness(stacks: Running[], token: string): Promise<FairnessRow[]> {
  const auth = (c: CorpusCase): Record<string, string> =>
    c.token === 'none'
      ? {}
      : { authorization: `Bearer ${c.token === 'valid' ? token : tamper(token)}` };
  const rows: FairnessRow[] = [];
  for (const c of corpus) {
    const statuses: FairnessRow['statuses'] = {};
    for (const s of stacks) {
      const res = await fetch(`http://127.0.0.1:${s.port}${c.path}`, {
        method: c.method,
        headers: { ...auth(c), ...(c.contentType ? { 'content-type': c.contentType } : {}) },
        ...(c.body === undefined ? {} : { body: c.body }),
      });
      await res.arrayBuffer();
      statuses[s.id] = res.status;
    }
    rows.push({ case: c.id, expect: c.expect, statuses });
  }
  return rows;
}

/** Per stack: the corpus cases it answered with another class than the spec calls for. */
export function verdicts(rows: FairnessRow[], ids: StackId[]) {
  return Object.fromEntries(
    ids.map((id) => {
      const off = rows.filter((r) => statusClass(r.statuses[id] ?? 0) !== r.expect);
      return [
        id,
        {
          laxer: off.filter((r) => statusClass(r.statuses[id] ?? 0) === '2xx').map((r) => r.case),
          otherwise: off
            .filter((r) => statusClass(r.statuses[id] ?? 0) !== '2xx')
            .map((r) => `${r.case} → ${r.statuses[id]}`),
        },
      ];
    }),
  ) as Record<StackId, { laxer: string[]; otherwise: string[] }>;
}

async function load(
  port: number,
  endpoint: Endpoint,
  token: string,
  opts: Pick<BenchOptions, 'connections'> & { duration?: number; amount?: number },
): Promise<Sample> {
  const post = endpoint.startsWith('POST');
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${post ? '/api/v1/jobs' : GET_PATH}`,
    method: post ? 'POST' : 'GET',
    connections: opts.connections,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.duration ?? 1 }),
    ...(post
      ? {
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(validJob),
        }
      : {}),
  });
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  return {
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function runBench(partial: Partial<BenchOptions> = {}): Promise<BenchReport> {
  const o: BenchOptions = { ...defaultOptions, ...partial };
  const loadStart = os.loadavg();
  const startedAt = new Date();
  const keySpec = JSON.stringify(generateDevelopmentKey());
  const token = signBenchToken(createKeyRing([JSON.parse(keySpec)]));

  o.log(`starting ${o.stacks.length} stacks (one child process each)…`);
  const settled = await Promise.allSettled(o.stacks.map((id) => startStack(id, keySpec)));
  const running = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    const failed = settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
    if (failed.length) throw new Error(failed.join('\n'));

    o.log('fairness check…');
    const fair = await fairness(running, token);
    const verdict = verdicts(fair, o.stacks);
    o.table(
      fair.map((r) => ({
        case: r.case,
        expect: r.expect,
        ...Object.fromEntries(o.stacks.map((id) => [id, r.statuses[id]])),
      })),
    );

    if (o.warmup > 0 && !o.amount) {
      o.log(`warm-up ${o.warmup} s per stack and endpoint…`);
      for (const s of running)
        for (const e of endpoints) await load(s.port, e, token, { ...o, duration: o.warmup });
    }

    const samples: Record<string, Sample[]> = {};
    for (let round = 1; round <= o.rounds; round++) {
      for (const e of endpoints) {
        for (const s of running) {
          const sample = await load(s.port, e, token, o);
          (samples[`${s.id} ${e}`] ??= []).push(sample);
          o.log(
            `round ${round} ${e} ${s.id}: ${sample.rps.toFixed(0)} req/s, p50 ${sample.p50} ms` +
              (sample.non2xx || sample.errors
                ? `, ${sample.non2xx} non-2xx, ${sample.errors} errors`
                : ''),
          );
        }
      }
    }

    const results = o.stacks.flatMap((id) =>
      endpoints.map((endpoint) => {
        const xs = samples[`${id} ${endpoint}`] ?? [];
        return {
          stack: id,
          endpoint,
          rps: median(xs.map((x) => x.rps)),
          p50: median(xs.map((x) => x.p50)),
          p99: median(xs.map((x) => x.p99)),
          requests: xs.reduce((n, x) => n + x.requests, 0),
          non2xx: xs.reduce((n, x) => n + x.non2xx, 0),
          errors: xs.reduce((n, x) => n + x.errors, 0),
          rounds: xs.map((x) => Math.round(x.rps)),
        };
      }),
    );
    const report: BenchReport = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: {
        nproc: os.availableParallelism(),
        cpu: os.cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        loadStart,
        loadEnd: os.loadavg(),
      },
      versions: packageVersions(repoRoot),
      options: {
        stacks: o.stacks,
        rounds: o.rounds,
        connections: o.connections,
        duration: o.amount ? null : o.duration,
        amount: o.amount ?? null,
        warmup: o.amount ? 0 : o.warmup,
      },
      labels: Object.fromEntries(o.stacks.map((id) => [id, STACKS[id].label])),
      fairness: fair,
      verdicts: verdict,
      results,
      ratios: ratioRows(results, verdict),
    };
    o.table(
      results.map((r) => ({
        stack: `${r.stack} ${STACKS[r.stack].label}`,
        endpoint: r.endpoint,
        'req/s': Math.round(r.rps),
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'non-2xx': r.non2xx,
        errors: r.errors,
      })),
    );
    o.table(report.ratios);
    if (o.outDir) {
      const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
      mkdirSync(join(o.outDir, 'results'), { recursive: true });
      const jsonPath = join(o.outDir, 'results', `${stamp}.json`);
      const mdPath = join(o.outDir, 'RESULTS.md');
      // Formatted as the repository's prettier settings say, so `npm run lint` stays green.
      const style = (await resolveConfig(mdPath)) ?? {};
      writeFileSync(jsonPath, await format(JSON.stringify(report), { ...style, parser: 'json' }));
      writeFileSync(
        mdPath,
        await format(markdownReport(report, `results/${stamp}.json`), {
          ...style,
          parser: 'markdown',
        }),
      );
      o.log(`wrote ${jsonPath} and ${mdPath}`);
    }
    return report;
  } finally {
    await Promise.all(running.map(stopStack));
  }
}

function cli(argv: string[]): Partial<BenchOptions> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stacks: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      amount: { type: 'string' },
      warmup: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const picked: Partial<BenchOptions> = {
    rounds: num(values.rounds),
    connections: num(values.connections),
    duration: num(values.duration),
    amount: num(values.amount),
    warmup: num(values.warmup),
    outDir: values.out,
  };
  if (values.stacks) {
    const ids = values.stacks.split(',');
    const unknown = ids.filter((id) => !(id in STACKS));
    if (unknown.length) throw new Error(`unknown stacks: ${unknown.join(', ')}`);
    picked.stacks = ids as StackId[];
  }
  return Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runBench(cli(process.argv.slice(2))).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
