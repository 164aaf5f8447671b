/**
 * Test helpers for /graphql: a POST through `app.request`, and queries built from the
 * schema itself (every field selected, every argument a variable), so the parity and RBAC
 * suites cover every exposed operation without hand-written query text.
 */
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

export interface GqlResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary JSON, asserted per test
  body: any;
}

interface RequestApp {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

export async function gql(
  app: RequestApp,
  query: string,
  variables?: Record<string, unknown>,
  init: { token?: string; ip?: string; accept?: string } = {},
): Promise<GqlResult> {
  const res = await app.request('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: init.accept ?? 'application/graphql-response+json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.ip ? { 'x-forwarded-for': init.ip } : {}),
    },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Every field of an output type, recursively (depth-capped against cycles). */
export function selection(type: GraphQLOutputType, depth = 4): string {
  const t = getNamedType(type);
  if (isObjectType(t)) {
    if (depth === 0) return '{ __typename }';
    const fields = Object.values(t.getFields())
      .filter((f) => f.args.every((a) => !isNonNullType(a.type)))
      .map((f) => `${f.name} ${selection(f.type, depth - 1)}`.trim());
    return `{ __typename ${fields.join(' ')} }`;
  }
  if (isUnionType(t))
    return `{ __typename ${t
      .getTypes()
      .map((m) => `... on ${m.name} ${selection(m, depth - 1)}`)
      .join(' ')} }`;
  return '';
}

/** `query($a: T!, …) { field(a: $a, …) { … } }` for one root field. */
export function fieldQuery(
  schema: GraphQLSchema,
  root: 'Query' | 'Mutation',
  name: string,
  args: readonly string[] = [],
): string {
  const type = root === 'Query' ? schema.getQueryType()! : schema.getMutationType()!;
  const field = type.getFields()[name]!;
  const used = field.args.filter((a) => args.includes(a.name));
  const vars = used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const call = used.map((a) => `${a.name}: $${a.name}`).join(', ');
  const op = root === 'Query' ? 'query' : 'mutation';
  return `${op}${vars ? `(${vars})` : ''} { ${name}${call ? `(${call})` : ''} ${selection(field.type)} }`;
}

export const SAMPLE_UUID = '0b7e9e1c-3d2f-4a5b-8c6d-7e8f9a0b1c2d';

/** A value of an input type that GraphQL accepts (the operation's zod may still refuse it). */
export function sampleValue(type: GraphQLInputType): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [sampleValue(t.ofType as GraphQLInputType)];
  if (isEnumType(t)) return t.getValues()[0]!.name;
  if (isInputObjectType(t)) {
    const fields = Object.values(t.getFields());
    if (t.isOneOf) return { [fields[0]!.name]: sampleValue(fields[0]!.type) };
    return Object.fromEntries(
      fields.filter((f) => isNonNullType(f.type)).map((f) => [f.name, sampleValue(f.type)]),
    );
  }
  if (isScalarType(t)) {
    const samples: Record<string, unknown> = {
      String: 'x',
      Int: 1,
      Float: 1.5,
      Boolean: true,
      ID: '1',
      UUID: SAMPLE_UUID,
      Email: 'someone@example.com',
      DateTime: '2025-01-01T00:00:00Z',
      Int64: 1,
      JSON: {},
    };
    return samples[t.name] ?? 'x';
  }
  return null;
}

/** Required arguments of a field filled with samples. */
export function sampleArgs(field: GraphQLField<unknown, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    field.args.filter((a) => isNonNullType(a.type)).map((a) => [a.name, sampleValue(a.type)]),
  );
}

/**
 * For comparing two answers about different but equivalent resources: ids, times and
 * tokens become placeholders, and absent/null fields are dropped (GraphQL answers null
 * where REST leaves a property out).
 */
export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined || k === '__typename') continue;
      out[k] = shape(v);
    }
    return out;
  }
  if (typeof value === 'string') {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value))
      return '<uuid>';
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return '<time>';
    if (value.length > 40 && /^[\w.-]+$/.test(value)) return '<token>';
  }
  return value;
}

/** Same as `shape` but keeps ids and times: the answers must be the same data. */
export function same(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(same);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined || k === '__typename') continue;
      out[k] = same(v);
    }
    return out;
  }
  return value;
}
