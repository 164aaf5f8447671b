/**
 * The request body read from Node's message (node-incoming.ts) through a real
 * @hono/node-server: the fast path is taken when nothing touched the body, and the fetch
 * Request is read whenever middleware replaced it.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mountOperations } from './create-api.js';
import type { OperationDef } from './operation.js';
import { stderrRuntimeLogger } from '../test/support/runtime-logger.js';

const note = z.object({ text: z.string().max(20) }).strict();
const table: OperationDef[] = [
  {
    operationId: 'echo',
    method: 'post',
    path: '/echo',
    honoPath: '/echo',
    tags: [],
    security: 'public',
    permissions: [],
    requestBody: { required: true, contentTypes: ['application/json', 'text/plain'] },
    responses: { '200': ['application/json'] },
    validators: {
      body: {
        required: true,
        content: { 'application/json': note, 'text/plain': z.string() },
      },
      responses: { '200': { content: { 'application/json': z.unknown() } } },
    },
  },
];

/** Whether @hono/node-server had to build a web Request (and its body stream) for `req`. */
function builtWebRequest(req: Request): boolean {
  const key = Object.getOwnPropertySymbols(req).find((s) => s.description === 'requestCache');
  return key !== undefined && (req as unknown as Record<symbol, unknown>)[key] !== undefined;
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function start(app: Hono, seen: Request[]) {
  mountOperations(
    table,
    {
      echo: ({ body, ctx }: { body: unknown; ctx: { request: Request } }) => {
        seen.push(ctx.request);
        return { status: 200, body: { got: body } };
      },
    },
    {
      app,
      auth: {
        authenticate: async () => ({ ok: false, status: 401, detail: '' }),
        authorize: () => false,
      },
      validateResponses: true,
      logger: stderrRuntimeLogger,
      specPath: false,
    },
  );
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
}

const post = (url: string, body: BodyInit, type = 'application/json', init: RequestInit = {}) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': type }, ...init });

describe('request bodies on @hono/node-server', () => {
  it('reads an untouched body from the Node message, with the same result', async () => {
    const seen: Request[] = [];
    const url = await start(new Hono(), seen);
    const ok = await post(url, JSON.stringify({ text: 'héllo' }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ got: { text: 'héllo' } });
    expect(builtWebRequest(seen[0]!)).toBe(false);

    // Invalid input gets the same problems as on the fetch path.
    const bad = await post(url, JSON.stringify({ text: 'x'.repeat(21) }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0]).toMatchObject({ in: 'body', path: '/text' });
    const malformed = await post(url, '{"text":');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).errors[0].message).toMatch(/^Malformed JSON/);
    const notUtf8 = await post(url, new Uint8Array([0x7b, 0xff, 0x7d]));
    expect(notUtf8.status).toBe(400);
    const empty = await post(url, '');
    expect(empty.status).toBe(400);
    expect((await empty.json()).errors[0].message).toBe('Request body is required');
    const text = await post(url, 'plain words', 'text/plain');
    expect(await text.json()).toEqual({ got: 'plain words' });

    // A body streamed in chunks (no Content-Length) arrives whole.
    const chunks = ['{"te', 'xt":"ch', 'unked"}'];
    const stream = new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const chunked = await post(url, stream, 'application/json', { duplex: 'half' } as RequestInit);
    expect(await chunked.json()).toEqual({ got: { text: 'chunked' } });
  });

  it('reads the request middleware put in place instead of the Node message', async () => {
    const seen: Request[] = [];
    const app = new Hono();
    app.use(async (c, next) => {
      c.req.raw = new Request(c.req.raw, { body: JSON.stringify({ text: 'replaced' }) });
      await next();
    });
    const url = await start(app, seen);
    expect(await (await post(url, JSON.stringify({ text: 'sent' }))).json()).toEqual({
      got: { text: 'replaced' },
    });
  });

  it('does not wait on a message middleware already read', async () => {
    const seen: Request[] = [];
    const app = new Hono();
    app.use(async (c, next) => {
      await c.req.raw.clone().text();
      await next();
    });
    const url = await start(app, seen);
    const res = await post(url, JSON.stringify({ text: 'once' }), 'application/json', {
      signal: AbortSignal.timeout(5000),
    });
    expect(await res.json()).toEqual({ got: { text: 'once' } });
  });

  it('leaves a body limit in charge of bodies without a length', async () => {
    const seen: Request[] = [];
    const app = new Hono();
    app.use(bodyLimit({ maxSize: 16, onError: (c) => c.text('too large', 413) }));
    const url = await start(app, seen);
    const big = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ text: 'a'.repeat(40) })));
        controller.close();
      },
    });
    const res = await post(url, big, 'application/json', { duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    // With a length within the limit the limit only reads the header; the body is still ours.
    expect(await (await post(url, '{"text":"ok"}')).json()).toEqual({ got: { text: 'ok' } });
  });
});
