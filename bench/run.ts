/**
 * `npm run bench`: what the contract costs, where the full app's time goes, and what the
 * toolchain costs, in one run. Phases (all by default; `--phases a,b` or `--skip a,b`):
 *
 *   stacks  peer stacks a b b2 c d e (bench/server.ts) on GET and POST /api/v1/jobs
 *   app     the full app (npm start) on PGlite and on PostgreSQL, in the same rounds
 *   gen     `npm run gen -- --check` wall time and peak RSS (median of 3 after a warm-up)
 *   github  GitHub's REST spec: generation, then tsc, wall time and peak RSS of each
 *   soak    server RSS before and after 60 s of mixed load: stack (b), full app on PGlite
 *   auth    token-verified route p50/p95 while 16 clients flood login (bench/auth.ts)
 *
 *   npm run bench
 *   npm run bench -- --duration 5 --connections 20 --rounds 5 --stacks a,b,app-pglite
 *   npm run bench -- --phases gen,github
 *   npm run bench -- --phases gen --gen-cases spec-summary,ddl-column
 *   knobs: --pg-url, --seed-jobs, --gen-runs, --gen-warmup, --gen-cases, --github-spec,
 *          --soak-seconds, --auth-cost, --auth-logins, --auth-requests, --auth-flood-ms
 *
 * Every server is its own process on 127.0.0.1; autocannon runs here, in the parent.
 * Writes bench/results/<date>.json and bench/RESULTS.md, a section per phase. Numbers, not
 * assertions: CI only runs a smoke version (test/bench-smoke.test.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { createKeyRing, generateDevelopmentKey } from '../app/auth/keys.js';
import { postgresUnavailable, startAppStack } from './app-stack.js';
import { authSummary, authTableRows, runAuthBench } from './auth.js';
import { genPhase } from './phases/gen.js';
import { githubPhase } from './phases/github.js';
import { soakPhase } from './phases/soak.js';
import { stacksPhase } from './phases/stacks.js';
import {
  ALL_STACKS,
  isAppStack,
  repoRoot,
  startPeerStack,
  type AnyStackId,
  type RunningStack,
} from './processes.js';
import {
  appRatioRows,
  fairnessRows,
  markdownReport,
  packageVersions,
  ratioRows,
  resultRows,
  type BenchReport,
} from './report.js';
import { genRows, githubRows, soakRows } from './report-phases.js';
import { clocked, type PhaseClock } from './measure.js';
import { signBenchToken } from './shared.js';
import { defaultOptions, parseCli, type BenchOptions } from './options.js';

export { defaultOptions, type BenchOptions };

/** The stdout line closing a phase: how long it took and how busy the machine was. */
const clockLine = (name: string, c: PhaseClock) =>
  `${name}: ${c.seconds.toFixed(0)} s, load average ${c.loadStart[0]!.toFixed(2)} → ${c.loadEnd[0]!.toFixed(2)}`;

export async function runBench(partial: Partial<BenchOptions> = {}): Promise<BenchReport> {
  const o: BenchOptions = { ...defaultOptions, ...partial };
  const on = (p: BenchOptions['phases'][number]) => o.phases.includes(p);
  const loadStart = os.loadavg();
  const startedAt = new Date();
  const keySpec = JSON.stringify(generateDevelopmentKey());
  const token = signBenchToken(createKeyRing([JSON.parse(keySpec)]));
  const skipped: string[] = [];
  const skip = (line: string) => {
    skipped.push(`SKIP: ${line}`);
    o.log(`SKIP: ${line}`);
  };
  const start = (id: AnyStackId): Promise<RunningStack> =>
    isAppStack(id) ? startAppStack(id, o) : startPeerStack(id, keySpec, token);

  const pgMissing =
    on('app') && o.stacks.includes('app-pg') ? await postgresUnavailable(o.pgUrl) : null;
  const ids = o.stacks.filter((id) => {
    if (!on(isAppStack(id) ? 'app' : 'stacks')) return false;
    if (id === 'app-pg' && pgMissing) {
      skip(`(app-pg): ${pgMissing}`);
      return false;
    }
    return true;
  });

  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: '',
    machine: {
      nproc: os.availableParallelism(),
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadStart,
      loadEnd: [],
    },
    versions: packageVersions(repoRoot),
    options: {
      phases: o.phases,
      stacks: ids,
      rounds: o.rounds,
      connections: o.connections,
      duration: o.amount ? null : o.duration,
      amount: o.amount ?? null,
      warmup: o.amount ? 0 : o.warmup,
      seedJobs: o.seedJobs,
      gen: o.gen,
      github: o.github,
      soak: o.soak,
      auth: o.auth,
    },
    skipped,
    clocks: {},
    labels: Object.fromEntries(Object.entries(ALL_STACKS).map(([id, s]) => [id, s.label])),
    fairness: [],
    verdicts: {},
    results: [],
    ratios: [],
    appRatios: [],
  };

  if (ids.length) {
    const { value, clock } = await clocked(() =>
      stacksPhase(ids, start, o, o.log, (fairness) =>
        o.table(fairnessRows({ fairness, options: report.options })),
      ),
    );
    Object.assign(report, value);
    report.clocks.rounds = clock;
    o.log(clockLine('rounds', clock));
    report.ratios = ratioRows(report.results, report.verdicts);
    report.appRatios = appRatioRows(report.results, report.verdicts);
    o.table(resultRows(report));
    o.table(report.ratios);
    if (report.appRatios.length) o.table(report.appRatios);
  }

  if (on('gen')) {
    o.log(
      `gen: ${o.gen.warmup} warm-up + ${o.gen.runs} timed runs per case of npm run gen -- --check…`,
    );
    const { value, clock } = await clocked(() => genPhase(o.gen, o.log));
    report.gen = value;
    report.clocks.gen = clock;
    o.log(clockLine('gen', clock));
    o.table(genRows(value));
  }

  if (on('github')) {
    o.log(`github: generation and tsc of ${o.github.spec}…`);
    const { value, clock } = await clocked(() => githubPhase(o.github, o.log));
    report.github = value;
    report.clocks.github = clock;
    o.log(clockLine('github', clock));
    o.table(githubRows(value));
  }

  if (on('soak')) {
    const { value, clock } = await clocked(() =>
      soakPhase(['b', 'app-pglite'], { ...o.soak, connections: o.connections }, start, o.log),
    );
    report.soak = value;
    report.clocks.soak = clock;
    o.log(clockLine('soak', clock));
    o.table(soakRows(value, report.labels));
  }

  if (on('auth')) {
    o.log('auth: token check under a login flood…');
    const { value, clock } = await clocked(() => runAuthBench(o.auth));
    report.auth = value;
    report.clocks.auth = clock;
    o.log(clockLine('auth', clock));
    o.log(authSummary(value));
    o.table(authTableRows(value));
  }

  report.finishedAt = new Date().toISOString();
  report.machine.loadEnd = os.loadavg();
  if (o.outDir) await write(report, o.outDir, startedAt, o.log);
  return report;
}

async function write(report: BenchReport, outDir: string, at: Date, log: (l: string) => void) {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  mkdirSync(join(outDir, 'results'), { recursive: true });
  const jsonPath = join(outDir, 'results', `${stamp}.json`);
  const mdPath = join(outDir, 'RESULTS.md');
  // Formatted as the repository's prettier settings say, so `npm run lint` stays green.
  const style = (await resolveConfig(mdPath)) ?? {};
  writeFileSync(jsonPath, await format(JSON.stringify(report), { ...style, parser: 'json' }));
  writeFileSync(
    mdPath,
    await format(markdownReport(report, `results/${stamp}.json`), { ...style, parser: 'markdown' }),
  );
  log(`wrote ${jsonPath} and ${mdPath}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runBench(parseCli(process.argv.slice(2))).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
