/**
 * `/graphql` over graphql-http (GraphQL over HTTP spec) on Hono. Every field call runs
 * its REST operation through the operation pipeline (runtime/graphql/schema.ts), so auth,
 * RBAC, validation, rate limits and response checks are the REST ones. The app's HTTP
 * middleware (body-size limit, global rate limit, headers, CORS) already ran for the
 * request; here only query-shape limits are added:
 *
 * - depth, aliases, directives and cost (graphql-armor rules, reporting through the
 *   validation context so the client gets 400 + a GraphQL error, never a 500);
 * - tokens (graphql-js `maxTokens` at parse time) and root fields per request (each root
 *   field is one operation call: the batch size);
 * - fragment cycles are rejected by graphql-js's own NoFragmentCyclesRule, which runs
 *   before the armor rules count anything;
 * - introspection off in production.
 */
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  type ASTVisitor,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { createHandler } from 'graphql-http/lib/use/fetch';
import { Hono, type Context } from 'hono';
import { graphqlContract, typeDefs } from '../../generated/graphql/resolvers.js';
import { operationTable, serverBasePath } from '../../generated/openapi/routes.js';
import { buildGraphqlSchema, type GraphqlContext } from '../../runtime/graphql/schema.js';
import type { OperationDef } from '../../runtime/operation.js';

let schema: GraphQLSchema | undefined;

/** The generated SDL with its resolvers; built once per process (it never changes). */
export function graphqlSchema(): GraphQLSchema {
  schema ??= buildGraphqlSchema({
    typeDefs,
    contract: graphqlContract,
    operations: operationTable,
    basePath: serverBasePath,
  });
  return schema;
}

export interface GraphqlLimits {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
  tokens: number;
  /** Root fields (operation calls) one request may make. */
  rootFields: number;
}

export const defaultGraphqlLimits: GraphqlLimits = {
  depth: 10,
  aliases: 15,
  directives: 10,
  cost: 5000,
  tokens: 2000,
  rootFields: 10,
};

export interface GraphqlRoutesOptions {
  schema: GraphQLSchema;
  dispatch: (
    outer: Context,
    op: OperationDef,
    request: Request,
    pathParams: Record<string, string>,
  ) => Promise<Response>;
  /** Turns introspection off. */
  production: boolean;
  limits?: Partial<GraphqlLimits>;
  path?: string;
}

// Report, don't throw: a thrown rejection escapes `validate` and becomes an empty 500.
const report = [(ctx: ValidationContext | null, e: GraphQLError) => ctx?.reportError(e)];
const armor = { propagateOnRejection: false, onReject: report } as const;

function rootFieldLimit(max: number): ValidationRule {
  return (ctx): ASTVisitor => ({
    OperationDefinition(node) {
      const fragments = new Set<string>();
      const count = (set: SelectionSetNode): number =>
        set.selections.reduce((n, s) => {
          if (s.kind === Kind.FIELD) return n + (s.name.value.startsWith('__') ? 0 : 1);
          if (s.kind === Kind.INLINE_FRAGMENT) return n + count(s.selectionSet);
          const name = s.name.value;
          if (fragments.has(name)) return n;
          fragments.add(name);
          const frag = ctx.getFragment(name);
          return frag ? n + count(frag.selectionSet) : n;
        }, 0);
      const n = count(node.selectionSet);
      if (n > max)
        ctx.reportError(
          new GraphQLError(`Too many root fields: ${n} (at most ${max} operations per request)`, {
            nodes: [node],
          }),
        );
    },
  });
}

export function graphqlRules(limits: GraphqlLimits, production: boolean): ValidationRule[] {
  return [
    // Introspection is exempt (armor's default): the standard introspection query nests to
    // depth 21 and resolves from memory; production turns introspection off entirely.
    maxDepthRule({ n: limits.depth, ...armor }),
    maxAliasesRule({ n: limits.aliases, ...armor }),
    maxDirectivesRule({ n: limits.directives, ...armor }),
    costLimitRule({ maxCost: limits.cost, ...armor }),
    rootFieldLimit(limits.rootFields),
    ...(production ? [NoSchemaIntrospectionCustomRule] : []),
  ] as ValidationRule[];
}

export function graphqlRoutes(options: GraphqlRoutesOptions): Hono {
  const limits = { ...defaultGraphqlLimits, ...options.limits };
  const rules = graphqlRules(limits, options.production);
  const outerOf = new WeakMap<Request, Context>();
  const handler = createHandler<GraphqlContext & Record<PropertyKey, unknown>>({
    schema: options.schema,
    parse: (source, parseOptions) => parse(source, { ...parseOptions, maxTokens: limits.tokens }),
    validationRules: (_req, _args, specified) => [...specified, ...rules],
    context: (req) => {
      const raw = req.raw;
      const outer = outerOf.get(raw)!;
      const ctx: GraphqlContext = {
        request: raw,
        dispatch: (op, request, pathParams) => options.dispatch(outer, op, request, pathParams),
      };
      return ctx as GraphqlContext & Record<PropertyKey, unknown>;
    },
  });
  const app = new Hono();
  app.all(options.path ?? '/graphql', async (c) => {
    outerOf.set(c.req.raw, c);
    return handler(c.req.raw);
  });
  return app;
}
