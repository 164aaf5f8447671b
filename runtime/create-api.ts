/**
 * The route factory behind the generated `createApi`: mounts every row of an operation
 * table on a Hono app. Per request:
 *
 *   authenticate → authorize → validate → handler → (optionally) validate response → send
 *
 * Authentication comes BEFORE validation on purpose: an anonymous caller of a secured
 * operation learns nothing about its input rules (401, not 400). Optional operations
 * authenticate only when credentials are sent, and then a bad credential is a 401 too
 * (silently downgrading to anonymous would hide client bugs). Public operations
 * (`security: []`) ignore credentials, so a stale token never blocks login.
 */
import { Hono, type Context, type Env, type MiddlewareHandler } from 'hono';
import type { AuthHooks, OperationValidators } from './contract.js';
import type { AnyHandlerResult, RequestContext } from './handler-types.js';
import { issuesToFieldErrors } from './issues.js';
import { NotImplementedError } from './not-implemented.js';
import type { OperationDef } from './operation.js';
import {
  compareSpecificity,
  compilePathTemplate,
  joinPath,
  matchPath,
  routeTemplate,
  type PathMatcher,
} from './path-template.js';
import { problem, problemResponse, validationProblem, type FieldError } from './problem.js';
import { setMatchedOperation } from './matched-operation.js';
import { validateBody } from './request-body.js';
import { untouchedIncoming } from './node-incoming.js';
import { rawPart, rawParts } from './request-parts.js';
import { unstorableText } from './storable-text.js';
import { checkResult, chooseContentType, responseKeyFor, serialiseResult } from './response.js';
import {
  lastResort,
  lastResortHandler,
  requestIdOf,
  type MappedError,
  type RuntimeLogger,
} from './last-resort.js';

// Part of CreateApiOptions' surface: callers type their logger and error mapping from here.
export type { MappedError, RuntimeLogger };

export interface CreateApiOptions<
  P,
  C extends RequestContext = RequestContext,
  E extends Env = Env,
> {
  auth: AuthHooks<P>;
  /** Validate handler results against the spec; a mismatch becomes a logged 500. */
  validateResponses: boolean;
  /** Prefix for every operation path; the generated factory passes the spec's server path. */
  basePath?: string;
  /** Mount onto this app (so its middleware runs first); a new Hono app otherwise. */
  app?: Hono<E>;
  /** How the client IP is derived (socket, trusted proxy header); app policy, not ours. */
  clientIp?: (c: Context<E>) => string | undefined;
  /** Extends the base request context handlers receive. */
  context?: (base: RequestContext, c: Context<E>) => C;
  logger: RuntimeLogger;
  /** Publish the bundled spec here (`false` to not publish). Default `/openapi.json`. */
  specPath?: string | false;
  document?: Record<string, unknown>;
  /**
   * Turns an error a handler or hook threw into a problem the client may see (e.g. an
   * exhausted database pool → 503 with Retry-After). Unmapped errors stay logged 500s.
   */
  mapError?: (err: unknown) => MappedError | undefined;
  /**
   * Middleware that runs for one operation before authentication, on every surface that
   * calls it (REST routes and GraphQL fields alike): per-operation rate limits live here,
   * keyed by operationId rather than URL path, so no second surface can bypass them.
   */
  operationMiddleware?: (op: OperationDef) => readonly MiddlewareHandler[] | undefined;
}

type AnyHandler = (input: Record<string, unknown>) => AnyHandlerResult | Promise<AnyHandlerResult>;

export function mountOperations<P, C extends RequestContext, E extends Env = Env>(
  table: readonly OperationDef[],
  handlers: object,
  options: CreateApiOptions<P, C, E>,
): Hono<E> {
  const app = options.app ?? new Hono<E>();
  const basePath = options.basePath ?? '';
  const handlerMap = handlers as Record<string, AnyHandler | undefined>;

  const missing = table.filter((op) => typeof handlerMap[op.operationId] !== 'function');
  if (missing.length) {
    throw new Error(`createApi: no handler for ${missing.map((op) => op.operationId).join(', ')}`);
  }
  const noValidators = table.filter((op) => !op.validators);
  if (noValidators.length) {
    throw new Error(
      `createApi: no validators for ${noValidators.map((op) => op.operationId).join(', ')}`,
    );
  }

  const matchers = new Map<OperationDef, PathMatcher>(
    table.map((op) => [op, compilePathTemplate(basePath, op.path)]),
  );
  const routeOf = new Map(table.map((op) => [op, joinPath(basePath, op.path)]));

  if (options.specPath !== false && options.document) {
    const doc = options.document;
    app.get(options.specPath ?? '/openapi.json', (c) => c.json(doc));
  }

  const ordered = [...table].sort((a, b) =>
    compareSpecificity(routeTemplate(a.path), routeTemplate(b.path)),
  );
  // Operations that share a method and route (told apart by a `#…`/`?…` path suffix plus a
  // header or query value) are mounted once and dispatched by their parameters.
  const routes = new Map<string, OperationDef[]>();
  for (const op of ordered) {
    const key = `${op.method} ${routeTemplate(op.path)}`;
    routes.set(key, [...(routes.get(key) ?? []), op]);
  }
  for (const group of routes.values()) {
    const first = group[0]!;
    const matcher = matchers.get(first)!;
    // Hono routes a HEAD request as GET (and answers it without the body), so a HEAD
    // operation is mounted on GET and takes only HEAD requests; a GET operation on the same
    // route leaves those to it.
    const isHead = first.method === 'head';
    const headTwin = routes.has(`head ${routeTemplate(first.path)}`);
    const method = isHead ? 'GET' : first.method.toUpperCase();
    app.on(method, joinPath(basePath, first.honoPath), (c, next) => {
      if (isHead !== (c.req.raw.method === 'HEAD') && (isHead || headTwin)) return next();
      const url = new URL(c.req.url);
      const pathParams = matchPath(matcher, url.pathname);
      if (!pathParams) return next();
      const op = group.length === 1 ? first : pickOperation(group, c.req.raw, url, pathParams);
      setMatchedOperation(c, op, routeOf.get(op)!);
      return runOperation({
        c,
        url,
        pathParams,
        op,
        handler: handlerMap[op.operationId]!,
        options,
      });
    });
  }

  app.notFound((c) => {
    const pathname = new URL(c.req.url).pathname;
    const allowed = new Set<string>();
    for (const [op, matcher] of matchers) {
      if (matchPath(matcher, pathname)) {
        allowed.add(op.method.toUpperCase());
        if (op.method === 'get') allowed.add('HEAD');
      }
    }
    if (allowed.size > 0) {
      const allow = [...allowed].sort().join(', ');
      return problemResponse(
        problem(
          'methodNotAllowed',
          `${c.req.method} is not allowed on ${pathname}; allowed: ${allow}`,
        ),
        { allow },
      );
    }
    return problemResponse(problem('notFound', `No route for ${c.req.method} ${pathname}`));
  });

  app.onError(lastResortHandler(options.logger, options.mapError));
  return app;
}

/**
 * Runs one operation for a request built elsewhere (a GraphQL field): the same steps as
 * its REST route, with the operation's middleware, but no routing and none of the app's
 * HTTP middleware (that already ran for the request the call came in).
 */
export function operationDispatcher<P, C extends RequestContext, E extends Env = Env>(
  table: readonly OperationDef[],
  handlers: object,
  options: CreateApiOptions<P, C, E>,
): (
  outer: Context,
  op: OperationDef,
  request: Request,
  pathParams: Record<string, string>,
) => Promise<Response> {
  const handlerMap = handlers as Record<string, AnyHandler | undefined>;
  const known = new Set(table);
  // A Hono app of one route gives each built request a real Context (what middleware and
  // clientIp read); the outer env (e.g. the Node socket) and request id are carried over.
  const inner = new Hono<E>();
  inner.all('*', (c) => {
    const job = (c.env as Record<string, unknown>)[DISPATCH] as DispatchJob;
    if (job.requestId) (c as unknown as Context).set('requestId', job.requestId);
    return runOperation({
      c,
      url: new URL(c.req.url),
      pathParams: job.pathParams,
      op: job.op,
      handler: handlerMap[job.op.operationId]!,
      options,
    });
  });
  inner.onError(lastResortHandler(options.logger, options.mapError));
  return async (outer, op, request, pathParams) => {
    if (!known.has(op) || typeof handlerMap[op.operationId] !== 'function')
      throw new Error(`no handler for ${op.operationId}`);
    const outerVars = outer.var as Record<string, unknown>;
    const job: DispatchJob = {
      op,
      pathParams,
      requestId: typeof outerVars.requestId === 'string' ? outerVars.requestId : undefined,
    };
    return inner.fetch(request, { ...(outer.env as object), [DISPATCH]: job });
  };
}

const DISPATCH = 'specSuiteDispatch';
interface DispatchJob {
  op: OperationDef;
  pathParams: Record<string, string>;
  requestId: string | undefined;
}

/** One call of an operation: the request, the matched operation, its handler. */
interface OperationCall<P, C extends RequestContext, E extends Env> {
  c: Context<E>;
  url: URL;
  pathParams: Record<string, string>;
  op: OperationDef;
  handler: AnyHandler;
  options: CreateApiOptions<P, C, E>;
}

/** The operation's own middleware (rate limits), then the pipeline. */
function runOperation<P, C extends RequestContext, E extends Env>(
  call: OperationCall<P, C, E>,
): Promise<Response> {
  const chain = call.options.operationMiddleware?.(call.op) ?? [];
  // No wrapping promise when there is no middleware (the common case).
  return chain.length === 0 ? handleOperation(call) : runWithMiddleware(call, chain);
}

async function runWithMiddleware<P, C extends RequestContext, E extends Env>(
  call: OperationCall<P, C, E>,
  chain: readonly MiddlewareHandler[],
): Promise<Response> {
  const { c } = call;
  let response: Response | undefined;
  const step = async (i: number): Promise<void> => {
    if (i === chain.length) {
      response = await handleOperation(call);
      c.res = response;
      return;
    }
    const early = await chain[i]!(c as unknown as Context, () => step(i + 1));
    if (early instanceof Response) response = early;
    else if (response) response = c.res;
  };
  await step(0);
  return response!;
}

/** The first operation whose path, query, header and cookie parameters all validate. */
function pickOperation(
  group: OperationDef[],
  request: Request,
  url: URL,
  pathParams: Record<string, string>,
): OperationDef {
  const parts = rawParts(request, url, pathParams);
  const fits = (op: OperationDef) =>
    (['path', 'query', 'header', 'cookie'] as const).every(
      (location) => op.validators?.[location]?.safeParse(parts[location]).success ?? true,
    );
  return group.find(fits) ?? group[0]!;
}

async function handleOperation<P, C extends RequestContext, E extends Env>({
  c,
  url,
  pathParams,
  op,
  handler,
  options,
}: OperationCall<P, C, E>): Promise<Response> {
  const logger = options.logger;
  const request = c.req.raw;
  const requestId = requestIdOf(c);

  // 1. authenticate / authorize. Headers are read only when something needs them: on
  // @hono/node-server the first read builds a `Headers` from the raw ones.
  const authorization =
    op.security === 'public' ? undefined : (request.headers.get('authorization') ?? undefined);
  let principal: P | null = null;
  if (op.security === 'secured' || (op.security === 'optional' && authorization !== undefined)) {
    const outcome = await options.auth.authenticate({
      authorization,
      operationId: op.operationId,
      request,
    });
    if (!outcome.ok) {
      return outcome.status === 503
        ? problemResponse(problem('serviceUnavailable', outcome.detail))
        : problemResponse(problem('unauthenticated', outcome.detail), {
            'www-authenticate': 'Bearer',
          });
    }
    principal = outcome.principal;
  }
  if (op.security === 'secured') {
    const allowed =
      op.permissions.length > 0 &&
      (await options.auth.authorize(principal as P, op.permissions, op.operationId));
    if (!allowed) {
      return problemResponse(
        problem(
          'forbidden',
          `Requires permission: ${op.permissions.join(' or ') || '(none granted by the spec)'}`,
        ),
      );
    }
  }

  // 2. validate
  const validators = op.validators!;
  const errors: FieldError[] = [];
  const input: Record<string, unknown> = {};
  for (const location of LOCATIONS) {
    const parsed = validatePart(validators, location, request, url, pathParams);
    if (parsed.errors) errors.push(...parsed.errors);
    else {
      input[location] = parsed.value;
      // POL-I-001: text the database cannot store is a 400 on every operation.
      errors.push(...unstorableText(location, parsed.value));
    }
  }
  if (op.requestBody) {
    const body = await validateBody(op, validators, request, untouchedIncoming(c));
    if ('response' in body) return body.response;
    if (body.errors) errors.push(...body.errors);
    else {
      input.body = body.value;
      input.contentType = body.contentType;
      errors.push(...unstorableText('body', body.value));
    }
  }
  if (errors.length) return problemResponse(validationProblem(errors, url.pathname));

  // 3. handle
  const base: RequestContext = {
    request,
    requestId,
    clientIp: options.clientIp?.(c),
    // Read on demand, so a request nobody asks about builds no `Headers` (see step 1).
    get userAgent() {
      return request.headers.get('user-agent') ?? undefined;
    },
  };
  input.principal = principal;
  input.ctx = options.context ? options.context(base, c) : base;
  let result: AnyHandlerResult;
  try {
    const returned = handler(input);
    // A synchronous handler's result is used as is: no extra turn of the microtask queue.
    result =
      typeof (returned as Partial<PromiseLike<unknown>> | undefined)?.then === 'function'
        ? await returned
        : (returned as AnyHandlerResult);
  } catch (err) {
    if (err instanceof NotImplementedError) {
      return problemResponse(problem('notImplemented', `${op.operationId} is not implemented yet`));
    }
    return lastResort(c, err, logger, options.mapError, requestId);
  }

  // 4. respond
  if (options.validateResponses) {
    const problems = checkResult(result, op.responses, validators);
    if (problems.length) {
      logger.error(
        'response does not match the spec',
        { requestId, operationId: op.operationId, status: result.status, errors: problems },
        c as unknown as Context,
      );
      return problemResponse(
        problem(
          'responseValidation',
          `${op.operationId} produced a ${result.status} response the spec does not allow`,
          { requestId, errors: problems },
        ),
      );
    }
  }
  const key = responseKeyFor(op.responses, result.status);
  return serialiseResult(result, chooseContentType(result, key ? op.responses[key] : undefined));
}

const LOCATIONS = ['path', 'query', 'header', 'cookie'] as const;

/** Only the parts an operation declares parameters in are taken from the request. */
function validatePart(
  validators: OperationValidators,
  location: (typeof LOCATIONS)[number],
  request: Request,
  url: URL,
  pathParams: Record<string, string>,
): { value: unknown; errors?: undefined } | { errors: FieldError[] } {
  const schema = validators[location];
  if (!schema) return { value: {} };
  const parsed = schema.safeParse(rawPart(location, request, url, pathParams));
  return parsed.success
    ? { value: parsed.data }
    : { errors: issuesToFieldErrors(location, parsed.error.issues) };
}
