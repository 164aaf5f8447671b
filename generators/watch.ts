/**
 * `spec-suite gen --watch`: runs `gen` once, then again whenever the spec (or a file beside
 * it) is saved, printing what changed in between: operations added and removed (the stub
 * and missing-handler lines come from `gen`'s own report).
 */
import { watch } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { OperationIR } from './openapi/ir.js';
import { loadApi } from './openapi/load.js';

export interface WatchIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** `spec-suite gen` with these arguments (the CLI's main). */
  gen: (args: string[]) => Promise<number>;
  /** Resolves to stop watching (tests); default: never. */
  until?: Promise<void>;
  /** Quiet period before a regeneration, so an editor's burst of writes is one run. */
  debounceMs?: number;
}

const label = (op: OperationIR) => `${op.method.toUpperCase()} ${op.path} (${op.operationId})`;

/** Operations added and removed between two loads, as printable lines (pure). */
export function operationChanges(before: OperationIR[], after: OperationIR[]): string[] {
  const key = (op: OperationIR) => `${op.method} ${op.path}`;
  const was = new Map(before.map((op) => [key(op), op]));
  const now = new Map(after.map((op) => [key(op), op]));
  const lines: string[] = [];
  for (const [k, op] of now) if (!was.has(k)) lines.push(`+ operation ${label(op)}`);
  for (const [k, op] of was) if (!now.has(k)) lines.push(`- operation ${label(op)}`);
  return lines;
}

export async function watchGen(args: string[], io: WatchIO): Promise<number> {
  const { values } = parseArgs({ args, options: { spec: { type: 'string' } }, strict: false });
  const spec = typeof values.spec === 'string' ? values.spec : undefined;
  if (!spec) {
    io.stderr('spec-suite gen --watch: --spec is required\n');
    return 2;
  }
  const specPath = path.resolve(io.cwd, spec);
  const load = async () => (await loadApi(specPath, { cwd: io.cwd })).operations;
  let ops: OperationIR[] = [];
  try {
    ops = await load();
  } catch (e) {
    io.stderr(`${(e as Error).message}\n`);
  }
  await io.gen(args);
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const rerun = () => {
    running = running.then(async () => {
      io.stdout(`\n[${new Date().toISOString()}] ${spec} changed\n`);
      try {
        const next = await load();
        const lines = operationChanges(ops, next);
        io.stdout(lines.length > 0 ? `${lines.join('\n')}\n` : 'no operations added or removed\n');
        ops = next;
      } catch (e) {
        io.stderr(`${(e as Error).message}\n(waiting for the next save)\n`);
        return;
      }
      await io.gen(args);
    });
  };
  const watcher = watch(path.dirname(specPath), { recursive: false }, (_event, file) => {
    if (file && !/\.(ya?ml|json)$/i.test(String(file))) return;
    clearTimeout(timer);
    timer = setTimeout(rerun, io.debounceMs ?? 150);
  });
  io.stdout(`watching ${path.relative(io.cwd, path.dirname(specPath)) || '.'} (Ctrl-C to stop)\n`);
  await (io.until ?? new Promise<void>(() => {}));
  watcher.close();
  clearTimeout(timer);
  await running;
  return 0;
}
