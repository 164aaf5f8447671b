/**
 * Builds the installable toolkit package (`npm run pack:toolkit`): generators/ and runtime/
 * compiled to JavaScript (consumers have no tsx), runtime declarations for their tsc, a bin
 * that needs no TypeScript loader, and a manifest of its own. The root package.json is the
 * job-board app's (private, with the app's database, auth and metrics libraries); the
 * toolkit's manifest lists only what the generators and the runtime import.
 *
 *   tsx scripts/pack-toolkit.ts [--out DIR] [--no-pack]   → DIR/package, DIR/<name>-<v>.tgz
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { transformSync } from 'esbuild';

export const PACKAGE_NAME = '@jobboard/spec-suite';

const ROOT = path.resolve(import.meta.dirname, '..');
const rootPkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const version = (name: string): string => {
  const v = rootPkg.dependencies[name] ?? rootPkg.devDependencies[name];
  if (!v) throw new Error(`pack-toolkit: ${name} is not in the root package.json`);
  return v;
};

/** The generators' own needs (OpenAPI side) and what generated code imports at run time. */
const DEPENDENCIES = [
  '@redocly/openapi-core',
  'openapi-typescript',
  'typescript',
  'prettier',
  'yaml',
  'diff',
  'hono',
  'zod',
  'openapi-fetch',
];
/** Only `gen --ddl` needs these (loaded lazily): optional peers, not installed by default. */
const DDL_PEERS = ['@electric-sql/pglite', 'kysely', 'kysely-codegen', 'drizzle-orm'];

const isSource = (f: string) =>
  f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter(isSource)
    .map((f) => path.join(dir, f))
    .sort();
}

const BIN = `#!/usr/bin/env node
// spec-suite, prebuilt: gen | diff | init (see README.md).
const args = process.argv.slice(2);
if (args[0] === 'diff') {
  const { diffCommand } = await import('../generators/diff/command.js');
  process.exitCode = await diffCommand(args.slice(1));
} else {
  const { main } = await import('../generators/cli.js');
  process.exitCode = await main(args);
}
`;

export function build(outDir: string): string {
  const pkgDir = path.join(outDir, 'package');
  rmSync(pkgDir, { recursive: true, force: true });
  mkdirSync(pkgDir, { recursive: true });
  const files = [...sources('generators'), ...sources('runtime')];
  for (const rel of files) {
    const code = readFileSync(path.join(ROOT, rel), 'utf8');
    const out = transformSync(code, {
      loader: 'ts',
      format: 'esm',
      target: 'node20',
      sourcefile: rel,
    });
    const target = path.join(pkgDir, rel.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, out.code);
  }
  // Declarations for the runtime: generated code in a consumer's project is type-checked
  // against them (exports map below).
  const tsconfig = path.join(outDir, 'tsconfig.runtime.json');
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
        declaration: true,
        emitDeclarationOnly: true,
        rootDir: path.join(ROOT, 'runtime'),
        outDir: path.join(pkgDir, 'runtime'),
        types: ['node'],
        typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      },
      files: sources('runtime').map((f) => path.join(ROOT, f)),
    }),
  );
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', tsconfig],
    {
      stdio: 'inherit',
    },
  );
  mkdirSync(path.join(pkgDir, 'bin'));
  writeFileSync(path.join(pkgDir, 'bin', 'spec-suite.mjs'), BIN, { mode: 0o755 });
  cpSync(path.join(ROOT, 'docs', 'spec-diff.md'), path.join(pkgDir, 'docs', 'spec-diff.md'));
  writeFileSync(path.join(pkgDir, 'README.md'), packageReadme());
  const manifest = {
    name: PACKAGE_NAME,
    version: rootPkg.version,
    description:
      'Contract-first TypeScript APIs: OpenAPI → types, validators, routes, handler stubs; breaking-change diff',
    type: 'module',
    license: 'MIT',
    engines: rootPkg.engines,
    bin: { 'spec-suite': './bin/spec-suite.mjs' },
    exports: {
      './runtime/*.js': { types: './runtime/*.d.ts', default: './runtime/*.js' },
      './package.json': './package.json',
    },
    files: ['bin', 'generators', 'runtime', 'docs', 'README.md'],
    dependencies: Object.fromEntries(DEPENDENCIES.map((d) => [d, version(d)])),
    peerDependencies: Object.fromEntries(DDL_PEERS.map((d) => [d, version(d)])),
    peerDependenciesMeta: Object.fromEntries(DDL_PEERS.map((d) => [d, { optional: true }])),
  };
  writeFileSync(path.join(pkgDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return pkgDir;
}

function packageReadme(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Using the toolkit in your own service');
  const section = start >= 0 ? readme.slice(start).split(/\n## (?!#)/)[0] : '';
  return `# ${PACKAGE_NAME}\n\n${section.replace(/^## [^\n]*\n/, '')}\nSee docs/spec-diff.md for every check of \`spec-suite diff\`.\n`;
}

export function pack(pkgDir: string, outDir: string): string {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], {
    cwd: pkgDir,
    encoding: 'utf8',
  });
  const [info] = JSON.parse(out) as { filename: string }[];
  return path.join(outDir, info!.filename);
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, 'no-pack': { type: 'boolean', default: false } },
  });
  const outDir = path.resolve(values.out ?? path.join(ROOT, '.tmp', 'toolkit'));
  const pkgDir = build(outDir);
  console.log(`built ${path.relative(ROOT, pkgDir)}`);
  if (!values['no-pack']) console.log(`packed ${pack(pkgDir, outDir)}`);
}
