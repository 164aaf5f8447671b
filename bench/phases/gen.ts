/**
 * Phase `gen`: wall time and peak memory of this project's `npm run gen`, run with
 * `--check` (every emitter and the formatter run, output compared in memory) so the
 * working tree's generated/ is never written. The cases, as a spec author meets them
 * (generators/cache/ reuses the results of stages whose inputs did not change):
 *
 *   unchanged       nothing changed since the last run: every stage answered from the cache
 *   spec-summary    one operation's summary edited in openapi/api-spec.yaml
 *   spec-parameter  an optional query parameter added to one operation
 *   ddl-column      a column added to a table in db/schema.sql
 *   all-openapi     the worst spec edit: the openapi-typescript and prettier caches emptied
 *                   (every OpenAPI output printed and formatted again; the DDL stage reused)
 *   cold            `--no-cache`: every stage recomputed
 *   first-run       `--no-cache` with PGlite's template dump deleted: the first run after
 *                   `npm ci` (the DDL worker runs initdb and writes the dump; once per install)
 *
 * An edit is made to the file in place, different on every run (a repeated edit would be a
 * cache hit), and undone right after the run, also when the bench is interrupted. An edited
 * run exits 1 (generated/ now differs); that is expected and still a full run.
 *
 * One untimed warm-up (disk cache, tsx cache, the stage caches filled), then `runs` timed
 * runs per case; the medians are reported.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { median } from '../load.js';
import { repoRoot } from '../processes.js';
import { timed } from '../measure.js';

export interface GenOptions {
  runs: number;
  warmup: number;
  /** Which cases (default all, in CASES order). */
  cases?: GenCaseName[];
}

export const GEN_CASE_NAMES = [
  'unchanged',
  'spec-summary',
  'spec-parameter',
  'ddl-column',
  'all-openapi',
  'cold',
  'first-run',
] as const;
export type GenCaseName = (typeof GEN_CASE_NAMES)[number];

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
  /** Exit 1 on an unedited run means generated/ differs from what gen makes. */
  upToDate: boolean;
}

const CHECK = ['npm', 'run', 'gen', '--', '--check'];
const CACHE = join(repoRoot, 'node_modules', '.cache', 'spec-suite');
/** The stage caches a spec edit can invalidate (generators/cache/): all but the DDL stage's. */
const OPENAPI_STAGES = ['openapi-typescript', 'prettier', 'prettier-group'];
const SPEC = join(repoRoot, 'openapi', 'api-spec.yaml');
const DDL = join(repoRoot, 'db', 'schema.sql');

/** A text edit of one input file; `n` makes every run's edit new. */
export interface Edit {
  file: string;
  apply: (text: string, n: number) => string;
}

/** `anchor` replaced by `by(n)`; an anchor that is gone fails the phase rather than timing nothing. */
const replacing = (file: string, anchor: string, by: (n: number) => string): Edit => ({
  file,
  apply: (text, n) => {
    if (!text.includes(anchor)) throw new Error(`bench gen: ${file} no longer contains ${anchor}`);
    return text.replace(anchor, by(n));
  },
});

export interface CaseDef {
  name: GenCaseName;
  command: string[];
  before?: () => Promise<void>;
  edit?: Edit;
}

export const CASES: readonly CaseDef[] = [
  { name: 'unchanged', command: CHECK },
  {
    name: 'spec-summary',
    command: CHECK,
    edit: replacing(
      SPEC,
      '      summary: Search published jobs\n',
      (n) => `      summary: Search published jobs (edit ${n})\n`,
    ),
  },
  {
    name: 'spec-parameter',
    command: CHECK,
    edit: replacing(
      SPEC,
      '      security: []\n      parameters:\n        - name: q\n',
      (n) =>
        `      security: []\n      parameters:\n        - name: edit${n}\n          in: query\n` +
        `          description: Added by the bench.\n          schema:\n            type: string\n` +
        `            maxLength: 20\n        - name: q\n`,
    ),
  },
  {
    name: 'ddl-column',
    command: CHECK,
    edit: {
      file: DDL,
      apply: (text, n) => `${text}\nALTER TABLE jobs ADD COLUMN edit_${n} text;\n`,
    },
  },
  {
    name: 'all-openapi',
    command: CHECK,
    before: async () => {
      for (const stage of OPENAPI_STAGES)
        await rm(join(CACHE, stage), { recursive: true, force: true });
    },
  },
  { name: 'cold', command: [...CHECK, '--no-cache'] },
  {
    name: 'first-run',
    command: [...CHECK, '--no-cache'],
    // The dump is remade by the run itself (generators/ddl/pglite-template.ts).
    before: async () => {
      for (const name of await readdir(CACHE).catch(() => []))
        if (/^pglite-.*\.tar$/.test(name)) await rm(join(CACHE, name), { force: true });
    },
  },
];

/** Runs `fn` with `edit` applied to its file, restoring the file after, even on SIGINT/SIGTERM. */
async function withEdit<T>(edit: Edit, n: number, fn: () => Promise<T>): Promise<T> {
  const original = readFileSync(edit.file, 'utf8');
  const restore = () => writeFileSync(edit.file, original);
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    writeFileSync(edit.file, edit.apply(original, n));
    return await fn();
  } finally {
    restore();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export async function genPhase(o: GenOptions, log: (line: string) => void): Promise<GenResult> {
  let upToDate = true;
  // Distinct across bench runs too: an edit seen by an earlier bench is still in the cache.
  let edits = Date.now();
  const runOnce = async (command: string[], edited: boolean) => {
    const r = await timed(command, { cwd: repoRoot });
    // The CLI prints its own time only when generation ran to the end (exit 1 = out of date).
    const self = /spec-suite gen: (\d+) ms/.exec(r.stdout)?.[1];
    if (self === undefined)
      throw new Error(`${command.join(' ')} failed (${r.exitCode}):\n${r.stderr}`);
    if (!edited) upToDate &&= r.exitCode === 0;
    return { seconds: r.seconds, peakMb: r.peakMb, selfMs: Number(self) };
  };
  for (let i = 0; i < o.warmup; i++) await runOnce(CHECK, false);
  const cases: GenCase[] = [];
  for (const c of CASES.filter((x) => !o.cases || o.cases.includes(x.name))) {
    const runs = [];
    for (let i = 0; i < o.runs; i++) {
      await c.before?.();
      const r = c.edit
        ? await withEdit(c.edit, edits++, () => runOnce(c.command, true))
        : await runOnce(c.command, false);
      log(`gen ${c.name} run ${i + 1}: ${r.seconds.toFixed(2)} s, peak ${r.peakMb ?? '?'} MiB`);
      runs.push(r);
    }
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
