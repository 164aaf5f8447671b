/**
 * The Node HTTP server under the Hono app: what happens on the wire before Hono sees a
 * request, or after it has answered.
 *
 * - Node's own client-error answers (400 malformed request, 431 oversized headers or URL,
 *   408 request timeout) carry a problem+json body and the API's security headers like
 *   every other error, instead of Node's bare status line.
 * - A response sent before the request body was fully received (a 413 from the body limit,
 *   an early 401) closes the connection *lingering*: the response goes out with
 *   `Connection: close`, the write side is shut (FIN) and whatever the client is still
 *   sending is read and discarded for up to `lingerMs`. Closing at once with unread bytes
 *   makes the kernel answer with a reset, and a client still sending then sees a network
 *   error instead of the status (RFC 9112 §9.6, "lingering close").
 * - `stopKeepAlive()` makes every later response, and every in-flight one whose headers
 *   are not out yet, say `Connection: close`: graceful shutdown (app/shutdown.ts) uses it
 *   so clients move their connections elsewhere before the server stops listening.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { PROBLEM_CONTENT_TYPE, statusProblem } from '../../runtime/problem.js';

export type FetchHandler = (request: Request) => Response | Promise<Response>;

export interface NodeServerOptions {
  /** Headers every client-error answer carries (the API's security headers). */
  errorHeaders: Readonly<Record<string, string>>;
  /** How long a closing connection keeps reading what the client still sends. */
  lingerMs?: number;
}

export interface NodeServer {
  server: http.Server;
  /** From now on every response closes its connection (graceful shutdown). */
  stopKeepAlive(): void;
  /** Requests received whose response has not finished. */
  inFlight(): number;
}

export const DEFAULT_LINGER_MS = 5000;

/** Node's error codes for requests it refuses before they reach the app. */
export function clientErrorStatus(code: string | undefined): 400 | 408 | 431 {
  if (code === 'HPE_HEADER_OVERFLOW' || code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/** A complete HTTP/1.1 response (status line, headers, body) as Node would write it raw. */
export function rawProblemResponse(
  status: number,
  headers: Readonly<Record<string, string>>,
): string {
  const problem = statusProblem(status);
  const body = JSON.stringify(problem);
  const lines = [
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? problem.title}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * Shuts the write side once the response is flushed and keeps reading (discarding) until
 * the client closes its side or `lingerMs` passes; then the socket is destroyed.
 */
export function lingeringClose(socket: Socket, lingerMs: number, data?: string): void {
  if (socket.destroyed) return;
  const timer = setTimeout(() => socket.destroy(), lingerMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.resume();
  if (data === undefined) socket.end();
  else socket.end(data);
}

/**
 * Body bytes of `req` may still be on their way. `req.complete` alone cannot say: for a
 * request without a body it turns true only after the app's listener has returned, so a
 * synchronous answer would look early.
 */
function bodyPending(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

const lingering = Symbol('lingering');
const currentRequest = Symbol('currentRequest');
type TrackedSocket = Socket & { [lingering]?: true; [currentRequest]?: IncomingMessage };

export function createNodeServer(fetch: FetchHandler, options: NodeServerOptions): NodeServer {
  const lingerMs = options.lingerMs ?? DEFAULT_LINGER_MS;
  const server = http.createServer();
  const active = new Set<ServerResponse>();
  let keepAlive = true;

  server.on('connection', (socket: TrackedSocket) => {
    // Node (after a `Connection: close` response) and @hono/node-server (after draining
    // an unread body for a while) end connections with destroySoon(), which destroys the
    // socket as soon as the response is flushed. With request bytes still unread that
    // is a reset; linger instead.
    const destroySoon = socket.destroySoon.bind(socket);
    socket.destroySoon = () => {
      const req = socket[currentRequest];
      if (req && bodyPending(req)) {
        if (socket[lingering]) return;
        socket[lingering] = true;
        lingeringClose(socket, lingerMs);
      } else {
        destroySoon();
      }
    };
  });

  // Registered before the app's listener, so headers can still be set on every response.
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    (req.socket as TrackedSocket)[currentRequest] = req;
    if (!keepAlive) res.setHeader('connection', 'close');
    active.add(res);
    const done = () => active.delete(res);
    res.once('finish', done);
    res.once('close', done);
    // Answered before the whole body arrived: this connection cannot carry another
    // request cleanly, so say so (the socket then closes lingering, above).
    const writeHead = res.writeHead;
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      if (bodyPending(req) && !this.headersSent) this.setHeader('connection', 'close');
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as typeof res.writeHead;
  });
  server.on('request', getRequestListener(fetch));

  const answered = new WeakSet<Socket>();
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    // Parse errors repeat for every further chunk of a broken request: answer once.
    if (answered.has(socket)) return;
    answered.add(socket);
    const pending = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
      socket.destroy();
      return;
    }
    const status = clientErrorStatus(err.code);
    lingeringClose(socket, lingerMs, rawProblemResponse(status, options.errorHeaders));
  });

  return {
    server,
    stopKeepAlive() {
      keepAlive = false;
      for (const res of active) {
        if (!res.headersSent) res.setHeader('connection', 'close');
      }
    },
    inFlight: () => active.size,
  };
}
