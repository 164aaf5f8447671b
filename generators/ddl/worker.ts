/**
 * The DDL stage in a worker thread. PGlite's wasm is ~2 s of CPU when the stage is not
 * cached (a first run, CI, any change to the generators); on its own thread it overlaps
 * the OpenAPI stage on the second core instead of following it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GeneratedFile } from '../emit/files.js';
import type { DdlOptions } from './index.js';

/**
 * Runs in the worker. Loader hooks are per thread: when the toolkit runs from its
 * TypeScript sources (this repository), the worker registers tsx itself.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  if (workerData.loader) (await import(workerData.loader)).register();
  const { ddlSources } = await import(workerData.entry);
  return (await ddlSources(workerData.opts)).files;
})().then(
  (files) => parentPort.postMessage({ files }),
  (err) => parentPort.postMessage({ error: String((err && err.message) || err) }),
);
`;

interface Reply {
  files?: GeneratedFile[];
  error?: string;
}

/**
 * tsx's ESM API entry, read from its exports map (require.resolve would give the CommonJS
 * build, which cannot register from an eval'd worker; import.meta.resolve waits on the
 * loader thread, busy at this point of a run).
 */
function tsxEsmApi(from: string): string {
  const manifest = createRequire(from).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api']!.import.default))
    .href;
}

/** ddlSources (index.ts) on its own thread: the DDL's outputs, stamped, not formatted. */
export async function ddlSourcesInWorker(opts: DdlOptions): Promise<GeneratedFile[]> {
  const self = fileURLToPath(import.meta.url);
  const ext = path.extname(self); // .ts from the sources, .js when built
  const sibling = (rel: string) => new URL(`${rel}${ext}`, import.meta.url).href;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      loader: ext === '.ts' ? tsxEsmApi(self) : undefined,
      entry: sibling('./index'),
      opts,
    },
  });
  try {
    const reply = await new Promise<Reply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`DDL worker exited with code ${code}`)));
    });
    if (reply.error !== undefined) throw new Error(reply.error);
    return reply.files!;
  } finally {
    await worker.terminate();
  }
}
