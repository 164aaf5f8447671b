/**
 * (b)/(b2) Our generated pipeline: `createApi` over the whole route table (every other
 * operation answers 501), the shared token check plugged in as its AuthHooks. (b3) is (b)
 * with the app's verified-token cache in that check: the lever measured on its own, kept
 * out of the comparison with the other stacks, which all verify every token.
 */
import type { AuthHooks } from '../../runtime/contract.js';
import type { Handlers } from '../../generated/openapi/handlers.js';
import { createApi, operationTable } from '../../generated/openapi/routes.js';
import { notImplemented } from '../../runtime/not-implemented.js';
import { cachedAccessTokenVerifier } from '../../app/auth/verified-tokens.js';
import {
  checkBearer,
  createJob,
  listJobs,
  permits,
  type BenchPrincipal,
  type StackContext,
} from '../shared.js';
import { serveFetch } from './node-server.js';
import { stderrRuntimeLogger } from '../../test/support/runtime-logger.js';

export async function start(
  { keys }: StackContext,
  validateResponses: boolean,
  cacheTokens = false,
) {
  const verify = cacheTokens ? cachedAccessTokenVerifier(10_000) : undefined;
  const auth: AuthHooks<BenchPrincipal> = {
    authenticate: async ({ authorization }) => checkBearer(keys, authorization, verify),
    authorize: (principal, permissions) => permits(principal, permissions),
  };
  const stubs = Object.fromEntries(
    operationTable.map((op) => [op.operationId, () => notImplemented(op.operationId)]),
  ) as unknown as Handlers<BenchPrincipal>;
  const handlers: Handlers<BenchPrincipal> = {
    ...stubs,
    listJobs: ({ query }) => ({ status: 200, body: listJobs(query) }),
    createJob: ({ body, principal }) => {
      const job = createJob(body, principal);
      return { status: 201, body: job, headers: { Location: `/api/v1/jobs/${job.id}` } };
    },
  };
  const app = createApi(handlers, {
    auth,
    validateResponses,
    specPath: false,
    logger: stderrRuntimeLogger,
  });
  return serveFetch(app.fetch);
}
