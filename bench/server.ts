/**
 * One benchmarked stack in its own process (forked by bench/run.ts, so autocannon in the
 * parent never shares an event loop with a server). Tells the parent its port over IPC.
 */
import { keyRingFromEnv, type StackServer } from './shared.js';

export const STACKS = {
  a: { label: 'bare Hono (hand routes)' },
  b: { label: 'createApi (responses unchecked)' },
  b2: { label: 'createApi (responses validated)' },
  b3: { label: 'createApi + verified-token cache' },
  c: { label: 'Fastify + fastify-openapi-glue' },
  d: { label: 'Express + express-openapi-validator' },
  e: { label: '@hono/zod-openapi + generated zod' },
} as const;

export type StackId = keyof typeof STACKS;

export type ChildMessage = { type: 'ready'; port: number } | { type: 'failed'; error: string };

async function startStack(id: StackId): Promise<StackServer> {
  const ctx = { keys: keyRingFromEnv() };
  switch (id) {
    case 'a':
      return (await import('./stacks/hono-bare.js')).start(ctx);
    case 'b':
      return (await import('./stacks/generated.js')).start(ctx, false);
    case 'b2':
      return (await import('./stacks/generated.js')).start(ctx, true);
    case 'b3':
      return (await import('./stacks/generated.js')).start(ctx, false, true);
    case 'c':
      return (await import('./stacks/fastify.js')).start(ctx);
    case 'd':
      return (await import('./stacks/express.js')).start(ctx);
    case 'e':
      return (await import('./stacks/zod-openapi.js')).start(ctx);
  }
}

async function main(id: string) {
  if (!(id in STACKS)) throw new Error(`unknown stack ${id}`);
  const server = await startStack(id as StackId);
  process.send!({ type: 'ready', port: server.port } satisfies ChildMessage);
  // The parent going away (normally or not) ends this server.
  process.on('disconnect', () => void server.close().finally(() => process.exit(0)));
}

if (process.send && process.env.BENCH_STACK) {
  main(process.env.BENCH_STACK).catch((err: unknown) => {
    process.send!({
      type: 'failed',
      error: String((err as Error)?.stack ?? err),
    } satisfies ChildMessage);
    process.exit(1);
  });
}
