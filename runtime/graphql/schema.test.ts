/**
 * The executable schema on the mapping fixture, with a dispatcher that records the
 * operation request it is handed and answers canned JSON: arguments become the REST
 * request (names, enum values and @oneOf unwrapped back), answers become GraphQL values
 * (discriminated variants that share fields each resolve to their own type), problems
 * become GraphQL errors carrying the problem.
 */
import { graphql, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraphqlModel } from '../../generators/graphql/emit.js';
import { loadApi } from '../../generators/openapi/load.js';
import type { OperationDef } from '../operation.js';
import { buildGraphqlSchema, type GraphqlContext } from './schema.js';

let schema: GraphQLSchema;
let operations: OperationDef[];

beforeAll(async () => {
  const ir = await loadApi('test/fixtures/graphql/mapping.yaml');
  const model = buildGraphqlModel(ir);
  operations = ir.operations.map(
    (op) => ({ operationId: op.operationId, method: op.method, path: op.path }) as OperationDef,
  );
  schema = buildGraphqlSchema({
    typeDefs: model.sdl,
    contract: model.contract,
    operations,
    basePath: '/v1',
  });
});

interface Seen {
  op: string;
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

async function run(
  query: string,
  answer: (seen: Seen) => Response,
  variables?: Record<string, unknown>,
) {
  const seen: Seen[] = [];
  const contextValue: GraphqlContext = {
    request: new Request('http://api.test/graphql', {
      headers: { authorization: 'Bearer t', 'x-secret': 'no' },
    }),
    dispatch: async (op, request) => {
      const text = await request.text();
      const s = {
        op: op.operationId,
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      seen.push(s);
      return answer(s);
    },
  };
  const result = await graphql({ schema, source: query, contextValue, variableValues: variables });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary JSON, asserted per test
  return { result: JSON.parse(JSON.stringify(result)) as { data?: any; errors?: any[] }, seen };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const ID = '0b7e9e1c-3d2f-4a5b-8c6d-7e8f9a0b1c2d';
const animal = { id: ID, name: 'Tom', lives: 9, 'x-odd-name': 'odd', x_odd_name: 'plain' };
const PET = `{ __typename ... on Cat { name lives purrs x_odd_name x_odd_name_2 } ... on Dog { name lives barks } ... on PetBird { wings } }`;

describe('GraphQL field → operation request', () => {
  it('path, query (enum mapped back), required header, forwarded credentials', async () => {
    const { seen, result } = await run(
      `{ listPets(tag: "t", limit: 5, kind: cat_like_2, X_Tenant: "acme") { items { __typename } metadata } }`,
      () => json({ items: [], metadata: { a: 'b' } }),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.listPets).toEqual({ items: [], metadata: { a: 'b' } });
    const [s] = seen;
    expect(s!.method).toBe('GET');
    expect(s!.url.pathname).toBe('/v1/pets');
    expect([...s!.url.searchParams]).toEqual([
      ['kind', 'cat-like'],
      ['limit', '5'],
      ['tag', 't'],
    ]);
    expect(s!.headers.get('X-Tenant')).toBe('acme');
    expect(s!.headers.get('authorization')).toBe('Bearer t');
    expect(s!.headers.get('x-secret')).toBeNull();
  });

  it('@oneOf input unwraps to the branch, renamed fields go back to their JSON names', async () => {
    const { seen } = await run(
      `mutation($p: CreatePetInput!) { createPet(input: $p) { __typename } }`,
      () => json({ ...animal, kind: 'dog', barks: true }, 201),
      {
        p: {
          dog: { name: 'Rex', kind: 'dog', barks: true, x_odd_name_2: 'odd', x_odd_name: 'plain' },
        },
      },
    );
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.headers.get('content-type')).toBe('application/json');
    expect(seen[0]!.body).toEqual({
      name: 'Rex',
      kind: 'dog',
      barks: true,
      'x-odd-name': 'odd',
      x_odd_name: 'plain',
    });
  });

  it('no success body → true', async () => {
    const { result, seen } = await run(
      `mutation { deletePet(petId: "${ID}") }`,
      () => new Response(null, { status: 204 }),
    );
    expect(result.data).toEqual({ deletePet: true });
    expect(seen[0]!.url.pathname).toBe(`/v1/pets/${ID}`);
    expect(seen[0]!.method).toBe('DELETE');
  });
});

describe('discriminated union whose variants share fields', () => {
  const variants: [string, Record<string, unknown>, Record<string, unknown>][] = [
    [
      'cat',
      { ...animal, kind: 'cat', purrs: true },
      {
        __typename: 'Cat',
        name: 'Tom',
        lives: 9,
        purrs: true,
        x_odd_name: 'plain',
        x_odd_name_2: 'odd',
      },
    ],
    [
      'dog',
      { ...animal, kind: 'dog', barks: false },
      { __typename: 'Dog', name: 'Tom', lives: 9, barks: false },
    ],
    ['bird-y', { kind: 'bird-y', wings: 2 }, { __typename: 'PetBird', wings: 2 }],
  ];
  it.each(variants)('%s resolves to its own type', async (_kind, body, expected) => {
    const { result } = await run(`{ getPet(petId: "${ID}") ${PET} }`, () => json(body));
    expect(result.errors).toBeUndefined();
    expect(result.data.getPet).toEqual(expected);
  });

  it('an unknown discriminator value is a field error, not a wrong type', async () => {
    const { result } = await run(`{ getPet(petId: "${ID}") ${PET} }`, () => json({ kind: 'fish' }));
    expect(result.data.getPet).toBeNull();
    expect(result.errors![0].message).toMatch(/no declared variant/);
  });
});

describe('problems → GraphQL errors', () => {
  it('carry code, status, type, title and field errors', async () => {
    const problem = {
      type: 'https://x.test/validation',
      title: 'Request validation failed',
      status: 400,
      detail: 'query/tag: too short',
      errors: [{ in: 'query', path: '/tag', message: 'too short' }],
    };
    const { result } = await run(`{ listPets(tag: "", X_Tenant: "a") { metadata } }`, () =>
      json(problem, 400),
    );
    expect(result.data.listPets).toBeNull();
    expect(result.errors![0]).toMatchObject({
      message: 'query/tag: too short',
      path: ['listPets'],
      extensions: {
        code: 'BAD_USER_INPUT',
        status: 400,
        type: problem.type,
        title: problem.title,
        errors: problem.errors,
      },
    });
  });

  it('a non-JSON error body still classifies by status', async () => {
    const { result } = await run(
      `mutation { deletePet(petId: "${ID}") }`,
      () => new Response('boom', { status: 502 }),
    );
    expect(result.errors![0].extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      status: 502,
      type: 'about:blank',
    });
  });
});
