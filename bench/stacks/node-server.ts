import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { StackServer } from '../shared.js';

/** Serves a fetch handler with @hono/node-server on 127.0.0.1, port 0. */
export async function serveFetch(fetch: (req: Request) => Response | Promise<Response>) {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } satisfies StackServer;
}
