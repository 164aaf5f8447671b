/**
 * The executable GraphQL schema: the generated SDL plus one resolver per root field that
 * runs the field's REST operation through the same pipeline as an HTTP call (rate limit →
 * authenticate → authorize → zod validation → handler → response validation). The resolver
 * builds the operation's request from the arguments, hands it to `dispatch`, and turns the
 * answer into the field's value, or a problem into a GraphQL error (see errors.ts).
 */
import {
  buildSchema,
  GraphQLError,
  isUnionType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import type { OperationDef } from '../operation.js';
import { joinPath } from '../path-template.js';
import type { GraphqlArgTarget, GraphqlContract, GraphqlFieldSpec } from './contract.js';
import { problemToGraphqlError } from './errors.js';
import { attachScalars } from './scalars.js';
import { memberType, toGraphql, toRest } from './values.js';

/** Per GraphQL request: the HTTP request it came in, and how to run one operation. */
export interface GraphqlContext {
  request: Request;
  /** Runs the operation on a request built for it (the app's operation pipeline). */
  dispatch(
    op: OperationDef,
    request: Request,
    pathParams: Record<string, string>,
  ): Promise<Response>;
}

export interface GraphqlSchemaOptions {
  typeDefs: string;
  contract: GraphqlContract;
  operations: readonly OperationDef[];
  basePath?: string;
  /**
   * Headers of the GraphQL request every operation request carries (credentials, client
   * address, tracing). Header parameters the spec declares come from arguments instead.
   */
  forwardHeaders?: readonly string[];
}

export const DEFAULT_FORWARD_HEADERS = [
  'authorization',
  'cookie',
  'user-agent',
  'x-forwarded-for',
  'forwarded',
  'x-request-id',
  'traceparent',
  'tracestate',
  'accept-language',
];

export function buildGraphqlSchema(options: GraphqlSchemaOptions): GraphQLSchema {
  const schema = buildSchema(options.typeDefs);
  attachScalars(schema);
  const byId = new Map(options.operations.map((op) => [op.operationId, op]));
  const forward = options.forwardHeaders ?? DEFAULT_FORWARD_HEADERS;

  for (const rootName of ['Query', 'Mutation'] as const) {
    const root = rootName === 'Query' ? schema.getQueryType() : schema.getMutationType();
    if (!root) continue;
    for (const [fieldName, spec] of Object.entries(options.contract.operations[rootName])) {
      const field = root.getFields()[fieldName];
      const op = byId.get(spec.operationId);
      if (!field || !op) continue;
      field.resolve = (_source, args: Record<string, unknown>, ctx: GraphqlContext) =>
        resolveField(field, spec, op, args, ctx, options, forward);
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isUnionType(type)) continue;
    type.resolveType = (value: unknown) => {
      const name = typeof value === 'object' && value ? memberType.get(value) : undefined;
      if (!name) throw new GraphQLError(`${type.name}: the value matches no declared variant`);
      return name;
    };
  }
  return schema;
}

async function resolveField(
  field: GraphQLField<unknown, unknown>,
  spec: GraphqlFieldSpec,
  op: OperationDef,
  args: Record<string, unknown>,
  ctx: GraphqlContext,
  options: GraphqlSchemaOptions,
  forward: readonly string[],
): Promise<unknown> {
  const pathParams: Record<string, string> = {};
  const query = new URLSearchParams();
  const headers = new Headers();
  for (const name of forward) {
    const value = ctx.request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const cookies: string[] = [];
  let body: unknown;
  for (const arg of field.args) {
    if (!(arg.name in args)) continue;
    const value = toRest(args[arg.name], arg.type, options.contract);
    if (arg.name === spec.body) {
      body = value;
      continue;
    }
    const target = spec.args[arg.name];
    if (!target || value === undefined || value === null) continue;
    if (target.in === 'path') pathParams[target.name] = simple(value);
    else if (target.in === 'header') headers.set(target.name, simple(value));
    else if (target.in === 'cookie')
      cookies.push(`${target.name}=${encodeURIComponent(simple(value))}`);
    else appendQuery(query, value, target);
  }
  if (cookies.length) {
    const existing = headers.get('cookie');
    headers.set('cookie', [existing, ...cookies].filter(Boolean).join('; '));
  }
  if (body !== undefined) headers.set('content-type', spec.contentType ?? 'application/json');
  headers.set('accept', 'application/json');

  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
    encodeURIComponent(pathParams[name] ?? ''),
  );
  const search = query.toString();
  const url = new URL(
    `${joinPath(options.basePath ?? '', path.replace(/[#?].*$/, ''))}${search ? `?${search}` : ''}`,
    ctx.request.url,
  );
  const request = new Request(url, {
    method: op.method.toUpperCase(),
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const response = await ctx.dispatch(op, request, pathParams);
  if (response.status >= 200 && response.status < 300) {
    if (spec.result !== 'json') return true;
    const text = await response.text();
    return toGraphql(text ? JSON.parse(text) : null, field.type, options.contract);
  }
  throw await problemToGraphqlError(response);
}

/** `simple` style (path and header parameters): lists and objects comma-separated. */
function simple(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'object' && value !== null)
    return Object.entries(value)
      .flatMap(([k, v]) => [k, String(v)])
      .join(',');
  return String(value);
}

const text = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/** A query argument serialised per the parameter's style (OpenAPI default: form, exploded). */
function appendQuery(query: URLSearchParams, value: unknown, target: GraphqlArgTarget) {
  const { name, style = 'form', explode = style === 'form' } = target;
  if (Array.isArray(value)) {
    if (explode) for (const v of value) query.append(name, text(v));
    else
      query.append(
        name,
        value
          .map(text)
          .join(style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ','),
      );
  } else if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (style === 'deepObject')
      for (const [k, v] of entries) query.append(`${name}[${k}]`, text(v));
    else if (explode) for (const [k, v] of entries) query.append(k, text(v));
    else query.append(name, entries.flatMap(([k, v]) => [k, text(v)]).join(','));
  } else query.append(name, String(value));
}
