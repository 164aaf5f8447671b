/** Tables and RESULTS.md sections of the bench phases beyond the stack rounds. */
import { authSummary, authTableRows, type AuthBenchResult } from './auth.js';
import type { GenResult } from './phases/gen.js';
import type { GithubResult } from './phases/github.js';
import type { SoakResult } from './phases/soak.js';
import type { PhaseClock } from './measure.js';

export type PhaseClocks = Partial<
  Record<'rounds' | 'gen' | 'github' | 'soak' | 'auth', PhaseClock>
>;

export const mdTable = (rows: Array<Record<string, unknown>>) => {
  if (!rows.length) return '';
  const cols = Object.keys(rows[0]!);
  // A `|` inside a cell (the fairness notes join with one) would end the cell.
  const cell = (c: unknown) => String(c ?? '').replaceAll('|', '\\|');
  const line = (cells: unknown[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(cols), line(cols.map(() => '---')), ...rows.map((r) => line(cols.map((c) => r[c])))]
    .join('\n')
    .concat('\n');
};

const load = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' / ');
const mb = (x: number | null) => (x === null ? '?' : `${x} MiB`);

function clockLine(c: PhaseClock | undefined): string {
  if (!c) return '';
  return `- Ran ${c.startedAt}, ${c.seconds.toFixed(0)} s in all; load average (1/5/15 min) ${load(c.loadStart)} → ${load(c.loadEnd)}.\n`;
}

export function genRows(g: GenResult) {
  return g.cases.map((c) => ({
    case: c.name,
    'median wall s': c.medianSeconds.toFixed(2),
    'wall s per run': c.runs.map((r) => r.seconds.toFixed(2)).join(', '),
    'peak RSS': mb(c.medianPeakMb),
    'gen self-reported ms': c.runs.map((r) => r.selfMs).join(', '),
  }));
}

export function genMarkdown(g: GenResult, clock?: PhaseClock): string {
  const runs = (n: number, what: string) => `${n} ${what} run${n === 1 ? '' : 's'}`;
  return `## \`npm run gen\` (this project)

### Method

- \`npm run gen -- --check\` in the checkout: the whole generator (spec + DDL, every emitter,
  prettier, handler stubs) with the output compared in memory, so generated/ is never
  written.${g.upToDate ? '' : ' **generated/ was out of date** (exit 1 on an unedited run; still a full run).'}
  The cases (bench/phases/gen.ts): *unchanged* (every stage answered from the stage caches
  of generators/cache/); real edits, each new on every run and undone after it:
  *spec-summary* (one operation's summary), *spec-parameter* (an optional query parameter
  added), *ddl-column* (a column added to a table); *all-openapi* (the worst spec edit: the
  openapi-typescript and prettier caches emptied, every OpenAPI output printed and formatted
  again, the DDL stage reused); *cold* (\`--no-cache\`: every stage recomputed);
  *first-run* (cold, and PGlite's template dump deleted: the first run after \`npm ci\`, which
  runs initdb and keeps the dump for every later run). An edited run exits 1 (generated/
  differs), as expected.
- ${runs(g.warmup, 'untimed warm-up')}, then ${runs(g.cases[0]?.runs.length ?? 0, 'timed')} per case; wall clock from
  the bench, peak RSS from \`/usr/bin/time -f %M\` (the largest process of the tree: gen's
  node, not npm).
${clockLine(clock)}
${mdTable(genRows(g))}`;
}

export function githubRows(g: GithubResult) {
  return [
    {
      step: 'generate (full pipeline)',
      'wall s': g.gen.seconds.toFixed(1),
      'peak RSS': mb(g.gen.peakMb),
      detail: `runGen ${g.gen.runGenSeconds.toFixed(1)} s; ${g.files} files, ${g.megabytes.toFixed(1)} MB`,
    },
    {
      step: 'tsc --noEmit',
      'wall s': g.tsc.seconds.toFixed(1),
      'peak RSS': mb(g.tsc.peakMb),
      detail: `${g.tsc.ok ? 'clean' : 'ERRORS'}; ${g.tsc.types ?? '?'} types, ${g.tsc.instantiations ?? '?'} instantiations`,
    },
  ];
}

export function githubMarkdown(g: GithubResult, clock?: PhaseClock): string {
  return `## GitHub's REST spec: generation and tsc

### Method

- The robustness job's path (test/robustness/generate.ts): \`generateFull\` on
  \`${g.spec}\` (${g.operations} operations, ${g.schemas} schemas) into a throwaway folder
  (generated/, handler stubs, deps.ts, boot.ts), then \`typecheck\`: \`tsc --noEmit
  --extendedDiagnostics\` over all of it with the consumer's strict NodeNext settings
  (--max-old-space-size=4096). Each step its own process, run once; wall clock from the
  bench (process start and module loading included), peak RSS from \`/usr/bin/time -f %M\`.
${clockLine(clock)}
${mdTable(githubRows(g))}`;
}

export function soakRows(rows: SoakResult[], labels: Record<string, string>) {
  return rows.map((s) => ({
    stack: `(${s.stack}) ${labels[s.stack] ?? ''}`,
    'soak s': s.seconds,
    'req/s': Math.round(s.rps),
    'p99 ms': s.p99,
    'RSS start': `${s.rssStartMb} MiB`,
    'RSS after soak': `${s.rssAfterMb} MiB`,
    'max sampled': `${s.rssMaxSampledMb} MiB`,
    'VmHWM (peak)': `${s.hwmMb} MiB`,
    'non-2xx': s.non2xx,
    errors: s.errors,
  }));
}

export function soakMarkdown(
  rows: SoakResult[],
  connections: number,
  labels: Record<string, string>,
  clock?: PhaseClock,
): string {
  return `## Server memory after a soak

### Method

- Each stack freshly started in its own process (the full app on PGlite also seeded as
  above), then ${rows[0]?.seconds ?? '?'} s of autocannon with ${connections} connections, each
  alternating the benchmarked GET and POST. VmRSS of the server process
  (/proc/<pid>/status) at start, once a second during the soak and right after; VmHWM is
  the kernel's peak since the process started (for the app on PGlite that includes the
  first start's initdb instance, which app/db/client.ts closes before serving).
${clockLine(clock)}
${mdTable(soakRows(rows, labels))}`;
}

export function authMarkdown(a: AuthBenchResult, clock?: PhaseClock): string {
  const o = a.options;
  return `## Token check under a login flood

### Method

- bench/auth.ts (also \`npm run bench:auth\`): the generated route table with the real auth
  module on ${a.database} (denylist ${a.denylist}), served on loopback in the bench process.
  ${o.logins} loops log in over HTTP back to back (bcrypt cost ${a.cost}, one compare
  ${a.oneCompareMs.toFixed(0)} ms, hashing bounded to ${a.hashConcurrency}) while one client
  calls a token-verified route one request at a time: ${o.requests} calls idle, or as many
  as fit in ${o.floodMs} ms under load (after ${o.settleMs} ms of flood and ${o.warmupCalls}
  untimed calls). Contrast rows: jose's async verify, and bare unbounded bcrypt.
- ${authSummary(a)}
${clockLine(clock)}
${mdTable(authTableRows(a))}`;
}
