/**
 * Prettier in a worker thread, so a run keeps emitting (and printing types) on the main
 * thread while files are formatted: prettier is most of a run whose inputs changed, and
 * the machine has a second core. Same prettier module, same options: same output.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Runs in the worker: plain JavaScript, so it needs no TypeScript loader. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const loading = Promise.resolve().then(() => require(workerData.prettier));
parentPort.on('message', async ({ id, source, options }) => {
  try {
    const prettier = await loading;
    parentPort.postMessage({ id, text: await prettier.format(source, options) });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message || err) });
  }
});
`;

export interface Formatter {
  format(source: string, options: object): Promise<string>;
  /** Stops the worker, if one was started. */
  close(): Promise<void>;
}

interface Reply {
  id: number;
  text?: string;
  error?: string;
}

/** A formatter that starts its worker on the first `format` call. */
export function workerFormatter(): Formatter {
  let worker: Worker | undefined;
  let next = 0;
  const pending = new Map<number, { resolve: (s: string) => void; reject: (e: Error) => void }>();
  const start = () => {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      // require.resolve, not import.meta.resolve: that waits on a TypeScript loader's thread.
      workerData: { prettier: createRequire(import.meta.url).resolve('prettier') },
    });
    w.on('message', ({ id, text, error }: Reply) => {
      const job = pending.get(id)!;
      pending.delete(id);
      if (pending.size === 0) w.unref();
      if (error !== undefined) job.reject(new Error(error));
      else job.resolve(text!);
    });
    w.on('error', (err) => {
      for (const job of pending.values()) job.reject(err);
      pending.clear();
      worker = undefined;
    });
    return w;
  };
  return {
    format(source, options) {
      worker ??= start();
      worker.ref();
      const id = next++;
      const done = new Promise<string>((resolve, reject) => pending.set(id, { resolve, reject }));
      worker.postMessage({ id, source, options });
      return done;
    },
    async close() {
      await worker?.terminate();
      worker = undefined;
    },
  };
}
