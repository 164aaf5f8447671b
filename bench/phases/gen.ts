/**
 * Phase `gen`: wall time and peak memory of this project's `npm run gen`, run with
 * `--check` (every emitter and the formatter run, output compared in memory) so the
 * working tree's generated/ is never written. One untimed warm-up (disk cache, tsx cache),
 * then `runs` timed runs; the median is reported.
 */
import { median } from '../load.js';
import { repoRoot } from '../processes.js';
import { timed } from '../measure.js';

export interface GenOptions {
  runs: number;
  warmup: number;
}

export interface GenResult {
  command: string;
  /** Untimed runs before the timed ones. */
  warmup: number;
  /** Per timed run: wall seconds, peak MiB, the CLI's own "spec-suite gen: N ms". */
  runs: Array<{ seconds: number; peakMb: number | null; selfMs: number }>;
  medianSeconds: number;
  medianPeakMb: number | null;
  /** Exit 1 means generated/ differs from what gen makes (the timing is still a full gen). */
  upToDate: boolean;
}

const COMMAND = ['npm', 'run', 'gen', '--', '--check'];

export async function genPhase(o: GenOptions, log: (line: string) => void): Promise<GenResult> {
  const runOnce = async () => {
    const r = await timed(COMMAND, { cwd: repoRoot });
    // The CLI prints its own time only when generation ran to the end (exit 1 = out of date).
    const self = /spec-suite gen: (\d+) ms/.exec(r.stdout)?.[1];
    if (self === undefined)
      throw new Error(`${COMMAND.join(' ')} failed (${r.exitCode}):\n${r.stderr}`);
    return { ...r, selfMs: Number(self) };
  };
  for (let i = 0; i < o.warmup; i++) await runOnce();
  const runs = [];
  let upToDate = true;
  for (let i = 0; i < o.runs; i++) {
    const r = await runOnce();
    upToDate &&= r.exitCode === 0;
    log(`gen run ${i + 1}: ${r.seconds.toFixed(2)} s, peak ${r.peakMb ?? '?'} MiB`);
    runs.push({ seconds: r.seconds, peakMb: r.peakMb, selfMs: r.selfMs });
  }
  const peaks = runs.flatMap((r) => (r.peakMb === null ? [] : [r.peakMb]));
  return {
    command: COMMAND.join(' '),
    warmup: o.warmup,
    runs,
    medianSeconds: median(runs.map((r) => r.seconds)),
    medianPeakMb: peaks.length ? median(peaks) : null,
    upToDate,
  };
}
