/**
 * Graceful shutdown on SIGTERM/SIGINT (POL-O-001), in this order:
 *
 * 1. Readiness fails (`draining()` is true: `/api/v1/ready` answers 503) and every
 *    response from now on says `Connection: close`, so load balancers and keep-alive
 *    clients move elsewhere.
 * 2. For `drainMs` the server keeps accepting and serving as usual: a load balancer needs
 *    a few probe periods to notice, and requests it still routes here must not fail.
 * 3. The listener closes, once the kernel's accept queue is empty. Every request already
 *    received finishes, including ones whose bytes arrived but are not parsed yet: idle
 *    connections are closed only right after the event loop has read its sockets, and
 *    again as they fall idle.
 * 4. When the last connection is gone, `closeResources` (stores, then the database) runs
 *    and the exit code is 0.
 * 5. If connections are still open `graceMs` after the signal, they are destroyed and the
 *    exit code is 1: some request was cut off, and the orchestrator should know.
 */
import type { NodeServer } from './http/node-server.js';
import type { Logger } from './telemetry/logger.js';

export interface ShutdownOptions {
  server: NodeServer;
  /** Milliseconds between the signal and closing the listener. */
  drainMs: number;
  /** Milliseconds between the signal and destroying connections still open. */
  graceMs: number;
  /** Stores and the database, once no request can use them any more. */
  closeResources: () => Promise<void>;
  logger: Logger;
  /** How often connections that fell idle are closed while waiting (default 100 ms). */
  sweepMs?: number;
  /** Extra time `closeResources` gets after a forced close before giving up (default 5 s). */
  closeTimeoutMs?: number;
}

export interface Shutdown {
  /** True from the first signal on: readiness reports not ready. */
  draining(): boolean;
  /** Starts the shutdown (idempotent); resolves to the process exit code. */
  begin(reason: string): Promise<0 | 1>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

export function createShutdown(options: ShutdownOptions): Shutdown {
  const { server: node, logger } = options;
  const { server } = node;
  let started: Promise<0 | 1> | undefined;

  async function run(reason: string): Promise<0 | 1> {
    const t0 = Date.now();
    logger.info('shutting down', {
      reason,
      drainMs: options.drainMs,
      graceMs: options.graceMs,
      inFlight: node.inFlight(),
    });
    node.stopKeepAlive();

    let forced = false;
    let accepted = 0;
    let acceptedWhileClosing = 0;
    const onConnection = () => {
      accepted++;
    };
    server.on('connection', onConnection);
    let deadline: NodeJS.Timeout | undefined;
    const closed = new Promise<void>((resolve) => {
      deadline = setTimeout(() => {
        forced = true;
        logger.warn('shutdown deadline reached; closing connections still open', {
          graceMs: options.graceMs,
          inFlight: node.inFlight(),
        });
        server.closeAllConnections();
      }, options.graceMs);

      void sleep(options.drainMs).then(async () => {
        // Closing the listener resets every connection still in the kernel's accept queue,
        // though its client has sent the request. So it closes only after an event-loop
        // turn whose poll phase accepted nothing (the queue was empty), in the check phase
        // right after it, when bytes that arrived on open connections have been read too.
        let turns = 0;
        do {
          accepted = 0;
          await sleep(0);
          await nextTurn();
          turns++;
          acceptedWhileClosing += accepted;
        } while (accepted > 0 && !forced);
        logger.debug('accept queue empty', { turns, acceptedWhileClosing });
        if (!server.listening) return resolve();
        server.close(() => resolve());
        logger.info('stopped accepting connections', {
          inFlight: node.inFlight(),
          acceptedWhileClosing,
        });
        // Connections whose last response went out before step 1 stay open as keep-alive;
        // close each once idle, again only right after the loop has read the sockets.
        const sweep = setInterval(() => {
          setImmediate(() => server.closeIdleConnections());
        }, options.sweepMs ?? 100);
        server.once('close', () => clearInterval(sweep));
      });
    });
    await closed;
    clearTimeout(deadline);
    server.off('connection', onConnection);

    let failed = false;
    const closeTimeoutMs = options.closeTimeoutMs ?? 5000;
    const resources = options.closeResources().catch((e: unknown) => {
      failed = true;
      logger.error('closing stores and database failed', { error: (e as Error).message });
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      resources.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), closeTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      failed = true;
      logger.error('closing stores and database timed out', { closeTimeoutMs });
    }
    const code = forced || failed ? 1 : 0;
    logger.info('shut down', { exitCode: code, forced, ms: Date.now() - t0 });
    return code;
  }

  return {
    draining: () => started !== undefined,
    begin(reason) {
      // A terminal's Ctrl+C reaches npm and the server, and npm forwards it again: one
      // shutdown, whatever the number of signals.
      started ??= run(reason);
      return started;
    },
  };
}
