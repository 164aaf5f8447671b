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
  let closed = false;
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
    // A crash or an exit fails the jobs in flight; the next job starts a new worker.
    const fail = (err: Error) => {
      for (const job of pending.values()) job.reject(err);
      pending.clear();
      if (worker === w) worker = undefined;
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`formatting worker exited (code ${code})`)));
    return w;
  };
  return {
    format(source, options) {
      // A stage still running after its run failed gets no new thread.
      if (closed) return Promise.reject(new Error('formatting worker closed'));
      worker ??= start();
      worker.ref();
      const id = next++;
      const done = new Promise<string>((resolve, reject) => pending.set(id, { resolve, reject }));
      worker.postMessage({ id, source, options });
      return done;
    },
    async close() {
      closed = true;
      await worker?.terminate();
      worker = undefined;
    },
  };
}
