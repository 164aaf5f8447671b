/**
 * (c) Fastify 5 + fastify-openapi-glue on openapi/api-spec.yaml. Fastify's Ajv strips unknown
 * properties by default (`removeAdditional: true`); here it must reject them as the spec's
 * `additionalProperties: false` says, so `removeAdditional` is off. Everything else is the
 * default a user would get (including type coercion, which the fairness check reports).
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import openapiGlue from 'fastify-openapi-glue';
import * as bench from '../shared.js';

const principals = new WeakMap<FastifyRequest, bench.BenchPrincipal>();

function httpError(statusCode: number, message: string) {
  return Object.assign(new Error(message), { statusCode });
}

export async function start({ keys }: bench.StackContext) {
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
      .send(bench.problemText(status, err.message));
  });
  await app.register(openapiGlue, {
    specification: bench.loadSpec(),
    serviceHandlers: {
      listJobs: async (req: FastifyRequest) => bench.listJobs(req.query as bench.JobQuery),
      createJob: async (req: FastifyRequest, reply: FastifyReply) => {
        const job = bench.createJobAs(principals.get(req)!, req.body as bench.JobCreate);
        if (!job) throw httpError(403, 'not allowed');
        void reply.code(201).header('location', `/api/v1/jobs/${job.id}`);
        return job;
      },
    },
    securityHandlers: {
      bearerAuth: async (req: FastifyRequest) => {
        const auth = bench.checkBearer(keys, req.headers.authorization);
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
