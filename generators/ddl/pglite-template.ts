/**
 * A fresh, empty PGlite without paying initdb each time. Starting PGlite from nothing runs
 * initdb inside wasm (~2–3 s on a 2-core machine, most of `npm run gen`'s DDL step); loading
 * a dump of a cluster that has just been initialised costs ~0.3 s. The dump is made once per
 * PGlite version and kept next to the installed package (`node_modules/.cache/spec-suite/`),
 * so every later run, test file and process starts from it. A missing, unwritable or
 * unreadable cache only costs the initdb: either way the DDL meets an empty `postgres`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Extensions, PGlite } from '@electric-sql/pglite';

// Loaded on use: a run that starts PGlite on a worker (load-worker.ts) never needs it here.
const pglite = () => import('@electric-sql/pglite');

/** Where the dump lives: `<node_modules>/.cache/spec-suite/pglite-<version>-lean.tar`. */
export function templatePath(): string {
  // The package exports no package.json: find its folder from its entry point.
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const marker = `${path.sep}node_modules${path.sep}@electric-sql${path.sep}pglite${path.sep}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`PGlite is not under node_modules: ${entry}`);
  const nodeModules = entry.slice(0, at + `${path.sep}node_modules`.length);
  const manifest = path.join(nodeModules, '@electric-sql', 'pglite', 'package.json');
  // Synchronous (a few hundred bytes): a DDL worker starts from the dump without waiting on
  // an I/O round trip behind whatever else the run does (load-worker.ts).
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  // `-lean`: the dump's layout (readOrBuild), so an older layout's file is not reused.
  return path.join(nodeModules, '.cache', 'spec-suite', `pglite-${version}-lean.tar`);
}

/**
 * The dump as PGlite's `loadDataDir` wants it (a Blob), over bytes already read. PGlite
 * only calls `arrayBuffer()`, and Node 20's Blob copies its bytes in and then reads them
 * back in chunks (~0.2 s a start for the 40 MB dump this once was).
 */
export class DumpBlob extends Blob {
  readonly #data: Uint8Array;
  constructor(data: Uint8Array) {
    super([]);
    this.#data = data;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    const { buffer, byteOffset, byteLength } = this.#data;
    return Promise.resolve(buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer);
  }
}

/**
 * How the dumped cluster is made (here and on the DDL worker, load-worker.ts). Every start
 * untars the whole dump, so it is kept lean: 1 MB WAL segments instead of 16, and no
 * template0/template1 (a DDL runs in `postgres`): 40 MB → 16 MB, ~0.15 s less per start.
 * Nothing a schema file does needs either. Dropped with SQL, so the catalog stays
 * consistent; the checkpoint leaves nothing to replay at the next start.
 */
export const LEAN_CLUSTER = {
  initDbStartParams: ['--wal-segsize=1'],
  sql: [
    'ALTER DATABASE template0 IS_TEMPLATE false',
    'DROP DATABASE template0',
    'ALTER DATABASE template1 IS_TEMPLATE false',
    'DROP DATABASE template1',
    'CHECKPOINT',
  ],
} as const;

async function readOrBuild(file: string): Promise<Blob | undefined> {
  if (existsSync(file)) {
    try {
      return new DumpBlob(await readFile(file));
    } catch {
      // Unreadable: fall through and rebuild it.
    }
  }
  const { PGlite } = await pglite();
  const pg = await PGlite.create({ initDbStartParams: [...LEAN_CLUSTER.initDbStartParams] });
  try {
    for (const sql of LEAN_CLUSTER.sql) await pg.query(sql);
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
export function pgliteTemplate(file: string | (() => string)) {
  const where = typeof file === 'string' ? () => file : file;
  let dump: Promise<Blob | undefined> | undefined;
  const loaded = () =>
    (dump ??= Promise.resolve()
      .then(() => readOrBuild(where()))
      .catch(() => undefined));
  return {
    /** An empty in-memory PGlite with these contrib extensions available. The caller closes it. */
    async create(extensions: Extensions = {}): Promise<PGlite> {
      const data = await loaded();
      const { PGlite } = await pglite();
      if (data) {
        try {
          return await PGlite.create({ loadDataDir: data, extensions });
        } catch {
          // A dump this PGlite cannot load (e.g. truncated by a crash): drop it, use initdb.
          dump = undefined;
          await rm(where(), { force: true });
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

/**
 * Where the shared dump is or belongs, found without waiting: `onDisk` false means whoever
 * starts PGlite next makes it (load-worker.ts does so on its thread). Undefined when PGlite
 * is not installed under a node_modules (no place to keep it).
 */
export function emptyPgliteDumpTarget(): { file: string; onDisk: boolean } | undefined {
  let file: string;
  try {
    file = templatePath();
  } catch {
    return undefined;
  }
  return { file, onDisk: existsSync(file) };
}
