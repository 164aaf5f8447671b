/**
 * (c) Fastify 5 + fastify-openapi-glue on openapi/api-spec.yaml. Fastify's Ajv strips unknown
 * properties by default (`removeAdditional: true`); here it must reject them as the spec's
 * `additionalProperties: false` says, so `removeAdditional` is off. Everything else is the
 * default a user would get (including type coercion, which the fairness check reports).
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import openapiGlue from 'fastify-openapi-glue';
import {
  checkBearer,
  createJob,
  listJobs,
  loadSpec,
  permits,
  type BenchPrincipal,
  type JobCreate,
  type JobQuery,
  type StackContext,
} from '../shared.js';

const principals = new WeakMap<FastifyRequest, BenchPrincipal>();

function httpError(statusCode: number, message: string) {
  return Object.assign(new Error(message), { statusCode });
}

export async function start({ keys }: StackContext) {
  const app = Fastify({
    logger: false,
    ajv: {
      // The spec's vendor extensions (x-enum-varnames) are annotations, not keywords.
      customOptions: { removeAdditional: false, keywords: ['x-enum-varnames'] },
    },
  });
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    void reply
      .code(status)
      .type('application/problem+json')
      .send(JSON.stringify({ type: 'about:blank', title: err.message, status }));
  });
  await app.register(openapiGlue, {
    specification: loadSpec(),
    serviceHandlers: {
      listJobs: async (req: FastifyRequest) => listJobs(req.query as JobQuery),
      createJob: async (req: FastifyRequest, reply: FastifyReply) => {
        const principal = principals.get(req)!;
        if (!permits(principal, ['jobs:create'])) throw httpError(403, 'not allowed');
        const job = createJob(req.body as JobCreate, principal);
        void reply.code(201).header('location', `/api/v1/jobs/${job.id}`);
        return job;
      },
    },
    securityHandlers: {
      bearerAuth: async (req: FastifyRequest) => {
        const auth = checkBearer(keys, req.headers.authorization);
        if (!auth.ok) throw httpError(401, auth.detail);
        principals.set(req, auth.principal);
      },
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { port: address.port, close: () => app.close() };
}
