/**
 * Phase `gen`: wall time and peak memory of this project's `npm run gen`, run with
 * `--check` (every emitter and the formatter run, output compared in memory) so the
 * working tree's generated/ is never written. Three cases, as a spec author meets them
 * (generators/cache/ reuses the results of stages whose inputs did not change):
 *
 *   unchanged  nothing changed since the last run: every stage answered from the cache
 *   spec edit  the worst spec edit: every OpenAPI stage (openapi-typescript's printing,
 *              every prettier run) recomputed, the DDL stage reused
 *   DDL edit   db/schema.sql edited: the DDL stage (PGlite, introspection, kysely-codegen)
 *              recomputed, the OpenAPI stages reused
 *   cold       `--no-cache`: every stage recomputed (the first run after a fresh clone
 *              also builds the PGlite template once, ~3 s more)
 *
 * One untimed warm-up (disk cache, tsx cache, the stage caches filled), then `runs` timed
 * runs per case; the medians are reported.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { median } from '../load.js';
import { repoRoot } from '../processes.js';
import { timed } from '../measure.js';

export interface GenOptions {
  runs: number;
  warmup: number;
}

export type GenCaseName = 'unchanged' | 'spec edit' | 'DDL edit' | 'cold';

export interface GenCase {
  name: GenCaseName;
  command: string;
  /** Per timed run: wall seconds, peak MiB, the CLI's own "spec-suite gen: N ms". */
  runs: Array<{ seconds: number; peakMb: number | null; selfMs: number }>;
  medianSeconds: number;
  medianPeakMb: number | null;
}

export interface GenResult {
  /** Untimed runs before the timed ones. */
  warmup: number;
  cases: GenCase[];
  /** Exit 1 means generated/ differs from what gen makes (the timing is still a full gen). */
  upToDate: boolean;
}

const CHECK = ['npm', 'run', 'gen', '--', '--check'];
const CACHE = join(repoRoot, 'node_modules', '.cache', 'spec-suite');
/** The stage caches a spec edit can invalidate (generators/cache/): all but the DDL stage's. */
const OPENAPI_STAGES = ['openapi-typescript', 'prettier'];

const CASES: Array<{ name: GenCaseName; command: string[]; before?: () => Promise<void> }> = [
  { name: 'unchanged', command: CHECK },
  {
    name: 'spec edit',
    command: CHECK,
    before: async () => {
      for (const stage of OPENAPI_STAGES)
        await rm(join(CACHE, stage), { recursive: true, force: true });
    },
  },
  {
    name: 'DDL edit',
    command: CHECK,
    before: () => rm(join(CACHE, 'ddl'), { recursive: true, force: true }),
  },
  { name: 'cold', command: [...CHECK, '--no-cache'] },
];

export async function genPhase(o: GenOptions, log: (line: string) => void): Promise<GenResult> {
  let upToDate = true;
  const runOnce = async (command: string[]) => {
    const r = await timed(command, { cwd: repoRoot });
    // The CLI prints its own time only when generation ran to the end (exit 1 = out of date).
    const self = /spec-suite gen: (\d+) ms/.exec(r.stdout)?.[1];
    if (self === undefined)
      throw new Error(`${command.join(' ')} failed (${r.exitCode}):\n${r.stderr}`);
    upToDate &&= r.exitCode === 0;
    return { seconds: r.seconds, peakMb: r.peakMb, selfMs: Number(self) };
  };
  for (let i = 0; i < o.warmup; i++) await runOnce(CHECK);
  const cases: GenCase[] = [];
  for (const c of CASES) {
    const runs = [];
    for (let i = 0; i < o.runs; i++) {
      await c.before?.();
      const r = await runOnce(c.command);
      log(`gen ${c.name} run ${i + 1}: ${r.seconds.toFixed(2)} s, peak ${r.peakMb ?? '?'} MiB`);
      runs.push(r);
    }
    // An edit case leaves what it recomputed cached again, so the next case starts warm.
    const peaks = runs.flatMap((r) => (r.peakMb === null ? [] : [r.peakMb]));
    cases.push({
      name: c.name,
      command: c.command.join(' '),
      runs,
      medianSeconds: median(runs.map((r) => r.seconds)),
      medianPeakMb: peaks.length ? median(peaks) : null,
    });
  }
  return { warmup: o.warmup, cases, upToDate };
}
