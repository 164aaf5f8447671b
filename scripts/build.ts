/**
 * `npm run build`: the production build. Transpiles the server (app/, runtime/,
 * generated/), the database commands (scripts/db-*.ts) and the generator modules they
 * import to JavaScript under dist/, one file per source file, so production runs plain
 * `node dist/app/main.js` with no TypeScript loader. Type checking is `npm run typecheck`'s
 * job; esbuild only strips types (tsconfig has `isolatedModules`, so that is safe).
 *
 * dist/ is self-contained for the files the server reads at run time: db/schema.sql and
 * db/migrations/ are copied to dist/db/, because app/db/client.ts resolves the
 * repository root as `../..` from its own file, which in the build output is dist/.
 * Packages (swagger-ui-dist, PGlite's wasm) still come from node_modules/.
 */
import { cp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Source folders compiled whole (tests excepted; test kits live under test/support/). */
const SOURCE_DIRS = ['app', 'runtime', 'generated', 'generators'];
/** Operational commands shipped in the image (`node dist/scripts/db-migrate.js`). */
const SCRIPTS = ['scripts/db-migrate.ts', 'scripts/db-check.ts', 'scripts/with-pg-client.ts'];

export function isShipped(relPath: string): boolean {
  const p = relPath.split(path.sep).join('/');
  return p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts');
}

async function sources(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .filter(isShipped);
}

export async function entryPoints(root = ROOT): Promise<string[]> {
  const found = await Promise.all(SOURCE_DIRS.map((d) => sources(root, d)));
  return [...found.flat(), ...SCRIPTS].sort();
}

export async function buildDist(root = ROOT, outDir = path.join(root, 'dist')): Promise<number> {
  await rm(outDir, { recursive: true, force: true });
  const entries = await entryPoints(root);
  await build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir: outDir,
    outbase: root,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    bundle: false,
    sourcemap: true,
    logLevel: 'warning',
  });
  await cp(path.join(root, 'db', 'schema.sql'), path.join(outDir, 'db', 'schema.sql'));
  await cp(path.join(root, 'db', 'migrations'), path.join(outDir, 'db', 'migrations'), {
    recursive: true,
  });
  return entries.length;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  const files = await buildDist();
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`build: ${files} files → dist/ in ${ms} ms\n`);
}
