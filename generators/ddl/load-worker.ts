/**
 * `loadDdl` on a worker thread: PGlite starts from the template dump, the DDL runs there,
 * and catalog queries are answered over messages. Starting PGlite and running the DDL is
 * most of the DDL stage (~1.5 s on a 2-core machine); on the main thread it would wait
 * behind everything else a run does there (loading kysely-codegen, the OpenAPI emitters),
 * on a worker it runs beside them.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { contribModulesFor, ddlLoadError, loadDdl } from './load.js';
import { emptyPgliteDumpTarget, LEAN_CLUSTER } from './pglite-template.js';

/** What the DDL stage needs of a loaded database; an in-process PGlite is one too. */
export interface DdlDatabase {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
  close(): Promise<void>;
}

/**
 * Runs in the worker: plain JavaScript, so it needs no TypeScript loader (loading one
 * again costs more than the thread saves). `DumpBlob` mirrors pglite-template.ts.
 */
const WORKER_SOURCE = `
const { parentPort, threadId, workerData } = require('node:worker_threads');
const { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');
const { PGlite } = require(workerData.pglite);
class DumpBlob extends Blob {
  #data;
  constructor(data) { super([]); this.#data = data; }
  arrayBuffer() {
    const { buffer, byteOffset, byteLength } = this.#data;
    return Promise.resolve(buffer.slice(byteOffset, byteOffset + byteLength));
  }
}
const plain = (err) => ({ message: String((err && err.message) || err), position: err && err.position });
// Write-then-rename, as pglite-template.ts does: other processes may be making it too.
async function keepDump(pg, file) {
  const tmp = file + '.' + process.pid + '-' + threadId + '.tmp';
  try {
    const dump = await pg.dumpDataDir('none');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, file);
  } catch {
    // A read-only install: this run goes on; the next one builds the cluster again.
    try { rmSync(tmp, { force: true }); } catch {}
  }
}
async function start(extensions) {
  const { dump, build } = workerData;
  if (!build) return PGlite.create({ loadDataDir: new DumpBlob(readFileSync(dump)), extensions });
  const pg = await PGlite.create({ initDbStartParams: [...build.initDbStartParams], extensions });
  for (const sql of build.sql) await pg.query(sql);
  await keepDump(pg, dump);
  return pg;
}
async function open() {
  let pg;
  try {
    const extensions = {};
    for (const { key, file } of workerData.extensions) extensions[key] = require(file)[key];
    pg = await start(extensions);
  } catch (err) {
    return { failed: 'start', error: plain(err) };
  }
  try {
    await pg.exec(workerData.ddl);
  } catch (err) {
    return { failed: 'ddl', error: plain(err) };
  }
  parentPort.on('message', async ({ id, sql, params }) => {
    try {
      const { rows, affectedRows } = await pg.query(sql, params);
      parentPort.postMessage({ id, rows, affectedRows });
    } catch (err) {
      parentPort.postMessage({ id, error: plain(err) });
    }
  });
  return {};
}
open().then((opened) => parentPort.postMessage({ id: 'opened', ...opened }));
`;

/** PGlite could not start from the dump on the worker (not a DDL error). */
export class WorkerStartError extends Error {
  override name = 'WorkerStartError';
}

interface Reply {
  id: number | 'opened';
  rows?: unknown[];
  affectedRows?: number;
  failed?: 'start' | 'ddl';
  error?: { message: string; position?: string };
}

/**
 * The DDL applied to a fresh PGlite on a worker thread, started from the dump at `dump`
 * (pglite-template.ts), or with `build` from initdb, the dump then written to `dump` before
 * the DDL runs (the first run after an install: initdb then runs beside the rest of the run
 * instead of before it). Rejects with a DdlLoadError for a DDL Postgres refuses, a
 * WorkerStartError when PGlite could not start. The caller closes it.
 */
export function loadDdlInWorker(
  ddl: string,
  sourceLabel: string,
  dump: string,
  build?: typeof LEAN_CLUSTER,
): Promise<DdlDatabase> {
  const resolve = createRequire(import.meta.url).resolve;
  let extensions;
  try {
    extensions = contribModulesFor(ddl).map(({ key, specifier }) => ({
      key,
      file: resolve(specifier),
    }));
  } catch (err) {
    return Promise.reject(err as Error);
  }
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // require.resolve, not import.meta.resolve: that waits on a TypeScript loader's thread.
    workerData: { pglite: resolve('@electric-sql/pglite'), extensions, dump, build, ddl },
  });
  let next = 0;
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let lost: Error | undefined;
  let isOpen = false;
  const close = async () => {
    await worker.terminate();
  };
  return new Promise<DdlDatabase>((opened, refused) => {
    const fail = (err: Error) => {
      lost ??= err;
      // A thread that dies before PGlite is up is a start failure: the caller loads here.
      refused(isOpen ? err : new WorkerStartError(`DDL worker failed: ${err.message}`));
      for (const job of pending.values()) job.reject(err);
      pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`DDL worker exited (code ${code})`)));
    worker.on('message', (reply: Reply) => {
      if (reply.id === 'opened') {
        if (!reply.failed) {
          // Idle between queries: a caller that forgets to close does not hang the process.
          worker.unref();
          isOpen = true;
          return opened({ query, close });
        }
        void close();
        return refused(
          reply.failed === 'ddl'
            ? ddlLoadError(ddl, sourceLabel, reply.error!)
            : new WorkerStartError(
                `PGlite did not start ${build ? 'to make' : 'from'} ${dump}: ${reply.error!.message}`,
              ),
        );
      }
      const job = pending.get(reply.id);
      if (!job) return;
      pending.delete(reply.id);
      if (pending.size === 0) worker.unref();
      job.resolve(reply);
    });
    const query: DdlDatabase['query'] = async (sql, params) => {
      if (lost) throw lost;
      const id = next++;
      const reply = await new Promise<Reply>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, sql, params });
      });
      if (reply.error) throw Object.assign(new Error(reply.error.message), reply.error);
      return { rows: reply.rows!, affectedRows: reply.affectedRows };
    };
  });
}

/**
 * The DDL loaded on a worker thread, from the template dump or making it there; in this
 * thread when PGlite has no place for the dump or could not start on the worker (`loadDdl`
 * then drops a bad dump and remakes it).
 */
export async function openDdlDatabase(ddl: string, sourceLabel: string): Promise<DdlDatabase> {
  // No await before the worker starts: the thread is running before the caller's next step
  // (loading the OpenAPI side blocks this thread for ~0.3 s).
  const target = emptyPgliteDumpTarget();
  if (target) {
    try {
      return await loadDdlInWorker(
        ddl,
        sourceLabel,
        target.file,
        target.onDisk ? undefined : LEAN_CLUSTER,
      );
    } catch (err) {
      if (!(err instanceof WorkerStartError)) throw err;
    }
  }
  return loadDdl(ddl, sourceLabel);
}
