/**
 * What every cached generator result depends on besides its own input: the toolkit's code
 * (every file under generators/ and runtime/, which the generators import) and the packages
 * installed for it (direct versions, plus npm's record of the whole installed tree, which
 * changes with any install). Change any of them and every cache key changes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TOOLKIT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TREES = ['generators', 'runtime'];

/**
 * Test files and scratch folders (`.tmp/`, which tests fill while they run) are never
 * imported by a run, so they do not count: editing a test keeps the cache.
 */
const isCode = (rel: string) =>
  !rel.endsWith('.test.ts') && !rel.split('/').some((s) => s.startsWith('.'));

function treeFiles(root: string, dir: string): string[] {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  const entries = readdirSync(abs, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter(isCode)
    .sort();
}

/** `node_modules/<rel>` as Node would find it from `root` (nearest first), or undefined. */
function inNodeModules(root: string, rel: string): string | undefined {
  for (let dir = root; ;) {
    const file = path.join(dir, 'node_modules', rel);
    if (existsSync(file)) return readFileSync(file, 'utf8');
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/**
 * The fingerprint of the toolkit at `root` as installed (pure apart from reading files).
 * Synchronous: ~100 small files, read before the run's heavy work rather than between it.
 */
export function computeFingerprint(root: string): string {
  const hash = createHash('sha256').update(`node ${process.version}\n`);
  for (const tree of TREES) {
    for (const rel of treeFiles(root, tree)) {
      hash
        .update(`${rel}\0`)
        .update(readFileSync(path.join(root, rel)))
        .update('\0');
    }
  }
  const own = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const names = Object.keys({ ...own.dependencies, ...own.devDependencies }).sort();
  for (const name of names) {
    const manifest = inNodeModules(root, `${name}/package.json`);
    const version = manifest ? (JSON.parse(manifest) as { version?: string }).version : 'absent';
    hash.update(`${name}@${version}\n`);
  }
  hash.update(inNodeModules(root, '.package-lock.json') ?? 'no installed tree record');
  return hash.digest('hex');
}

let memo: string | undefined;

/**
 * The running toolkit's fingerprint, computed once per process: a process keeps the code it
 * loaded, so files edited under it later must not vouch for what it computes.
 */
export function toolkitFingerprint(): string {
  memo ??= computeFingerprint(TOOLKIT_ROOT);
  return memo;
}
