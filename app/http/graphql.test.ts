/**
 * Query-shape limits on a small recursive schema (the job-board spec has no recursive
 * type, so depth attacks need one): every rejection is a 400 with a GraphQL error from
 * validation, never a 500, and the next request is served.
 */
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { graphqlRoutes } from './graphql.js';

const schema = buildSchema(`
  type Node { id: ID! name: String parent: Node children: [Node!]! }
  type Query { node: Node }
`);
const node = { id: '1', name: 'root', parent: null, children: [] };
schema.getQueryType()!.getFields().node!.resolve = () => node;

function app(production = false) {
  return graphqlRoutes({
    schema,
    production,
    dispatch: () => Promise.reject(new Error('no operations here')),
    limits: { depth: 5, aliases: 3, tokens: 300, cost: 20, rootFields: 4, directives: 5 },
  });
}

async function post(a: ReturnType<typeof app>, query: string) {
  const res = await a.request('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: unknown; errors?: { message: string }[] },
  };
}

const nest = (n: number) => `${'parent { '.repeat(n)}id${' }'.repeat(n)}`;

describe('GraphQL query limits', () => {
  const rejected: [string, string, RegExp][] = [
    ['depth', `{ node { ${nest(6)} } }`, /depth/i],
    [
      'depth hidden in nested fragments',
      `{ node { ...A } } fragment A on Node { parent { ...B } } fragment B on Node { parent { ...C } } fragment C on Node { parent { parent { parent { parent { id } } } } }`,
      /depth/i,
    ],
    [
      'depth through inline fragments',
      `{ node { ... on Node { ${nest(3)} ... on Node { ${nest(6)} } } } }`,
      /depth/i,
    ],
    ['aliases', `{ node { a: id b: id c: id d: id } }`, /alias/i],
    [
      'aliases spread through a fragment',
      `{ node { ...F } n2: node { ...F } } fragment F on Node { a: id b: id }`,
      /alias/i,
    ],
    [
      'fragment cycle',
      `{ node { ...A } } fragment A on Node { parent { ...B } } fragment B on Node { parent { ...A } }`,
      /within itself/,
    ],
    ['self-spread', `{ node { ...A } } fragment A on Node { id ...A }`, /within itself/],
    ['tokens', `{ node { ${'id '.repeat(400)} } }`, /token/i],
    [
      'root fields',
      `{ a: node { id } b: node { id } c: node { id } node { id } ... on Query { x: node { id } } }`,
      /root fields|alias/i,
    ],
    [
      'cost',
      `{ node { children { id name parent { id name } } parent { id name children { id name parent { id name } } } } }`,
      /cost/i,
    ],
  ];
  it.each(rejected)('%s → 400 with a GraphQL error', async (_name, query, message) => {
    const a = app();
    const res = await post(a, query);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors?.map((e) => e.message).join('\n')).toMatch(message);
    expect(res.body.data).toBeUndefined();
    expect(await post(a, '{ node { id } }')).toEqual({
      status: 200,
      body: { data: { node: { id: '1' } } },
    });
  });

  it('within the limits, queries run', async () => {
    const res = await post(app(), `{ node { ${nest(1)} a: name } }`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });

  it('introspection is answered in development and refused in production', async () => {
    const q = '{ __schema { queryType { name } } }';
    expect((await post(app(false), q)).status).toBe(200);
    const prod = await post(app(true), q);
    expect(prod.status).toBe(400);
    expect(prod.body.errors?.[0]?.message).toMatch(/introspection/i);
  });
});
