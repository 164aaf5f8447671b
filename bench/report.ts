/** The bench report: its shape, the ratio tables, and bench/RESULTS.md. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthBenchResult } from './auth.js';
import type { GenResult } from './phases/gen.js';
import type { GithubResult } from './phases/github.js';
import type { SoakResult } from './phases/soak.js';
import { isAppStack, type AnyStackId } from './processes.js';
import {
  authMarkdown,
  genMarkdown,
  githubMarkdown,
  mdTable,
  soakMarkdown,
  type PhaseClocks,
} from './report-phases.js';

export { mdTable };

export const PHASES = ['stacks', 'app', 'gen', 'github', 'soak', 'auth'] as const;
export type PhaseId = (typeof PHASES)[number];

/** One load measurement: requests per second, latency percentiles, counts. */
export interface Sample {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /**
   * The server process's CPU time per request, µs (user + system, from /proc): what a
   * request costs the server, whatever else the machine is doing. The database server of
   * the PostgreSQL stack is another process and is not counted. null where unknown.
   */
  cpuUs: number | null;
}

/** A stack on an endpoint: the medians over rounds of each `Sample` field. */
export interface StackResult extends Sample {
  stack: AnyStackId;
  endpoint: string;
  /** Requests per second of each round, in order. */
  rounds: number[];
}

export interface FairnessRow {
  case: string;
  expect: string;
  statuses: Partial<Record<AnyStackId, number>>;
}

export type Verdicts = Partial<Record<AnyStackId, { laxer: string[]; otherwise: string[] }>>;

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: {
    nproc: number;
    cpu: string;
    memoryGiB: number;
    node: string;
    platform: string;
    loadStart: number[];
    loadEnd: number[];
  };
  versions: Record<string, string>;
  options: {
    phases: PhaseId[];
    stacks: AnyStackId[];
    rounds: number;
    connections: number;
    duration: number | null;
    amount: number | null;
    warmup: number;
    seedJobs: number;
    gen: { runs: number; warmup: number };
    github: { spec: string };
    soak: { seconds: number };
    auth: Record<string, unknown>;
  };
  /** `SKIP: …` lines: phases or stacks that could not run, and why. */
  skipped: string[];
  clocks: PhaseClocks;
  labels: Record<string, string>;
  fairness: FairnessRow[];
  verdicts: Verdicts;
  results: StackResult[];
  /** The peer ratios (never the full app). */
  ratios: Array<Record<string, string>>;
  /** The full app against (b): where time goes beyond the contract pipeline. */
  appRatios: Array<Record<string, string>>;
  gen?: GenResult;
  github?: GithubResult;
  soak?: SoakResult[];
  auth?: AuthBenchResult;
}

const PACKAGES = [
  'hono',
  '@hono/node-server',
  '@hono/zod-openapi',
  'zod',
  'fastify',
  'fastify-openapi-glue',
  'express',
  'express-openapi-validator',
  'autocannon',
  '@electric-sql/pglite',
  'pg',
  'typescript',
];

export function packageVersions(root: string): Record<string, string> {
  return Object.fromEntries(
    PACKAGES.map((name) => {
      try {
        const pkg = JSON.parse(
          readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'),
        ) as { version: string };
        return [name, pkg.version];
      } catch {
        return [name, 'not installed'];
      }
    }),
  );
}

/** (numerator, denominator): ours against the floor, each peer, and response validation. */
const PAIRS: Array<[AnyStackId, AnyStackId]> = [
  ['b', 'a'],
  ['b', 'c'],
  ['b', 'd'],
  ['b', 'e'],
  ['b2', 'b'],
  ['b3', 'b'],
];
const APP_PAIRS: Array<[AnyStackId, AnyStackId]> = [
  ['app-pglite', 'b'],
  ['app-pg', 'b'],
];

function ratios(pairs: Array<[AnyStackId, AnyStackId]>, results: StackResult[], v: Verdicts) {
  const endpoints = [...new Set(results.map((r) => r.endpoint))];
  const rps = (id: AnyStackId, e: string) =>
    results.find((r) => r.stack === id && r.endpoint === e);
  return pairs.flatMap(([num, den]) => {
    if (!results.some((r) => r.stack === num) || !results.some((r) => r.stack === den)) return [];
    const row: Record<string, string> = { ratio: `(${num})/(${den})` };
    for (const e of endpoints) {
      const n = rps(num, e);
      const d = rps(den, e);
      row[e] = n && d && d.rps > 0 ? `${(n.rps / d.rps).toFixed(2)}×` : 'n/a';
    }
    // The same comparison by the server's CPU time per request (denominator's over the
    // numerator's, so above 1 means the numerator is cheaper): unlike req/s it does not
    // depend on how fast the load generator on the same machine can go.
    for (const e of endpoints) {
      const n = rps(num, e)?.cpuUs;
      const d = rps(den, e)?.cpuUs;
      row[`${e} by CPU`] = n && d ? `${(d / n).toFixed(2)}×` : 'n/a';
    }
    // Rounds are interleaved (every stack once per round), so a round's ratio compares two
    // stacks measured minutes apart at most: the spread over rounds is the ratio's noise.
    for (const e of endpoints) {
      const n = rps(num, e)?.rounds ?? [];
      const d = rps(den, e)?.rounds ?? [];
      const each = n.flatMap((x, i) => (d[i] ? [x / d[i]] : []));
      row[`${e} rounds`] = each.length
        ? `${Math.min(...each).toFixed(2)}–${Math.max(...each).toFixed(2)}×`
        : 'n/a';
    }
    // A stack that lets invalid input through (or fails on it) is named next to its ratio.
    row.note = [num, den]
      .flatMap((id) => [
        v[id]?.laxer.length ? `(${id}) laxer: ${v[id].laxer.join('; ')}` : '',
        v[id]?.otherwise.length ? `(${id}) off-spec: ${v[id].otherwise.join('; ')}` : '',
      ])
      .filter(Boolean)
      .join(' | ');
    return [row];
  });
}

export const ratioRows = (results: StackResult[], v: Verdicts) => ratios(PAIRS, results, v);
export const appRatioRows = (results: StackResult[], v: Verdicts) => ratios(APP_PAIRS, results, v);

export function resultRows(r: Pick<BenchReport, 'results' | 'labels'>, perRound = false) {
  return r.results.map((x) => ({
    stack: `(${x.stack}) ${r.labels[x.stack]}`,
    endpoint: x.endpoint,
    'req/s': Math.round(x.rps),
    'p50 ms': x.p50,
    'p99 ms': x.p99,
    'CPU µs/req': x.cpuUs === null ? 'n/a' : Math.round(x.cpuUs),
    ...(perRound ? { 'req/s per round': x.rounds.join(', ') } : {}),
    'non-2xx': x.non2xx,
    errors: x.errors,
  }));
}

export function fairnessRows(r: Pick<BenchReport, 'fairness' | 'options'>) {
  return r.fairness.map((f) => ({
    case: f.case,
    expect: f.expect,
    ...Object.fromEntries(r.options.stacks.map((id) => [id, f.statuses[id]])),
  }));
}

function verdictLines(r: BenchReport): string {
  return r.options.stacks
    .map((id) => {
      const v = r.verdicts[id];
      if (!v || (!v.laxer.length && !v.otherwise.length)) return `- (${id}): as the spec says`;
      const what = [
        v.laxer.length ? `laxer on ${v.laxer.join('; ')}` : '',
        v.otherwise.length ? `other class on ${v.otherwise.join('; ')}` : '',
      ]
        .filter(Boolean)
        .join('; ');
      // The full app's answers are marked, not failed: it is not one of the compared peers.
      return isAppStack(id) ? `- (${id}) (marked, not compared): ${what}` : `- (${id}): ${what}`;
    })
    .join('\n');
}

const load = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' / ');

function stacksMarkdown(r: BenchReport): string {
  const o = r.options;
  if (!o.stacks.length) return '';
  const clock = r.clocks.rounds;
  const apps = o.stacks.filter(isAppStack);
  return `## Stacks: throughput and latency

### Method

- Stacks, each its own process on 127.0.0.1. Peers (a b b2 c d e): bench/server.ts, all
  serving the same in-memory handler and data (bench/shared.ts) and the same synchronous
  Ed25519 token check (\`verifyAccessToken\`, app/auth/tokens.ts).${
    apps.length
      ? `
- Full app (${apps.join(', ')}): \`app/main.ts\` as \`npm start\` runs it (NODE_ENV=production,
  LOG_LEVEL=warn, in-memory auth stores), PGlite in a fresh DATA_DIR or PostgreSQL in a fresh
  database (migrated, dropped after), seeded over its own API with an employer (bcrypt cost
  10, real login token), one company and ${o.seedJobs} published jobs matching the GET query;
  rate limits raised out of the way. In the rounds and tables, not in the peer ratios; its
  fairness answers are marked, not failed.`
      : ''
  }

${mdTable(o.stacks.map((id) => ({ id, stack: r.labels[id] })))}
- Endpoints: public \`GET /api/v1/jobs\` with a validated query (limit, remote, employmentType,
  salaryMin, tags); authenticated \`POST /api/v1/jobs\` with a \`JobCreate\` body.
- Fairness first: every request of the corpus (bench/corpus.ts) goes to every stack; a stack
  answering 2xx where the spec calls for 4xx is marked laxer.
- Load: autocannon (programmatic, in the parent), ${o.connections} connections,
  ${o.amount ? `${o.amount} requests` : `${o.duration} s`} per stack and endpoint per round,
  ${o.warmup ? `${o.warmup} s warm-up each, ` : 'no warm-up, '}${o.rounds} interleaved round(s)
  (every stack once per round, in order); medians over rounds reported.${
    clock
      ? `
- Ran ${clock.startedAt}, ${clock.seconds.toFixed(0)} s (start-up and seeding included);
  load average ${load(clock.loadStart)} → ${load(clock.loadEnd)}.`
      : ''
  }

### Fairness

${mdTable(fairnessRows(r))}
${verdictLines(r)}

### Throughput and latency (medians)

${mdTable(resultRows(r, true))}
### Ratios

By requests per second, and "by CPU": the server process's CPU time per request, the
denominator's over the numerator's (above 1×: the numerator is cheaper). Throughput on a
2-core machine also depends on the load generator sharing it; CPU per request does not.
"rounds": the lowest and highest ratio of requests per second within one round (every
stack runs once per round): how far a single round can stray from the median.

${mdTable(r.ratios)}${
    r.appRatios.length
      ? `
### The full app against (b) (requests per second)

(b) is the contract pipeline over an in-memory handler; the full app adds its middleware,
auth module, database and real handlers. Not a peer comparison.

${mdTable(r.appRatios)}`
      : ''
  }`;
}

export function markdownReport(r: BenchReport, jsonPath: string): string {
  const m = r.machine;
  // At the start only: once running, the bench keeps both CPUs busy itself (a server and
  // autocannon, gen's threads, the login flood), so a high load at the end is its own.
  const loaded = m.loadStart[0]! > m.nproc;
  const sections = [
    stacksMarkdown(r),
    r.gen && genMarkdown(r.gen, r.clocks.gen),
    r.github && githubMarkdown(r.github, r.clocks.github),
    r.soak && soakMarkdown(r.soak, r.options.connections, r.labels, r.clocks.soak),
    r.auth && authMarkdown(r.auth, r.clocks.auth),
  ].filter(Boolean);
  return `# \`npm run bench\` results

Generated by \`npm run bench\` (bench/run.ts); raw data in \`${jsonPath}\`. Rerun to replace.
Phases: ${r.options.phases.join(', ')}.
${
  loaded
    ? `
> **The machine was loaded when this run started** (1-minute load average above the
> ${m.nproc} CPUs): the numbers below are not comparable with a quiet machine's. Rerun on a quiet one.
`
    : ''
}${r.skipped.length ? `\n${r.skipped.map((s) => `- ${s}`).join('\n')}\n` : ''}
## Machine

- ${m.nproc} CPUs (${m.cpu}), ${m.memoryGiB} GiB memory, ${m.platform}, Node ${m.node}
- load average (1/5/15 min) at start: ${load(m.loadStart)}; at end: ${load(m.loadEnd)}
- run: ${r.startedAt} → ${r.finishedAt}

## Versions

${mdTable(Object.entries(r.versions).map(([pkg, version]) => ({ package: pkg, version })))}
${sections.join('\n')}`;
}
