/**
 * A fresh, empty PGlite without paying initdb each time. Starting PGlite from nothing runs
 * initdb inside wasm (~2–3 s on a 2-core machine, most of `npm run gen`'s DDL step); loading
 * a dump of a cluster that has just been initialised costs ~0.3 s. The dump is made once per
 * PGlite version and kept next to the installed package (`node_modules/.cache/spec-suite/`),
 * so every later run, test file and process starts from it. A missing, unwritable or
 * unreadable cache only costs the initdb: the result is the same empty cluster.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite, type Extensions } from '@electric-sql/pglite';

/** Where the dump lives: `<node_modules>/.cache/spec-suite/pglite-<version>.tar`. */
export async function templatePath(): Promise<string> {
  // The package exports no package.json: find its folder from its entry point.
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const marker = `${path.sep}node_modules${path.sep}@electric-sql${path.sep}pglite${path.sep}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`PGlite is not under node_modules: ${entry}`);
  const nodeModules = entry.slice(0, at + `${path.sep}node_modules`.length);
  const manifest = path.join(nodeModules, '@electric-sql', 'pglite', 'package.json');
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
  return path.join(nodeModules, '.cache', 'spec-suite', `pglite-${version}.tar`);
}

async function readOrBuild(file: string): Promise<Blob | undefined> {
  if (existsSync(file)) {
    try {
      return new Blob([await readFile(file)]);
    } catch {
      // Unreadable: fall through and rebuild it.
    }
  }
  const pg = await PGlite.create();
  try {
    const dump = await pg.dumpDataDir('none');
    try {
      // Write-then-rename: parallel processes (test workers, a watch run) may race here.
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
      await rename(tmp, file).catch(async (err: unknown) => {
        await rm(tmp, { force: true });
        throw err;
      });
    } catch {
      // A read-only install: this process still reuses the dump in memory.
    }
    return dump;
  } finally {
    await pg.close();
  }
}

/** Empty PGlite clusters started from the dump in `file` (made on first use). */
export function pgliteTemplate(file: string | (() => Promise<string>)) {
  const where = typeof file === 'string' ? () => Promise.resolve(file) : file;
  let dump: Promise<Blob | undefined> | undefined;
  return {
    /** An empty in-memory PGlite with these contrib extensions available. The caller closes it. */
    async create(extensions: Extensions = {}): Promise<PGlite> {
      dump ??= where()
        .then(readOrBuild)
        .catch(() => undefined);
      const data = await dump;
      if (data) {
        try {
          return await PGlite.create({ loadDataDir: data, extensions });
        } catch {
          // A dump this PGlite cannot load (e.g. truncated by a crash): drop it, use initdb.
          dump = undefined;
          await rm(await where(), { force: true });
        }
      }
      return PGlite.create({ extensions });
    },
  };
}

// Resolved on first use, not on import: importing the generators does no I/O.
const shared = pgliteTemplate(templatePath);

/** An empty in-memory PGlite with these contrib extensions available. The caller closes it. */
export function createEmptyPglite(extensions: Extensions = {}): Promise<PGlite> {
  return shared.create(extensions);
}
