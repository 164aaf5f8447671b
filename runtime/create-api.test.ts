import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { AuthHooks, OperationValidators } from './contract.js';
import { mountOperations } from './create-api.js';
import type { AnyHandlerResult } from './handler-types.js';
import { notImplemented } from './not-implemented.js';
import type { OperationDef } from './operation.js';
import { stderrRuntimeLogger } from '../test/support/runtime-logger.js';

// A hand-made table standing in for generated/openapi/operations.ts.
const job = z
  .object({ id: z.string(), title: z.string().min(1), tags: z.array(z.string().max(5)).optional() })
  .strict();
const problem = z.object({ type: z.string(), title: z.string(), status: z.number() });

const validators: Record<string, OperationValidators> = {
  getJob: {
    path: z.object({ jobId: z.uuid() }),
    query: z.object({
      verbose: z
        .array(z.enum(['true', 'false']))
        .optional()
        .transform((v) => v?.[0] === 'true'),
    }),
    responses: {
      '200': { content: { 'application/json': job } },
      '404': { content: { 'application/problem+json': problem } },
    },
  },
  searchJobs: { responses: { '200': { content: { 'application/json': z.array(job) } } } },
  createJob: {
    body: { required: true, content: { 'application/json': job.omit({ id: true }) } },
    responses: {
      '201': { content: { 'application/json': job }, headers: z.object({ Location: z.string() }) },
      '4XX': { content: { 'application/problem+json': problem } },
    },
  },
  deleteJob: { path: z.object({ jobId: z.uuid() }), responses: { '204': { content: {} } } },
  listDrafts: { responses: { '200': { content: { 'application/json': z.array(job) } } } },
  nobodyMay: { responses: { '204': { content: {} } } },
};

function op(
  partial: Partial<OperationDef> & Pick<OperationDef, 'operationId' | 'method' | 'path'>,
): OperationDef {
  return {
    honoPath: partial.path.replace(/\{([^}]+)\}/g, ':$1'),
    tags: ['jobs'],
    security: 'public',
    permissions: [],
    requestBody: null,
    responses: Object.fromEntries(
      Object.entries(validators[partial.operationId]!.responses).map(([k, v]) => [
        k,
        Object.keys(v.content),
      ]),
    ),
    validators: validators[partial.operationId],
    ...partial,
  };
}

const table: OperationDef[] = [
  op({ operationId: 'getJob', method: 'get', path: '/jobs/{jobId}', security: 'optional' }),
  op({ operationId: 'searchJobs', method: 'get', path: '/jobs/search' }),
  op({
    operationId: 'createJob',
    method: 'post',
    path: '/jobs',
    security: 'secured',
    permissions: ['jobs:create'],
    requestBody: { required: true, contentTypes: ['application/json'] },
  }),
  op({
    operationId: 'deleteJob',
    method: 'delete',
    path: '/jobs/{jobId}',
    security: 'secured',
    permissions: ['jobs:delete'],
  }),
  op({
    operationId: 'listDrafts',
    method: 'get',
    path: '/drafts',
    security: 'secured',
    permissions: ['jobs:drafts'],
  }),
  op({
    operationId: 'nobodyMay',
    method: 'post',
    path: '/nobody',
    security: 'secured',
    permissions: [],
  }),
];

interface TestPrincipal {
  id: string;
  permissions: string[];
}

// An AuthHooks plug-in: tokens are `Bearer <id>|<perm,perm>`; `down` simulates the store failing.
const auth: AuthHooks<TestPrincipal> = {
  async authenticate({ authorization }) {
    if (!authorization?.startsWith('Bearer '))
      return { ok: false, status: 401, detail: 'Missing bearer token' };
    const token = authorization.slice(7);
    if (token === 'down') return { ok: false, status: 503, detail: 'Revocation store unavailable' };
    const [id, perms = ''] = token.split('|');
    if (!id) return { ok: false, status: 401, detail: 'Invalid token' };
    return { ok: true, principal: { id, permissions: perms.split(',').filter(Boolean) } };
  },
  authorize: (p, permissions) => permissions.some((x) => p.permissions.includes(x)),
};

const JOB_ID = '7d2f3c9e-8a51-4c1b-9f0e-2b6f4a8d1e3c';
const seen: unknown[] = [];

interface TestInput {
  path: { jobId: string };
  body: Record<string, unknown>;
}

function build(
  overrides: Record<string, (input: never) => AnyHandlerResult | Promise<AnyHandlerResult>> = {},
  validateResponses = true,
) {
  const logger = { error: vi.fn() };
  const handlers = {
    getJob: (input: TestInput) => {
      seen.push(input);
      return input.path.jobId === JOB_ID
        ? { status: 200, body: { id: JOB_ID, title: 'Dev' } }
        : { status: 404, body: { type: 'x', title: 'Not found', status: 404 } };
    },
    searchJobs: () => ({ status: 200, body: [] }),
    createJob: (input: TestInput) => {
      seen.push(input);
      return {
        status: 201,
        body: { id: JOB_ID, ...input.body },
        headers: { Location: `/jobs/${JOB_ID}` },
      };
    },
    deleteJob: () => ({ status: 204 }),
    listDrafts: () => notImplemented('listDrafts'),
    nobodyMay: () => ({ status: 204 }),
    ...overrides,
  };
  const app = mountOperations(table, handlers, {
    auth,
    validateResponses,
    logger,
    basePath: '/api/v1',
    document: { openapi: '3.0.3' },
  });
  return { app, logger };
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    authorization: 'Bearer u1|jobs:create',
    ...headers,
  },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('mountOperations', () => {
  it.each([
    // [case, method, path, init, status, problem type suffix]
    ['valid GET', 'GET', `/api/v1/jobs/${JOB_ID}`, {}, 200, null],
    ['literal route wins over template', 'GET', '/api/v1/jobs/search', {}, 200, null],
    ['bad path param', 'GET', '/api/v1/jobs/not-a-uuid', {}, 400, 'validation'],
    ['unknown route', 'GET', '/api/v1/nope', {}, 404, 'not-found'],
    ['wrong method', 'PUT', `/api/v1/jobs/${JOB_ID}`, {}, 405, 'method-not-allowed'],
    [
      'secured without token',
      'POST',
      '/api/v1/jobs',
      { method: 'POST', body: '{' },
      401,
      'unauthenticated',
    ],
    [
      'store down',
      'POST',
      '/api/v1/jobs',
      json({ title: 'x' }, { authorization: 'Bearer down' }),
      503,
      'service-unavailable',
    ],
    [
      'missing permission',
      'POST',
      '/api/v1/jobs',
      json({ title: 'x' }, { authorization: 'Bearer u1|other' }),
      403,
      'forbidden',
    ],
    [
      'no permission declared = deny',
      'POST',
      '/api/v1/nobody',
      json({}, { authorization: 'Bearer u1|any' }),
      403,
      'forbidden',
    ],
    ['malformed JSON', 'POST', '/api/v1/jobs', json('{"title":'), 400, 'validation'],
    [
      'wrong content type',
      'POST',
      '/api/v1/jobs',
      json('title=x', { 'content-type': 'text/plain' }),
      415,
      'unsupported-media-type',
    ],
    ['missing body', 'POST', '/api/v1/jobs', json(''), 400, 'validation'],
    [
      'stub handler',
      'GET',
      '/api/v1/drafts',
      { headers: { authorization: 'Bearer u1|jobs:drafts' } },
      501,
      'not-implemented',
    ],
    ['valid POST', 'POST', '/api/v1/jobs', json({ title: 'Dev' }), 201, null],
    [
      'no content',
      'DELETE',
      `/api/v1/jobs/${JOB_ID}`,
      { method: 'DELETE', headers: { authorization: 'Bearer u|jobs:delete' } },
      204,
      null,
    ],
  ] as const)('%s → %i', async (_name, method, path, init, status, type) => {
    const { app } = build();
    const res = await app.request(path, { method, ...init });
    expect(res.status).toBe(status);
    if (type) {
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = (await res.json()) as { type: string; status: number };
      expect(body.type).toBe(`https://jobboard.dev/problems/${type}`);
      expect(body.status).toBe(status);
    }
  });

  it('names each bad field with a JSON pointer', async () => {
    const { app } = build();
    const res = await app.request(
      '/api/v1/jobs',
      json({ title: '', tags: ['ok', 'waytoolong'], extra: 1 }),
    );
    const body = (await res.json()) as { errors: { in: string; path: string }[] };
    expect(body.errors.map((e) => `${e.in}:${e.path}`).sort()).toEqual([
      'body:/extra',
      'body:/tags/1',
      'body:/title',
    ]);
  });

  it('names the body when JSON is malformed', async () => {
    const { app } = build();
    const body = (await (await app.request('/api/v1/jobs', json('{"title":'))).json()) as {
      errors: { in: string; path: string; message: string }[];
    };
    expect(body.errors).toEqual([
      { in: 'body', path: '', message: expect.stringMatching(/^Malformed JSON/) },
    ]);
  });

  it('answers 405 with an Allow header listing the methods of the path', async () => {
    const { app } = build();
    const res = await app.request(`/api/v1/jobs/${JOB_ID}`, { method: 'PATCH' });
    expect(res.headers.get('allow')).toBe('DELETE, GET, HEAD');
  });

  it('passes coerced input, the optional principal and the request context', async () => {
    const { app } = build();
    seen.length = 0;
    await app.request(`/api/v1/jobs/${JOB_ID}?verbose=true`, { headers: { 'user-agent': 'ua/1' } });
    await app.request(`/api/v1/jobs/${JOB_ID}`, { headers: { authorization: 'Bearer u7|' } });
    expect(seen[0]).toMatchObject({
      path: { jobId: JOB_ID },
      query: { verbose: true },
      principal: null,
      ctx: { userAgent: 'ua/1' },
    });
    expect(seen[1]).toMatchObject({ principal: { id: 'u7' } });
  });

  it('ignores credentials on a public operation (a stale token never blocks login)', async () => {
    const { app } = build();
    const res = await app.request('/api/v1/jobs/search', {
      headers: { authorization: 'Basic abc' },
    });
    expect(res.status).not.toBe(401);
    expect(res.status).toBeLessThan(300);
  });

  it('rejects a bad credential on an optional-auth operation instead of downgrading it', async () => {
    const { app } = build();
    const res = await app.request(`/api/v1/jobs/${JOB_ID}`, {
      headers: { authorization: 'Basic abc' },
    });
    expect(res.status).toBe(401);
  });

  it('checks auth before validation on secured operations', async () => {
    const { app } = build();
    const res = await app.request('/api/v1/jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title":""}',
    });
    expect(res.status).toBe(401);
  });

  it('turns a response that breaks the contract into a logged 500', async () => {
    const { app, logger } = build({ getJob: () => ({ status: 200, body: { id: 1 } }) });
    const res = await app.request(`/api/v1/jobs/${JOB_ID}`);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { type: string; errors: { in: string; path: string }[] };
    expect(body.type).toBe('https://jobboard.dev/problems/response-validation');
    expect(body.errors.map((e) => e.path)).toEqual(['/id', '/title']);
    expect(logger.error).toHaveBeenCalledOnce();
  });

  it.each([
    ['undeclared status', { status: 418, body: {} }],
    ['missing declared header', { status: 201, body: { id: JOB_ID, title: 'x' } }],
  ])('response validation catches %s', async (_n, result) => {
    const { app } = build({ createJob: () => result as AnyHandlerResult });
    expect((await app.request('/api/v1/jobs', json({ title: 'x' }))).status).toBe(500);
  });

  it('sends the result unchecked when response validation is off', async () => {
    const { app } = build({ getJob: () => ({ status: 200, body: { id: 1 } }) }, false);
    const res = await app.request(`/api/v1/jobs/${JOB_ID}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 1 });
  });

  it('hides thrown errors behind a 500 problem with a request id, and logs them', async () => {
    const { app, logger } = build({
      getJob: () => {
        throw new Error('db password is hunter2');
      },
    });
    const res = await app.request(`/api/v1/jobs/${JOB_ID}`);
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toMatchObject({
      type: 'https://jobboard.dev/problems/internal',
      requestId: expect.any(String),
    });
    // The injected logger gets the thrown value itself (its serializer decides the shape).
    const [message, fields] = logger.error.mock.calls[0]!;
    expect(message).toBe('unhandled error');
    expect((fields as { err: Error }).err.message).toContain('hunter2');
  });

  it('uses the 4XX range for a status without its own entry and sets declared headers', async () => {
    const { app } = build();
    const ok = await app.request('/api/v1/jobs', json({ title: 'Dev' }));
    expect(ok.headers.get('location')).toBe(`/jobs/${JOB_ID}`);
    const { app: app2 } = build({
      createJob: () => ({ status: 409, body: { type: 't', title: 'Conflict', status: 409 } }),
    });
    const res = await app2.request('/api/v1/jobs', json({ title: 'Dev' }));
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('serves the document and refuses tables with missing handlers', async () => {
    const { app } = build();
    expect(await (await app.request('/openapi.json')).json()).toEqual({ openapi: '3.0.3' });
    expect(() =>
      mountOperations(table, {}, { auth, validateResponses: true, logger: stderrRuntimeLogger }),
    ).toThrow(/no handler for getJob/);
  });
});

describe('validation problems stay bounded', () => {
  it('lists at most 100 errors, each message at most 500 characters', async () => {
    const { app } = build();
    const tags = Array.from({ length: 500 }, () => 'x'.repeat(50));
    const extra = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`k${i}`.padEnd(800, 'k'), 1]),
    );
    const res = await app.request('/api/v1/jobs', json({ title: 'ok', tags, ...extra }));
    const body = (await res.json()) as {
      errors: { path: string; message: string }[];
      detail: string;
    };
    expect(res.status).toBe(400);
    expect(body.errors).toHaveLength(100);
    expect(Math.max(...body.errors.map((e) => e.path.length))).toBeLessThanOrEqual(500);
    expect(body.detail).toMatch(/and 547 more\)$/);
  });
});

describe('one URL, several operations (paths told apart by a #… suffix, as AWS and ReadMe write them)', () => {
  const target = (value: string) => z.object({ 'X-Amz-Target': z.literal(value) });
  const awsValidators = (value: string): OperationValidators => ({
    header: z
      .object({ 'x-amz-target': z.string() })
      .transform((h) => ({ 'X-Amz-Target': h['x-amz-target'] }))
      .pipe(target(value)),
    responses: { '200': { content: {} } },
  });
  const row = (operationId: string, path: string, value: string): OperationDef => ({
    operationId,
    method: 'post',
    path,
    honoPath: '/',
    tags: [],
    security: 'public',
    permissions: [],
    requestBody: null,
    responses: { '200': [] },
    validators: awsValidators(value),
  });
  const awsTable = [
    row('CreateThing', '/#X-Amz-Target=Svc.CreateThing', 'Svc.CreateThing'),
    row('DeleteThing', '/#X-Amz-Target=Svc.DeleteThing', 'Svc.DeleteThing'),
  ];
  const app = mountOperations(
    awsTable,
    {
      CreateThing: () => notImplemented('CreateThing'),
      DeleteThing: () => notImplemented('DeleteThing'),
    },
    { auth, validateResponses: true, logger: { error: vi.fn() } },
  );

  it.each([
    ['Svc.CreateThing', 501, 'CreateThing is not implemented'],
    ['Svc.DeleteThing', 501, 'DeleteThing is not implemented'],
    // No operation fits: the first one answers, with its validation problem.
    ['Svc.Other', 400, 'X-Amz-Target'],
  ])('X-Amz-Target %s → %i', async (value, status, text) => {
    const res = await app.request('/', { method: 'POST', headers: { 'x-amz-target': value } });
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(text);
  });
});

describe('HEAD operations (Hono routes HEAD as GET)', () => {
  const row = (operationId: string, method: 'get' | 'head', path: string): OperationDef => ({
    operationId,
    method,
    path,
    honoPath: path.replace(/\{([^}]+)\}/g, ':$1'),
    tags: [],
    security: 'public',
    permissions: [],
    requestBody: null,
    responses: { '200': [], '204': [] },
    validators: { responses: { '200': { content: {} }, '204': { content: {} } } },
  });
  const app = mountOperations(
    [
      row('checkThing', 'head', '/things/{id}'),
      row('readThing', 'get', '/things/{id}'),
      row('checkOnly', 'head', '/only/{id}'),
    ],
    {
      checkThing: () => ({ status: 204 }),
      readThing: () => ({ status: 200 }),
      checkOnly: () => ({ status: 204 }),
    },
    { auth, validateResponses: true, logger: { error: vi.fn() } },
  );

  it.each([
    ['HEAD', '/things/a', 204],
    ['GET', '/things/a', 200],
    ['HEAD', '/only/a', 204],
    ['GET', '/only/a', 405],
  ])('%s %s → %i', async (method, url, status) => {
    expect((await app.request(url, { method })).status).toBe(status);
  });
});
