/**
 * The wire below Hono, on a real socket: Node's own client-error answers are problem+json
 * with the security headers, an early 413 reaches a client that is still sending, and
 * stopKeepAlive() closes connections after their response.
 */
import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodySizeLimit } from './middleware.js';
import {
  clientErrorStatus,
  createNodeServer,
  rawProblemResponse,
  type NodeServer,
} from './node-server.js';
import { securityHeaderValues, securityHeaders } from './security-headers.js';

const LIMIT = 1024;
let node: NodeServer;
let port: number;
let errorHeaders: Record<string, string>;

beforeAll(async () => {
  const app = new Hono();
  app.use(securityHeaders({ production: true }));
  app.use(bodySizeLimit(LIMIT));
  app.post('/echo', async (c) => c.json({ length: (await c.req.text()).length }));
  app.get('/hello', (c) => c.json({ hello: 'world' }));
  errorHeaders = await securityHeaderValues({ production: true });
  node = createNodeServer(app.fetch, { errorHeaders, lingerMs: 3000 });
  node.server.listen(0, '127.0.0.1');
  await once(node.server, 'listening');
  port = (node.server.address() as AddressInfo).port;
});
afterAll(async () => {
  node.server.closeAllConnections();
  node.server.close();
});

interface RawExchange {
  text: string;
  error?: string;
  ended: boolean;
}

/** Sends `head`, then `body` in slices every `everyMs` without reading; then reads to the end. */
function naiveClient(head: string, bodyBytes = 0, sliceBytes = 16 * 1024, everyMs = 10) {
  return new Promise<RawExchange>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const out: RawExchange = { text: '', ended: false };
    // Like a client that reads only once it has sent everything.
    socket.pause();
    socket.on('error', (e: NodeJS.ErrnoException) => {
      out.error = e.code;
      resolve(out);
    });
    socket.on('end', () => {
      out.ended = true;
      socket.end();
      resolve(out);
    });
    socket.on('connect', () => {
      socket.write(head);
      let sent = 0;
      const next = () => {
        if (socket.destroyed) return;
        if (sent >= bodyBytes) {
          socket.on('data', (d: Buffer) => (out.text += d.toString('latin1')));
          socket.resume();
          return;
        }
        const n = Math.min(sliceBytes, bodyBytes - sent);
        socket.write(Buffer.alloc(n, 0x61));
        sent += n;
        setTimeout(next, everyMs);
      };
      next();
    });
  });
}

function parse(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => {
      const i = l.indexOf(':');
      return [l.slice(0, i).toLowerCase(), l.slice(i + 1).trim()];
    }),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

describe('an early 413 reaches a client still sending', () => {
  it('answers 413 with Connection: close and keeps reading while the client sends for 1 s', async () => {
    const size = 100 * 16 * 1024; // 1.6 MB in 100 slices, one every 10 ms
    const res = await naiveClient(
      `POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: ${size}\r\n\r\n`,
      size,
    );
    expect(res.error).toBeUndefined();
    expect(res.ended).toBe(true);
    const { status, headers, body } = parse(res.text);
    expect(status).toBe(413);
    expect(headers.connection).toBe('close');
    expect(headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(body)).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('an http.request still streaming its body gets the 413 and no error', async () => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'text/plain', 'content-length': 10_000_000 },
    });
    const errors: string[] = [];
    req.on('error', (e: NodeJS.ErrnoException) => errors.push(e.code ?? e.message));
    let writing = true;
    const pump = () => {
      if (!writing) return;
      req.write(Buffer.alloc(8192, 0x61));
      setTimeout(pump, 5);
    };
    pump();
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    let body = '';
    for await (const chunk of res) body += chunk;
    // Keep sending a little longer, as a client that notices late would.
    await new Promise((r) => setTimeout(r, 300));
    writing = false;
    req.destroy();
    expect(res.statusCode).toBe(413);
    expect(res.headers.connection).toBe('close');
    expect(JSON.parse(body).status).toBe(413);
    expect(errors).toEqual([]);
  });

  it('a body within the limit still works on the same server', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/echo`, { method: 'POST', body: 'abc' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ length: 3 });
  });
});

describe("Node's own client errors are problem+json with the security headers", () => {
  it.each([
    [
      'oversized header',
      `GET /hello HTTP/1.1\r\nHost: t\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
    ],
    ['oversized URL', `GET /hello?${'q'.repeat(20_000)} HTTP/1.1\r\nHost: t\r\n\r\n`, 431],
    ['malformed header line', 'GET /hello HTTP/1.1\r\nHost: t\r\nNo colon here\r\n\r\n', 400],
    ['garbage request line', 'HELLO\r\n\r\n', 400],
  ])('%s → %i', async (_name, request, expected) => {
    const res = await naiveClient(request);
    expect(res.error).toBeUndefined();
    const { status, headers, body } = parse(res.text);
    expect(status).toBe(expected);
    expect(headers['content-type']).toBe('application/problem+json');
    expect(headers.connection).toBe('close');
    expect(Number(headers['content-length'])).toBe(Buffer.byteLength(body));
    expect(JSON.parse(body)).toEqual({
      type: 'about:blank',
      title: http.STATUS_CODES[expected],
      status: expected,
    });
    // The same values the middleware sets on every API response, HSTS included here.
    for (const [name, value] of Object.entries(errorHeaders)) expect(headers[name]).toBe(value);
    expect(headers['strict-transport-security']).toMatch(/^max-age=/);
    expect(headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('maps Node error codes to statuses', () => {
    expect(clientErrorStatus('HPE_HEADER_OVERFLOW')).toBe(431);
    expect(clientErrorStatus('HPE_CHUNK_EXTENSIONS_OVERFLOW')).toBe(431);
    expect(clientErrorStatus('ERR_HTTP_REQUEST_TIMEOUT')).toBe(408);
    expect(clientErrorStatus('HPE_INVALID_METHOD')).toBe(400);
    expect(clientErrorStatus(undefined)).toBe(400);
    expect(rawProblemResponse(408, {})).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  });
});

describe('stopKeepAlive', () => {
  it('keep-alive until called, then Connection: close on every response', async () => {
    const agent = new http.Agent({ keepAlive: true });
    const get = () =>
      new Promise<http.IncomingMessage>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: '/hello', agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res));
          })
          .on('error', reject);
      });
    try {
      expect((await get()).headers.connection).toBe('keep-alive');
      expect(node.inFlight()).toBe(0);
      node.stopKeepAlive();
      expect((await get()).headers.connection).toBe('close');
    } finally {
      agent.destroy();
    }
  });
});
