/**
 * (e) @hono/zod-openapi fed with our generated zod schemas: the generated query validator
 * for listJobs and `JobCreate` for the body; auth as route middleware (runs before the
 * validators, as in our pipeline).
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { ZodObject } from 'zod';
import { Job, JobCreate, JobList, operationValidators } from '../../generated/openapi/schemas.js';
import {
  checkBearer,
  createJob,
  listJobs,
  permits,
  type BenchPrincipal,
  type JobQuery,
  type StackContext,
} from '../shared.js';
import { serveFetch } from './node-server.js';

const problem = (status: number, detail: string) =>
  new Response(JSON.stringify({ type: 'about:blank', title: 'Request rejected', status, detail }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

export async function start({ keys }: StackContext) {
  const app = new OpenAPIHono<{ Variables: { principal: BenchPrincipal } }>({
    defaultHook: (result) => {
      if (!result.success) return problem(400, result.error.message);
    },
  });
  const bearer: MiddlewareHandler<{ Variables: { principal: BenchPrincipal } }> = async (
    c,
    next,
  ) => {
    const auth = checkBearer(keys, c.req.header('authorization'));
    if (!auth.ok) return problem(401, auth.detail);
    if (!permits(auth.principal, ['jobs:create'])) return problem(403, 'not allowed');
    c.set('principal', auth.principal);
    await next();
  };

  // The generated query validator is a preprocess over an object (it coerces the raw
  // strings per the spec's style/explode); the library's types want a plain object schema.
  const query = operationValidators.listJobs!.query as unknown as ZodObject;
  const list = createRoute({
    method: 'get',
    path: '/api/v1/jobs',
    request: { query },
    responses: {
      200: { description: 'A page', content: { 'application/json': { schema: JobList } } },
    },
  });
  const create = createRoute({
    method: 'post',
    path: '/api/v1/jobs',
    middleware: [bearer] as const,
    request: {
      body: { required: true, content: { 'application/json': { schema: JobCreate } } },
    },
    responses: {
      201: { description: 'Created', content: { 'application/json': { schema: Job } } },
    },
  });

  app.openapi(list, (c) => c.json(listJobs(c.req.valid('query') as JobQuery), 200));
  app.openapi(create, (c) => {
    const job = createJob(c.req.valid('json'), c.get('principal'));
    return c.json(job, 201, { location: `/api/v1/jobs/${job.id}` });
  });
  return serveFetch(app.fetch);
}
