/**
 * Graceful shutdown on a real socket, in process: readiness flips first, the server keeps
 * serving through the drain delay, in-flight requests finish, idle keep-alive connections
 * close, resources close last; a deadline that cuts a request off gives exit code 1.
 * The whole process (signals, `npm start`) is tested in test/e2e/shutdown.test.ts.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from './telemetry/logger.js';
import { createNodeServer, type NodeServer } from './http/node-server.js';
import { createShutdown, type ShutdownOptions } from './shutdown.js';

interface Harness {
  node: NodeServer;
  port: number;
  /** Resolves the pending /slow requests. */
  release: () => void;
  events: string[];
}

let open: NodeServer[] = [];
afterEach(() => {
  for (const n of open) {
    n.server.closeAllConnections();
    if (n.server.listening) n.server.close();
  }
  open = [];
});

async function harness(): Promise<Harness> {
  let release!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  const events: string[] = [];
  const app = new Hono();
  app.get('/fast', (c) => c.json({ ok: true }));
  app.get('/slow', async (c) => {
    await gate;
    events.push('slow answered');
    return c.json({ ok: 'slow' });
  });
  const node = createNodeServer(app.fetch, { errorHeaders: {} });
  open.push(node);
  node.server.listen(0, '127.0.0.1');
  await once(node.server, 'listening');
  return {
    node,
    port: (node.server.address() as AddressInfo).port,
    release: () => {
      release();
      gate = Promise.resolve();
    },
    events,
  };
}

function get(
  port: number,
  path: string,
  agent?: http.Agent,
): Promise<{ status: number; connection?: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () =>
          resolve({ status: res.statusCode!, connection: res.headers.connection, body }),
        );
      })
      .on('error', reject);
  });
}

function shutdownOf(h: Harness, overrides: Partial<ShutdownOptions> = {}) {
  return createShutdown({
    server: h.node,
    drainMs: 0,
    graceMs: 5000,
    closeResources: async () => {
      h.events.push('resources closed');
    },
    logger: silentLogger,
    sweepMs: 20,
    ...overrides,
  });
}

describe('createShutdown', () => {
  it('drains: not ready at once, serves during the delay, finishes in-flight work, then closes resources', async () => {
    const h = await harness();
    const agent = new http.Agent({ keepAlive: true });
    try {
      const slow = get(h.port, '/slow', agent);
      await new Promise((r) => setTimeout(r, 50)); // the request is in flight
      const shutdown = shutdownOf(h, { drainMs: 300 });
      expect(shutdown.draining()).toBe(false);
      const code = shutdown.begin('SIGTERM');
      expect(shutdown.draining()).toBe(true);
      expect(shutdown.begin('SIGINT')).toBe(code); // one shutdown, whatever the signals

      // During the drain delay: new connections are served, told to close.
      const during = await get(h.port, '/fast');
      expect(during).toMatchObject({ status: 200, connection: 'close' });

      await new Promise((r) => setTimeout(r, 450)); // past the drain delay
      await expect(get(h.port, '/fast')).rejects.toMatchObject({ code: 'ECONNREFUSED' });

      h.release();
      expect(await slow).toMatchObject({ status: 200, connection: 'close' });
      expect(await code).toBe(0);
      expect(h.events).toEqual(['slow answered', 'resources closed']);
    } finally {
      agent.destroy();
    }
  });

  it('closes idle keep-alive connections without waiting for their timeout', async () => {
    const h = await harness();
    const agent = new http.Agent({ keepAlive: true });
    try {
      expect((await get(h.port, '/fast', agent)).connection).toBe('keep-alive');
      const socket = Object.values(agent.freeSockets)[0]![0]!;
      const closed = once(socket, 'close');
      const started = Date.now();
      expect(await shutdownOf(h).begin('SIGTERM')).toBe(0);
      await closed;
      // Node's keep-alive timeout is 5 s; the sweep does not wait for it.
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      agent.destroy();
    }
  });

  it('a request still running at the deadline is cut off: exit code 1, resources still closed', async () => {
    const h = await harness();
    const slow = get(h.port, '/slow');
    slow.catch(() => {});
    await new Promise((r) => setTimeout(r, 50));
    const code = await shutdownOf(h, { graceMs: 300 }).begin('SIGTERM');
    expect(code).toBe(1);
    await expect(slow).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(h.events).toEqual(['resources closed']);
    h.release();
  });

  it.each([
    ['fails', () => Promise.reject(new Error('boom'))],
    ['hangs', () => new Promise<void>(() => {})],
  ])('closing resources that %s gives exit code 1', async (_name, closeResources) => {
    const h = await harness();
    const code = await shutdownOf(h, { closeResources, closeTimeoutMs: 100 }).begin('SIGTERM');
    expect(code).toBe(1);
  });
});
