/**
 * `graphql/schema.graphql` (the SDL) and `graphql/resolvers.ts` (the SDL as a string plus
 * the data the runtime builds resolvers from: which operation each field calls, where its
 * arguments go, and the name translations). Pure: IR in, files out.
 *
 * Operations become fields (GET → Query, other methods → Mutation, field = operationId),
 * overridable per operation with `x-graphql: { kind: query|mutation, name, skip }`.
 * Operations GraphQL cannot carry are skipped with a reason, never a crash.
 */
import {
  GraphQLBoolean,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  lexicographicSortSchema,
  printSchema,
  validateSchema,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
} from 'graphql';
import { formatTsBounded, generatedHeader, type GeneratedFile } from '../emit/files.js';
import type { ApiIR, MediaIR, OperationIR } from '../openapi/ir.js';
import { isJsonMediaType } from '../../runtime/media-types.js';
import type { GraphqlContract, GraphqlFieldSpec } from '../../runtime/graphql/contract.js';
import { NameScope, pascalName, RESERVED_TYPE_NAMES } from './names.js';
import { TypeMapper } from './types.js';

export const SDL_PATH = 'graphql/schema.graphql';
export const RESOLVERS_PATH = 'graphql/resolvers.ts';

export interface GraphqlEmitOptions {
  runtimeImport: string;
}

export interface GraphqlModel {
  sdl: string;
  contract: GraphqlContract;
  warnings: string[];
  skipped: { operationId: string; reason: string }[];
}

interface XGraphql {
  kind?: 'query' | 'mutation';
  name?: string;
  skip?: boolean;
}

function xGraphql(op: OperationIR): XGraphql {
  const raw = op.extensions['x-graphql'];
  return raw && typeof raw === 'object' ? (raw as XGraphql) : {};
}

const jsonMedia = (content: MediaIR[]) =>
  content.find((m) => isJsonMediaType(m.contentType.toLowerCase()));

/** Why an operation cannot be a GraphQL field, or undefined when it can. */
function skipReason(op: OperationIR): string | undefined {
  if (xGraphql(op).skip) return 'x-graphql.skip';
  if (op.method === 'head' || op.method === 'options' || op.method === 'trace')
    return `${op.method.toUpperCase()} has no GraphQL counterpart`;
  if (op.requestBody && op.requestBody.content.length > 0 && !jsonMedia(op.requestBody.content))
    return `request body is not JSON (${op.requestBody.content.map((m) => m.contentType).join(', ')})`;
  const ok = op.responses.find((r) => /^2/.test(r.status));
  if (ok && ok.content.length > 0 && !jsonMedia(ok.content))
    return `success response is not JSON (${ok.content.map((m) => m.contentType).join(', ')})`;
  return undefined;
}

/**
 * The model for every operation GraphQL can carry. Should graphql-js refuse the derived
 * schema (a mapping gap on some exotic spec), each operation is tried alone and the ones
 * that fail are skipped with graphql-js's reason: never a crash, never a silent drop.
 */
export function buildGraphqlModel(ir: ApiIR): GraphqlModel {
  try {
    return buildModel(ir);
  } catch (whole) {
    const failed: GraphqlModel['skipped'] = [];
    for (const op of ir.operations) {
      try {
        buildModel({ ...ir, operations: [op] });
      } catch (e) {
        failed.push({ operationId: op.operationId, reason: `graphql: ${(e as Error).message}` });
      }
    }
    if (failed.length === 0) throw whole;
    const bad = new Set(failed.map((f) => f.operationId));
    const model = buildModel({
      ...ir,
      operations: ir.operations.filter((op) => !bad.has(op.operationId)),
    });
    return { ...model, skipped: [...model.skipped, ...failed] };
  }
}

function buildModel(ir: ApiIR): GraphqlModel {
  const mapper = new TypeMapper(ir.schemas, RESERVED_TYPE_NAMES);
  const skipped: GraphqlModel['skipped'] = [];
  const roots = { Query: new NameScope(), Mutation: new NameScope() };
  const fields = {
    Query: [] as [string, GraphQLFieldConfig<unknown, unknown>][],
    Mutation: [] as [string, GraphQLFieldConfig<unknown, unknown>][],
  };
  const operations: GraphqlContract['operations'] = { Query: {}, Mutation: {} };

  for (const op of ir.operations) {
    const reason = skipReason(op);
    if (reason) {
      skipped.push({ operationId: op.operationId, reason });
      continue;
    }
    const x = xGraphql(op);
    const root =
      (x.kind ?? (op.method === 'get' ? 'query' : 'mutation')) === 'query' ? 'Query' : 'Mutation';
    const fieldName = roots[root].claim(x.name ?? op.operationId);
    const typeBase = pascalName(op.operationId);
    const argScope = new NameScope();
    const args: GraphQLFieldConfigArgumentMap = {};
    const spec: GraphqlFieldSpec = { operationId: op.operationId, args: {} };

    // Header and cookie parameters stay out of GraphQL unless the operation requires them;
    // then they are arguments like the others (the runtime sends them as headers/cookies).
    const params = op.parameters.filter((p) => p.in === 'path' || p.in === 'query' || p.required);
    // `input` is the body's argument; parameters named so step aside deterministically.
    if (op.requestBody) argScope.claim('input');
    for (const p of params) {
      const arg = argScope.claim(p.name);
      const t = mapper.input(p.schema, `${typeBase}${pascalName(p.name)}Input`);
      args[arg] = {
        type: mapper.inputNonNull(p.schema, p.required) ? new GraphQLNonNull(t) : t,
        description: p.description ?? mapper.describe(p.schema),
        deprecationReason:
          p.deprecated && !p.required ? 'Deprecated in the OpenAPI document.' : undefined,
      };
      spec.args[arg] =
        p.in === 'query' && (p.style !== 'form' || !p.explode)
          ? { in: p.in, name: p.name, style: p.style as 'form', explode: p.explode }
          : { in: p.in, name: p.name };
    }
    const body = op.requestBody ? jsonMedia(op.requestBody.content) : undefined;
    if (op.requestBody && body) {
      const t = mapper.input(body.schema, `${typeBase}Input`);
      const required = op.requestBody.required;
      args.input = {
        type: required && !mapper.isNullable(body.schema) ? new GraphQLNonNull(t) : t,
        description: op.requestBody.description,
      };
      spec.body = 'input';
      spec.contentType = body.contentType;
    }
    const ok = op.responses.find((r) => /^2/.test(r.status));
    const okBody = ok ? jsonMedia(ok.content) : undefined;
    // Root fields stay nullable: a failed operation nulls its own field, not its siblings.
    const type = okBody ? mapper.output(okBody.schema, `${typeBase}Result`) : GraphQLBoolean;
    spec.result = okBody ? 'json' : 'none';
    fields[root].push([
      fieldName,
      {
        type,
        args,
        description: [op.summary, op.description].filter(Boolean).join('\n\n') || undefined,
        deprecationReason: op.deprecated ? 'Deprecated in the OpenAPI document.' : undefined,
      },
    ]);
    operations[root][fieldName] = spec;
  }

  const rootType = (name: 'Query' | 'Mutation') =>
    fields[name].length
      ? new GraphQLObjectType({ name, fields: () => Object.fromEntries(fields[name]) })
      : undefined;
  // GraphQL requires a Query type; a spec without GET operations gets a placeholder field.
  const query =
    rootType('Query') ??
    new GraphQLObjectType({
      name: 'Query',
      fields: {
        _empty: {
          type: GraphQLBoolean,
          description: 'The OpenAPI document has no query operations.',
        },
      },
    });
  const schema = lexicographicSortSchema(
    new GraphQLSchema({ query, mutation: rootType('Mutation'), description: ir.info.description }),
  );
  const errors = validateSchema(schema);
  if (errors.length) {
    throw new Error(
      `graphql: the derived schema is invalid: ${errors.map((e) => e.message).join('; ')}`,
    );
  }
  const warnings = [...mapper.warnings];
  return {
    sdl: `${printSchema(schema)}\n`,
    contract: { operations, ...mapper.maps },
    warnings,
    skipped,
  };
}

export async function emitGraphql(
  ir: ApiIR,
  options: GraphqlEmitOptions,
): Promise<GeneratedFile[]> {
  const model = buildGraphqlModel(ir);
  const sdlHeader = generatedHeader(ir.sourcePath, 'emit-graphql').replace(/^\/\/ ?/gm, '# ');
  const skippedNote = model.skipped.length
    ? `# Operations not exposed:\n${model.skipped.map((s) => `#   ${s.operationId}: ${s.reason}`).join('\n')}\n\n`
    : '';
  const module = `${generatedHeader(ir.sourcePath, 'emit-graphql')}
import type { GraphqlContract } from '${options.runtimeImport}/graphql/contract.js';

/** The SDL (same text as schema.graphql, without its comment header). */
export const typeDefs: string = ${JSON.stringify(model.sdl)};

/** Which operation each field calls, where its arguments go, and name translations. */
export const graphqlContract: GraphqlContract = ${JSON.stringify(model.contract)};
`;
  return [
    { path: SDL_PATH, contents: `${sdlHeader}\n${skippedNote}${model.sdl}` },
    { path: RESOLVERS_PATH, contents: await formatTsBounded(module) },
  ];
}
