/**
 * `spec-suite init [DIR]`: scaffolds a contract-first service (see templates.ts), never
 * overwriting a file that exists, then runs `gen` once so the generated code and handler
 * stubs are there from the start.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mainModule, SAMPLE_SPEC, scripts, SPECTRAL, TSCONFIG } from './templates.js';

export const initUsage = `Usage: spec-suite init [DIR] [--runtime SPEC] [--no-gen]

  DIR             where to scaffold (default: the current directory)
  --runtime SPEC  how generated code imports the spec-suite runtime
                  (default: this package's name + /runtime)
  --no-gen        only write the files; run \`npm run gen\` later
`;

export interface InitIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** Runs `gen` (the pipeline), injected so this module stays free of the emitters. */
  gen?: (opts: { cwd: string; runtimeImport: string }) => Promise<string[]>;
}

interface OwnPackage {
  name?: string;
  private?: boolean;
  dependencies?: Record<string, string>;
}

/** The toolkit's own manifest: its name (scaffolds import the runtime through its exports). */
async function ownPackage(): Promise<OwnPackage> {
  const file = new URL('../../package.json', import.meta.url);
  if (!existsSync(file)) return {};
  return JSON.parse(await readFile(file, 'utf8')) as OwnPackage;
}

/** Libraries generated code imports directly: the service depends on them itself. */
const GENERATED_CODE_IMPORTS: Record<string, string> = {
  hono: '^4.13.19',
  zod: '^4.6.7',
  'openapi-fetch': '^0.17.0',
  '@hono/node-server': '^1.19.19',
};

export async function initCommand(argv: string[], io: InitIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        runtime: { type: 'string' },
        'no-gen': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.stderr(`spec-suite init: ${(e as Error).message}\n\n${initUsage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(initUsage);
    return 0;
  }
  if (positionals.length > 1) {
    io.stderr(`spec-suite init: one directory at most\n\n${initUsage}`);
    return 2;
  }
  const dir = path.resolve(io.cwd, positionals[0] ?? '.');
  const own = await ownPackage();
  const pkgName = own.private ? undefined : own.name;
  const runtimeImport = values.runtime ?? `${pkgName ?? '@jobboard/spec-suite'}/runtime`;
  const files: Record<string, string> = {
    'openapi/api-spec.yaml': SAMPLE_SPEC,
    'spectral.yaml': SPECTRAL,
    'tsconfig.json': TSCONFIG,
    'src/main.ts': mainModule(runtimeImport),
  };
  await mkdir(dir, { recursive: true });
  for (const [rel, contents] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    if (existsSync(abs)) {
      io.stdout(`kept     ${rel} (exists)\n`);
      continue;
    }
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, contents);
    io.stdout(`created  ${rel}\n`);
  }
  await writePackageJson(dir, runtimeImport, pkgName, own.dependencies ?? {}, io);
  if (!values['no-gen'] && io.gen) {
    const report = await io.gen({ cwd: dir, runtimeImport });
    io.stdout(`${report.join('\n')}\n`);
  }
  io.stdout(
    `\nNext: npm install && npm run typecheck && npx tsx src/main.ts (or npm run build && npm start)\n`,
  );
  return 0;
}

/** Adds the scripts and dependencies to package.json, keeping whatever is already there. */
async function writePackageJson(
  dir: string,
  runtimeImport: string,
  pkgName: string | undefined,
  ownDeps: Record<string, string>,
  io: InitIO,
): Promise<void> {
  const file = path.join(dir, 'package.json');
  const existed = existsSync(file);
  const existing = existed
    ? (JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>)
    : { name: path.basename(dir), version: '0.1.0', private: true };
  const pkg: Record<string, unknown> = { type: 'module', ...existing };
  const merge = (key: string, add: Record<string, string>) => {
    const now = (pkg[key] as Record<string, string> | undefined) ?? {};
    pkg[key] = { ...add, ...now };
  };
  merge('scripts', scripts(runtimeImport));
  merge(
    'dependencies',
    Object.fromEntries(
      Object.entries(GENERATED_CODE_IMPORTS).map(([name, v]) => [name, ownDeps[name] ?? v]),
    ),
  );
  merge('devDependencies', { typescript: '^5.9.3', '@types/node': '^20.19.43' });
  if (pkgName) {
    const deps = { ...(pkg.dependencies as Record<string, string>) };
    const dev = (pkg.devDependencies as Record<string, string>) ?? {};
    if (!(pkgName in deps) && !(pkgName in dev))
      io.stdout(`note: add ${pkgName} to dependencies\n`);
  }
  await writeFile(file, `${JSON.stringify(pkg, null, 2)}\n`);
  io.stdout(`${existed ? 'updated ' : 'created '} package.json (scripts, dependencies)\n`);
}
