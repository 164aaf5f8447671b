/** What `npm run bench` can be told: phases, stacks, load, and each phase's knobs. */
import { parseArgs } from 'node:util';
import type { AuthBenchOptions } from './auth.js';
import { GEN_CASE_NAMES, type GenOptions } from './phases/gen.js';
import { defaultGithubSpec, type GithubOptions } from './phases/github.js';
import { ALL_STACKS, type AnyStackId } from './processes.js';
import { PHASES, type PhaseId } from './report.js';
import { join } from 'node:path';
import { repoRoot } from './processes.js';

export interface BenchOptions {
  phases: PhaseId[];
  /** Peer stacks run with phase `stacks`, app stacks with phase `app`. */
  stacks: AnyStackId[];
  rounds: number;
  connections: number;
  /** Seconds per stack and endpoint in each round; ignored when `amount` is set. */
  duration: number;
  /** Requests per stack and endpoint in each round instead of a duration (smoke runs). */
  amount?: number;
  /** Seconds of untimed load per stack and endpoint before the first round. */
  warmup: number;
  /** The PostgreSQL server for `app-pg` (a database on it; each run creates its own). */
  pgUrl: string;
  /** Published jobs the full app is seeded with. */
  seedJobs: number;
  gen: GenOptions;
  github: GithubOptions;
  soak: { seconds: number };
  auth: Partial<AuthBenchOptions>;
  /** Where results/<date>.json and RESULTS.md go; undefined writes nothing. */
  outDir?: string;
  log: (line: string) => void;
  /** Prints a table (console.table by default). */
  table: (rows: Array<Record<string, unknown>>) => void;
}

export const defaultOptions: BenchOptions = {
  phases: [...PHASES],
  stacks: Object.keys(ALL_STACKS) as AnyStackId[],
  rounds: 3,
  connections: 50,
  duration: 10,
  warmup: 3,
  pgUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  seedJobs: 40,
  gen: { runs: 3, warmup: 1 },
  github: { spec: defaultGithubSpec },
  soak: { seconds: 60 },
  auth: {},
  outDir: join(repoRoot, 'bench'),
  log: (line) => console.log(line),
  table: (rows) => console.table(rows),
};

function list<T extends string>(what: string, value: string, known: readonly T[]): T[] {
  const xs = value.split(',').map((x) => x.trim());
  const unknown = xs.filter((x) => !known.includes(x as T));
  if (unknown.length) throw new Error(`unknown ${what}: ${unknown.join(', ')}`);
  return xs as T[];
}

export function parseCli(argv: string[]): Partial<BenchOptions> {
  const str = { type: 'string' } as const;
  const { values: v } = parseArgs({
    args: argv,
    options: {
      phases: str,
      skip: str,
      stacks: str,
      rounds: str,
      connections: str,
      duration: str,
      amount: str,
      warmup: str,
      out: str,
      'pg-url': str,
      'seed-jobs': str,
      'gen-runs': str,
      'gen-warmup': str,
      'gen-cases': str,
      'github-spec': str,
      'soak-seconds': str,
      'auth-cost': str,
      'auth-logins': str,
      'auth-requests': str,
      'auth-flood-ms': str,
    },
  });
  const num = (x: string | undefined) => (x === undefined ? undefined : Number(x));
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Partial<T>;
  const d = defaultOptions;
  let phases = v.phases ? list('phases', v.phases, PHASES) : [...PHASES];
  if (v.skip) {
    const skip = list('phases', v.skip, PHASES);
    phases = phases.filter((p) => !skip.includes(p));
  }
  return defined({
    phases,
    stacks: v.stacks
      ? list('stacks', v.stacks, Object.keys(ALL_STACKS) as AnyStackId[])
      : undefined,
    rounds: num(v.rounds),
    connections: num(v.connections),
    duration: num(v.duration),
    amount: num(v.amount),
    warmup: num(v.warmup),
    outDir: v.out,
    pgUrl: v['pg-url'],
    seedJobs: num(v['seed-jobs']),
    gen: {
      ...d.gen,
      ...defined({
        runs: num(v['gen-runs']),
        warmup: num(v['gen-warmup']),
        cases: v['gen-cases'] ? list('gen cases', v['gen-cases'], GEN_CASE_NAMES) : undefined,
      }),
    },
    github: { spec: v['github-spec'] ?? d.github.spec },
    soak: { seconds: num(v['soak-seconds']) ?? d.soak.seconds },
    auth: defined({
      cost: num(v['auth-cost']),
      logins: num(v['auth-logins']),
      requests: num(v['auth-requests']),
      floodMs: num(v['auth-flood-ms']),
    }),
  });
}
