/**
 * The job-board skeleton end to end, in process: the generated routes from the real spec,
 * the stub handlers, and an AuthHooks plug-in that accepts one test principal. Malformed
 * input is derived from the spec for EVERY operation that takes input.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { serve } from '@hono/node-server';
import { describe, expect, it, beforeAll } from 'vitest';
import { loadApi } from '../../generators/openapi/load.js';
import type { ApiIR, OperationIR, SchemaObject } from '../../generators/openapi/ir.js';
import { operationTable } from '../../generated/openapi/operations.js';
import type { AuthHooks } from '../../runtime/contract.js';
import { createAuthModule } from '../../app/auth/module.js';
import { loadConfig } from '../../app/config.js';
import type { AppPrincipal } from '../../app/deps.js';
import { silentLogger } from '../../app/telemetry/logger.js';
import { buildServer } from '../../app/server.js';
import { createTestDatabase } from '../support/test-database.js';

const TOKEN = 'Bearer e2e-test-principal';
const testAuth: AuthHooks<AppPrincipal> = {
  authenticate: async ({ authorization }) =>
    authorization === TOKEN
      ? {
          ok: true,
          principal: {
            userId: '00000000-0000-4000-8000-000000000001',
            role: 'admin',
            deviceId: 'd',
            tokenId: 't',
            expiresAt: new Date(Date.now() + 60_000),
          },
        }
      : { ok: false, status: 401, detail: 'Invalid access token.' },
  authorize: () => true,
};

const config = loadConfig({
  NODE_ENV: 'test',
  BCRYPT_COST: '4',
  RATE_LIMITS: JSON.stringify({
    globalPerIp: { limit: 1_000_000, windowMs: 60_000 },
    register: { perIp: { limit: 1_000_000, windowMs: 60_000 } },
    login: { perIp: { limit: 1_000_000, windowMs: 60_000 } },
  }),
});
// Handlers need a database to be built; these cases never reach one that queries it.
const { db } = await createTestDatabase();
const authModule = await createAuthModule({ config: config.auth, db, logger: silentLogger });
const deps = { config, logger: silentLogger, clock: () => new Date(), db, auth: authModule };
const app = buildServer({ deps, auth: testAuth });

let ir: ApiIR;
beforeAll(async () => {
  ir = await loadApi('openapi/api-spec.yaml');
});

function resolve(schema: SchemaObject): SchemaObject {
  let s = schema;
  for (let i = 0; s.$ref && i < 10; i++)
    s = ir.schemas[s.$ref.replace('#/components/schemas/', '')]!;
  if (s.allOf) {
    const merged: SchemaObject = { type: 'object', properties: {}, required: [] };
    for (const part of s.allOf.map(resolve)) {
      Object.assign(merged.properties!, part.properties);
      merged.required!.push(...(part.required ?? []));
    }
    return merged;
  }
  return s;
}

const types = (s: SchemaObject) => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** A JSON value this schema rejects, or undefined if it accepts anything we can think of. */
function wrongJson(schema: SchemaObject): unknown {
  const s = resolve(schema);
  if (s.enum) return '__not_in_enum__';
  const t = types(s).filter((x) => x !== 'null');
  if (t.includes('string')) return 12345;
  if (
    t.some(
      (x) =>
        x === 'integer' || x === 'number' || x === 'boolean' || x === 'array' || x === 'object',
    )
  )
    return 'not-valid';
  return undefined;
}

/** A query/path string this schema rejects. */
function wrongString(schema: SchemaObject): string | undefined {
  const s = resolve(schema);
  const t = types(s);
  if (s.enum) return '__not_in_enum__';
  if (t.includes('integer') || t.includes('number')) return 'not-a-number';
  if (t.includes('boolean')) return 'maybe';
  if (t.includes('array') && s.items) return wrongString(s.items);
  if (s.format === 'uuid') return 'not-a-uuid';
  if (s.format === 'date-time') return 'yesterday';
  if (s.maxLength !== undefined) return 'x'.repeat(s.maxLength + 1);
  if (s.pattern && !new RegExp(s.pattern).test('!!')) return '!!';
  return undefined;
}

function validString(schema: SchemaObject): string {
  const s = resolve(schema);
  if (s.enum) return String(s.enum[0]);
  if (s.format === 'uuid') return '7d2f3c9e-8a51-4c1b-9f0e-2b6f4a8d1e3c';
  if (types(s).includes('integer') || types(s).includes('number')) return '1';
  return 'x';
}

interface Malformed {
  init: RequestInit;
  url: string;
  expect: { in: string; path: string };
}

function malformedRequest(op: OperationIR): Malformed | undefined {
  const headers: Record<string, string> = { authorization: TOKEN };
  let url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const p = op.parameters.find((x) => x.in === 'path' && x.name === name)!;
    return encodeURIComponent(validString(p.schema));
  });
  const json = op.requestBody?.content.find((m) => m.contentType === 'application/json');
  if (json) {
    const body = resolve(json.schema);
    const props = Object.entries(body.properties ?? {}).filter(([, v]) => !resolve(v).readOnly);
    props.sort(
      ([a], [b]) =>
        Number(body.required?.includes(b) ?? false) - Number(body.required?.includes(a) ?? false),
    );
    for (const [name, prop] of props) {
      const wrong = wrongJson(prop);
      if (wrong !== undefined) {
        return {
          url,
          init: {
            method: op.method.toUpperCase(),
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({ [name]: wrong }),
          },
          expect: { in: 'body', path: `/${name}` },
        };
      }
    }
  }
  for (const location of ['query', 'path', 'header'] as const) {
    for (const p of op.parameters.filter((x) => x.in === location)) {
      const wrong = wrongString(p.schema);
      if (wrong === undefined) continue;
      if (location === 'query')
        url += `?${encodeURIComponent(p.name)}=${encodeURIComponent(wrong)}`;
      if (location === 'path')
        url = url.replace(encodeURIComponent(validString(p.schema)), encodeURIComponent(wrong));
      if (location === 'header') headers[p.name] = wrong;
      return {
        url,
        init: { method: op.method.toUpperCase(), headers },
        expect: { in: location, path: `/${p.name}` },
      };
    }
  }
  return undefined;
}

describe('job-board skeleton', () => {
  it('GET /api/v1/health answers 200 {status:"ok"}', async () => {
    const res = await app.request('/api/v1/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the bundled spec at /openapi.json', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      openapi: string;
      paths: object;
    };
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths)).toContain('/api/v1/health');
  });

  it('mounts every operation in the spec', () => {
    expect(operationTable.map((op) => op.operationId).sort()).toEqual(
      ir.operations.map((op) => op.operationId).sort(),
    );
  });

  it('answers a malformed request to every operation that takes input with a 400 naming the field', async () => {
    const covered: string[] = [];
    const noInput: string[] = [];
    const failures: string[] = [];
    for (const op of ir.operations) {
      const bad = malformedRequest(op);
      if (!bad) {
        noInput.push(op.operationId);
        continue;
      }
      covered.push(op.operationId);
      const res = await app.request(bad.url, bad.init);
      const body = (await res.json()) as {
        status: number;
        type: string;
        errors?: { in: string; path: string }[];
      };
      const named = body.errors?.some((e) => e.in === bad.expect.in && e.path === bad.expect.path);
      if (
        res.status !== 400 ||
        res.headers.get('content-type') !== 'application/problem+json' ||
        !named
      ) {
        failures.push(
          `${op.operationId} ${bad.init.method} ${bad.url}: ${res.status} ${JSON.stringify(body)} (wanted ${JSON.stringify(bad.expect)})`,
        );
      }
    }
    console.info(
      `malformed input: ${covered.length} operations covered; without input: ${noInput.join(', ')}`,
    );
    expect(failures).toEqual([]);
    // Operations without any input cannot be malformed; anything else must be covered.
    for (const id of noInput) {
      const op = ir.operations.find((o) => o.operationId === id)!;
      expect({
        id,
        params: op.parameters.length,
        body: op.requestBody?.content.length ?? 0,
      }).toMatchObject({ params: 0, body: 0 });
    }
    expect(covered.length).toBeGreaterThan(15);
  });

  it('asks for credentials before revealing validation rules on secured operations', async () => {
    const secured = operationTable.find((op) => op.security === 'secured' && op.requestBody)!;
    const path = secured.path.replace(/\{[^}]+\}/g, '7d2f3c9e-8a51-4c1b-9f0e-2b6f4a8d1e3c');
    const res = await app.request(path, {
      method: secured.method.toUpperCase(),
      headers: { 'content-type': 'application/json' },
      body: '{"x":',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it.each([
    ['malformed JSON', { 'content-type': 'application/json' }, '{"email":', 400, 'validation'],
    [
      'wrong content type',
      { 'content-type': 'text/plain' },
      'hello',
      415,
      'unsupported-media-type',
    ],
  ])('POST /api/v1/auth/login with %s → %i', async (_n, headers, body, status, type) => {
    const res = await app.request('/api/v1/auth/login', { method: 'POST', headers, body });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { type: string }).type).toBe(
      `https://jobboard.dev/problems/${type}`,
    );
  });

  it.each([
    ['unknown route', 'GET', '/api/v1/nope', 404, 'not-found'],
    ['unknown route outside the API', 'GET', '/', 404, 'not-found'],
    ['wrong method', 'DELETE', '/api/v1/health', 405, 'method-not-allowed'],
  ])('%s → %i problem+json', async (_n, method, path, status, type) => {
    const res = await app.request(path, { method });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(((await res.json()) as { type: string }).type).toBe(
      `https://jobboard.dev/problems/${type}`,
    );
    if (status === 405) expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses bodies over the configured limit with 413', async () => {
    const small = buildServer({
      deps: { ...deps, config: { ...config, bodyLimitBytes: 1024 } },
      auth: testAuth,
    });
    const res = await small.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(4096) }),
    });
    expect(res.status).toBe(413);
  });

  it('serves over a real socket', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      expect(await res.json()).toEqual({ status: 'ok' });
    } finally {
      server.close();
    }
  });
});

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as { port: number };
  srv.close();
  await once(srv, 'close');
  return port;
}

describe('npm start', () => {
  it('serves on PORT and exits cleanly on SIGTERM', async () => {
    const port = await freePort();
    // A throwaway data folder: the test must not touch a developer's .data/.
    const dataDir = await mkdtemp(join(tmpdir(), 'jb-start-'));
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'app/main.ts'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        REDIS_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      const deadline = Date.now() + 30_000;
      while (!output.includes('"listening"')) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`server did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    await rm(dataDir, { recursive: true, force: true });
    expect(code).toBe(0);
  });

  it('refuses to start with a clear message for a bad value', async () => {
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'app/main.ts'], {
      env: { ...process.env, PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(err).toContain('PORT: must be a number (got "eighty")');
    expect(err).not.toMatch(/at .*\.ts:\d+/);
  });
});
