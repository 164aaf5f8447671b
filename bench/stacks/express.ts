/**
 * (d) Express 5 + express-openapi-validator 5 on openapi/api-spec.yaml, requests validated,
 * responses not (its default), the shared token check as its bearerAuth security handler.
 */
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import * as bench from '../shared.js';

const principals = new WeakMap<Request, bench.BenchPrincipal>();

export async function start({ keys }: bench.StackContext) {
  const app = express();
  app.use(express.json());
  app.use(
    OpenApiValidator.middleware({
      // The library's types want its own OpenAPIV3.Document; the parsed YAML is one.
      apiSpec: bench.loadSpec() as unknown as Parameters<
        typeof OpenApiValidator.middleware
      >[0]['apiSpec'],
      validateRequests: true,
      validateResponses: false,
      validateSecurity: {
        handlers: {
          bearerAuth: (req) => {
            const auth = bench.checkBearer(keys, req.headers.authorization);
            if (!auth.ok) return false;
            principals.set(req as Request, auth.principal);
            return true;
          },
        },
      },
    }),
  );
  app.get('/api/v1/jobs', (req, res) => {
    res.json(bench.listJobs(req.query as unknown as bench.JobQuery));
  });
  app.post('/api/v1/jobs', (req, res) => {
    const job = bench.createJobAs(principals.get(req)!, req.body as bench.JobCreate);
    if (!job) {
      res.status(403).type('application/problem+json').send(bench.problemText(403, 'not allowed'));
      return;
    }
    res.status(201).location(`/api/v1/jobs/${job.id}`).json(job);
  });
  app.use(
    (
      err: { status?: number; message: string },
      _req: Request,
      res: Response,
      _next: NextFunction,
    ) => {
      const status = err.status ?? 500;
      res
        .status(status)
        .type('application/problem+json')
        .send(bench.problemText(status, err.message));
    },
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
