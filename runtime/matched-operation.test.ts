import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AuthHooks } from './contract.js';
import { mountOperations } from './create-api.js';
import { matchedOperation } from './matched-operation.js';
import type { OperationDef } from './operation.js';
import { stderrRuntimeLogger } from '../test/support/runtime-logger.js';

const ok = { responses: { '200': { content: { 'application/json': z.object({}) } } } };
const def = (operationId: string, path: string, security: OperationDef['security']) =>
  ({
    operationId,
    method: 'get',
    path,
    honoPath: path.replace(/\{([^}]+)\}/g, ':$1'),
    tags: [],
    security,
    permissions: security === 'secured' ? ['jobs:read'] : [],
    requestBody: null,
    responses: { '200': ['application/json'] },
    validators: { ...ok, path: z.object({ jobId: z.uuid() }).partial() },
  }) satisfies OperationDef;

const table = [def('getJob', '/jobs/{jobId}', 'public'), def('secret', '/secret', 'secured')];
const denyAll: AuthHooks<never> = {
  authenticate: async () => ({ ok: false, status: 401, detail: 'no' }),
  authorize: () => false,
};

/** A middleware outside the routes records what the runtime published. */
function build() {
  const app = new Hono();
  const seen: (string | undefined)[] = [];
  app.use(async (c, next) => {
    await next();
    const m = matchedOperation(c);
    seen.push(m ? `${m.operation.operationId} ${m.route}` : undefined);
  });
  const handler = () => ({ status: 200, body: {} });
  mountOperations(
    table,
    { getJob: handler, secret: handler },
    {
      app,
      auth: denyAll,
      validateResponses: true,
      logger: stderrRuntimeLogger,
      basePath: '/api/v1',
    },
  );
  return { app, seen };
}

describe('matchedOperation', () => {
  it.each([
    // [path, status, what the outer middleware sees]
    ['/api/v1/jobs/7d2f3c9e-8a51-4c1b-9f0e-2b6f4a8d1e3c', 200, 'getJob /api/v1/jobs/{jobId}'],
    // Rejected requests still belong to their operation: the 400 and 401 are its answers.
    ['/api/v1/jobs/not-a-uuid', 400, 'getJob /api/v1/jobs/{jobId}'],
    ['/api/v1/secret', 401, 'secret /api/v1/secret'],
    ['/api/v1/nowhere', 404, undefined],
  ])('%s → %i, %s', async (path, status, expected) => {
    const { app, seen } = build();
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect(seen).toEqual([expected]);
  });

  it('is undefined for a method the path does not allow (405)', async () => {
    const { app, seen } = build();
    expect((await app.request('/api/v1/secret', { method: 'POST' })).status).toBe(405);
    expect(seen).toEqual([undefined]);
  });
});
