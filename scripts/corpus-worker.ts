/**
 * One worker of the corpus's phase 1 (forked by scripts/corpus.ts): receives document
 * paths over IPC, runs load, normalise and every OpenAPI emitter in memory, and answers
 * with the outcome. A separate process so that the parent can enforce a per-document
 * timeout and a heap limit by killing it, and so that two of them use both cores.
 *
 * Prettier is off here (it is about half of generation time); instead every emitted
 * TypeScript file must parse, which is the part of formatting that could fail.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { setFormatting } from '../generators/emit/files.js';
import { loadApi } from '../generators/openapi/load.js';
import { generateOpenApi } from '../generators/pipeline.js';

export interface WorkerRequest {
  file: string;
  directory: string;
}

export interface DocResult {
  file: string;
  ok: boolean;
  ms: number;
  operations?: number;
  warned?: string[];
  error?: string;
  /** Constructor name of what was thrown: `Error` from the loader's checks, `TypeError`… */
  errorName?: string;
  /** First stack frame of a thrown error, to tell a clear refusal from a crash. */
  at?: string;
  /** Peak RSS of the worker so far, MB. */
  rssMb?: number;
}

/** Syntax errors of emitted TypeScript, as `path: message` lines (none when it parses). */
export function syntaxErrors(files: { path: string; contents: string }[]): string[] {
  const out: string[] = [];
  for (const f of files.filter((x) => x.path.endsWith('.ts'))) {
    const sf = ts.createSourceFile(f.path, f.contents, ts.ScriptTarget.Latest, false);
    // parseDiagnostics is internal but stable; a Program just for syntax would cost more.
    const diags = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
    for (const d of diags.slice(0, 3))
      out.push(`${f.path}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
  return out;
}

async function generate({ file, directory }: WorkerRequest): Promise<DocResult> {
  const warned: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warned.push(args.map(String).join(' '));
  const t0 = performance.now();
  const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
  try {
    const ir = await loadApi(path.join(directory, file), { sourcePath: file });
    const files = await generateOpenApi(ir, '../../runtime');
    // The normaliser's warnings (what `gen` prints as `warning: <pointer>: …`).
    for (const w of ir.warnings ?? []) warned.push(`${w.pointer}: ${w.message}`);
    const bad = syntaxErrors(files);
    if (bad.length) throw new Error(`emitted TypeScript does not parse: ${bad.join('; ')}`);
    return {
      file,
      ok: true,
      ms: performance.now() - t0,
      operations: ir.operations.length,
      ...(warned.length ? { warned } : {}),
      rssMb: rssMb(),
    };
  } catch (e) {
    const err = e as Error;
    return {
      file,
      ok: false,
      ms: performance.now() - t0,
      error: err?.message ?? String(e),
      errorName: err?.constructor?.name ?? typeof e,
      at: err?.stack
        ?.split('\n')
        .find((l) => l.trimStart().startsWith('at '))
        ?.trim(),
      rssMb: rssMb(),
    };
  } finally {
    console.warn = warn;
  }
}

// Only as the forked worker itself: a test importing syntaxErrors runs in a process that
// has an IPC channel too (vitest's), which must keep its formatting and its messages.
const isWorkerEntry =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isWorkerEntry && process.send) {
  setFormatting(false);
  process.on('message', (req: WorkerRequest) => {
    void generate(req).then((r) => process.send!(r));
  });
  process.send({ ready: true });
}
