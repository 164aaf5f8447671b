/**
 * Robustness harness: generate types.ts + schemas.ts for a spec into a throwaway folder
 * laid out like the repo (generated/openapi/, runtime/contract.ts), plus a consumer file
 * importing both, then type-check many such folders with ONE tsc run.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { emitTypes } from '../../generators/openapi/emit-types.js';
import { emitZod } from '../../generators/openapi/emit-zod.js';
import { loadApi } from '../../generators/openapi/load.js';

const run = promisify(execFile);

export const ROOT = path.resolve('.tmp', 'robustness');

export interface Generated {
  dir: string;
  ms: { load: number; types: number; zod: number };
  operations: number;
  schemas: number;
  bytes: number;
}

const CONSUMER = `import type { components, paths } from './generated/openapi/types.js';
import { inputSchemas, operationValidators, schemas } from './generated/openapi/schemas.js';
import type { OperationValidators } from './runtime/contract.js';

const ops: Record<string, OperationValidators> = operationValidators;
export const counts: number[] = [Object.keys(ops).length, Object.keys(schemas).length, Object.keys(inputSchemas).length];
export type AnyPath = keyof paths;
export type AnyComponent = components extends { schemas: infer S } ? keyof S : never;
`;

export async function generateInto(specPath: string, slug: string): Promise<Generated> {
  const dir = path.join(ROOT, slug);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'generated', 'openapi'), { recursive: true });
  mkdirSync(path.join(dir, 'runtime'), { recursive: true });
  const t0 = performance.now();
  const ir = await loadApi(specPath);
  const t1 = performance.now();
  const types = await emitTypes(ir);
  const t2 = performance.now();
  const zod = await emitZod(ir);
  const t3 = performance.now();
  writeFileSync(path.join(dir, 'generated', types.path), types.contents);
  writeFileSync(path.join(dir, 'generated', zod.path), zod.contents);
  copyFileSync('runtime/contract.ts', path.join(dir, 'runtime', 'contract.ts'));
  writeFileSync(path.join(dir, 'use.ts'), CONSUMER);
  return {
    dir,
    ms: { load: Math.round(t1 - t0), types: Math.round(t2 - t1), zod: Math.round(t3 - t2) },
    operations: ir.operations.length,
    schemas: Object.keys(ir.schemas).length,
    bytes: zod.contents.length,
  };
}

export interface TscResult {
  ok: boolean;
  output: string;
  seconds: number;
  /** Peak resident memory in MB, from /usr/bin/time when available. */
  peakMb?: number;
}

/** One `tsc --noEmit` over the given generated folders (strict, NodeNext, like the repo). */
export async function typecheck(dirs: string[], name: string): Promise<TscResult> {
  const tsconfig = path.join(ROOT, `tsconfig.${name}.json`);
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        types: [],
      },
      include: dirs.map((d) => `${path.relative(ROOT, d)}/**/*.ts`),
    }),
  );
  const tsc = path.resolve('node_modules', 'typescript', 'bin', 'tsc');
  const t0 = performance.now();
  try {
    // /usr/bin/time reports peak memory where it exists; plain node otherwise.
    const cmd = existsSync('/usr/bin/time')
      ? ['/usr/bin/time', '-f', 'PEAK_KB=%M', process.execPath]
      : [process.execPath];
    const { stderr } = await run(cmd[0]!, [...cmd.slice(1), tsc, '-p', tsconfig], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return {
      ok: true,
      output: '',
      seconds: (performance.now() - t0) / 1000,
      peakMb: peakMb(stderr),
    };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return {
      ok: false,
      output: `${err.stdout ?? ''}${err.stderr ?? ''}`.slice(0, 20_000),
      seconds: (performance.now() - t0) / 1000,
      peakMb: peakMb(err.stderr ?? ''),
    };
  }
}

function peakMb(stderr: string): number | undefined {
  const m = /PEAK_KB=(\d+)/.exec(stderr);
  return m ? Math.round(Number(m[1]) / 1024) : undefined;
}
