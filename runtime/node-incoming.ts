/**
 * The request body straight from Node's `IncomingMessage`, when that is the same thing as
 * reading the fetch `Request`.
 *
 * On @hono/node-server the `Request` a handler sees is a lightweight stand-in; reading its
 * body builds a real undici `Request` around a web stream adapted from the Node stream
 * (`Readable.toWeb`), which the profile of an authenticated POST put at roughly a third of
 * the runtime's own time per request. The bytes are the same when read from the Node
 * stream directly, provided nothing has replaced or started reading the body: middleware
 * may swap `c.req.raw` for a request with another body (hono's body limit does, for a body
 * without Content-Length), and then that request is the one to read.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/** @hono/node-server's own key for the message behind its lightweight request. */
let incomingKey: symbol | undefined;

function isIncoming(value: unknown): value is IncomingMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as IncomingMessage).on === 'function' &&
    typeof (value as IncomingMessage).headers === 'object'
  );
}

/**
 * The Node message behind `c.req.raw` when it is still @hono/node-server's request for it
 * and nobody has read from it; undefined otherwise (other runtimes, a replaced request, a
 * body already being read), which means: read the fetch `Request`.
 */
export function untouchedIncoming(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  if (!isIncoming(incoming)) return undefined;
  const raw = c.req.raw as unknown as Record<symbol, unknown>;
  incomingKey ??= Object.getOwnPropertySymbols(raw).find((s) => s.description === 'incomingKey');
  if (incomingKey === undefined || raw[incomingKey] !== incoming) return undefined;
  // A web stream adapted from the message (or any other reader) pauses or resumes it.
  if (incoming.readableDidRead || incoming.readableFlowing !== null) return undefined;
  return incoming;
}

/** The whole body; rejects when the client goes away before sending all of it. */
export function readIncoming(incoming: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
    });
    incoming.once('end', () =>
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)),
    );
    incoming.once('error', reject);
    incoming.once('close', () => {
      if (!incoming.complete)
        reject(new Error('The client closed the request before its body ended'));
    });
  });
}
