/**
 * Robustness harness: the FULL pipeline (`runGen`, the function behind `spec-suite gen`)
 * into a throwaway folder per spec (generated/, handler stubs, deps.ts), plus a `boot.ts`
 * that wires the stubs into the generated `createApi` the way an app does. tsc checks all
 * of it; the suite imports `boot.ts` and drives the app.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ApiIR } from '../../generators/openapi/ir.js';
import { importSpecifier, runGen } from '../../generators/pipeline.js';
import type { SpecCase } from './specs.js';

const run = promisify(execFile);

/** Per process, so two test runs sharing the checkout never write into each other. */
export const ROOT = path.resolve('.tmp', 'robustness', `run-${process.pid}`);
const RUNTIME_DIR = path.resolve('runtime');

export interface GeneratedSpec extends SpecCase {
  dir: string;
  ir: ApiIR;
  /** Wall time of runGen (load, every emitter, formatting, writing, stubs). */
  seconds: number;
  /** Bytes of the generated files (stubs excluded). */
  bytes: number;
  files: number;
}

/**
 * Type-checks the whole chain: stubs satisfy `Handlers`, `createApi` accepts them with an
 * `AuthHooks` for the stubs' principal type. Also what the suite imports to boot the app.
 */
function bootModule(runtimeImport: string): string {
  return `import type { AuthHooks } from '${runtimeImport}/contract.js';
import type { RuntimeLogger } from '${runtimeImport}/create-api.js';
import type { AppPrincipal } from './deps.js';
import { createApi } from './generated/openapi/routes.js';
import { createHandlers } from './handlers/index.js';

export { operationTable, serverBasePath } from './generated/openapi/routes.js';

/** Auth test double: every credential is a principal allowed everything. */
const auth: AuthHooks<AppPrincipal> = {
  authenticate: async () => ({ ok: true, principal: { subject: 'robustness' } }),
  authorize: () => true,
};

export function boot(logger: RuntimeLogger) {
  return createApi(createHandlers({}), { auth, validateResponses: true, logger });
}
`;
}

export async function generateFull(spec: SpecCase, root = ROOT): Promise<GeneratedSpec> {
  const dir = path.join(root, spec.slug);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const result = await runGen({
    specPath: path.resolve(spec.file),
    outDir: path.join(dir, 'generated'),
    handlersDir: path.join(dir, 'handlers'),
    cwd: dir,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (!result.ir) throw new Error(`${spec.slug}: runGen returned no IR`);
  writeFileSync(path.join(dir, 'boot.ts'), bootModule(importSpecifier(dir, RUNTIME_DIR)));
  return {
    ...spec,
    dir,
    ir: result.ir,
    seconds,
    bytes: result.files.reduce((n, f) => n + Buffer.byteLength(f.contents), 0),
    files: result.files.length,
  };
}

/** Every file under `dir` (relative path → contents), for byte-for-byte comparison. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  for (const e of entries.filter((x) => x.isFile()).sort((a, b) => cmp(a, b))) {
    const abs = path.join(e.parentPath, e.name);
    out.set(path.relative(dir, abs), readFileSync(abs, 'utf8'));
  }
  return out;
}
const cmp = (a: { parentPath: string; name: string }, b: { parentPath: string; name: string }) => {
  const x = path.join(a.parentPath, a.name);
  const y = path.join(b.parentPath, b.name);
  return x < y ? -1 : x > y ? 1 : 0;
};

export interface TscResult {
  ok: boolean;
  /** Diagnostics, trimmed to 20 000 characters. */
  output: string;
  seconds: number;
  /** Peak resident memory in MB, from /usr/bin/time when available. */
  peakMb?: number;
  /** tsc's own counts (--extendedDiagnostics): machine-independent, unlike time. */
  types?: number;
  instantiations?: number;
}

/** One `tsc --noEmit` over the given folders, with the repo's compiler settings. */
export async function typecheck(dirs: string[], name: string, root = ROOT): Promise<TscResult> {
  const tsconfig = path.join(root, `tsconfig.${name}.json`);
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023', 'DOM'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        types: ['node'],
      },
      include: dirs.map((d) => `${path.relative(root, d)}/**/*.ts`),
    }),
  );
  const tsc = path.resolve('node_modules', 'typescript', 'bin', 'tsc');
  // tsc on GitHub's output needs more than node's default old-space limit on small boxes.
  const node = [
    process.execPath,
    '--max-old-space-size=4096',
    tsc,
    '-p',
    tsconfig,
    '--extendedDiagnostics',
  ];
  const cmd = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', 'PEAK_KB=%M', ...node] : node;
  const t0 = performance.now();
  try {
    const { stdout, stderr } = await run(cmd[0]!, cmd.slice(1), {
      maxBuffer: 64 * 1024 * 1024,
    });
    return {
      ok: true,
      output: '',
      seconds: (performance.now() - t0) / 1000,
      peakMb: peakMb(stderr),
      types: count(stdout, 'Types'),
      instantiations: count(stdout, 'Instantiations'),
    };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return {
      ok: false,
      output: `${diagnostics(err.stdout ?? '')}${timeLines(err.stderr ?? '')}`.slice(0, 20_000),
      seconds: (performance.now() - t0) / 1000,
      peakMb: peakMb(err.stderr ?? ''),
    };
  }
}

/** stderr without /usr/bin/time's own lines. */
const timeLines = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => !/^(PEAK_KB=|Command exited with)/.test(l))
    .join('\n');

/** stdout without the --extendedDiagnostics table (`Name:   value` lines). */
const diagnostics = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => !/^[A-Za-z][\w /-]*:\s+\S+$/.test(l))
    .join('\n');

function count(stdout: string, name: string): number | undefined {
  const m = new RegExp(`^${name}:\\s+(\\d+)$`, 'm').exec(stdout);
  return m ? Number(m[1]) : undefined;
}

function peakMb(stderr: string): number | undefined {
  const m = /PEAK_KB=(\d+)/.exec(stderr);
  return m ? Math.round(Number(m[1]) / 1024) : undefined;
}
