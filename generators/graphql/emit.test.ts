/**
 * The OpenAPI → GraphQL mapping rules, one row each, on two fixtures that hold one
 * construct per rule (test/fixtures/graphql/: a 3.1 document and a 3.0 one for `nullable`).
 */
import {
  buildSchema,
  isInputObjectType,
  isObjectType,
  type GraphQLEnumType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadApi } from '../openapi/load.js';
import { buildGraphqlModel, emitGraphql, type GraphqlModel } from './emit.js';

let m31: GraphqlModel;
let m30: GraphqlModel;
let s31: GraphQLSchema;
let s30: GraphQLSchema;

beforeAll(async () => {
  m31 = buildGraphqlModel(await loadApi('test/fixtures/graphql/mapping.yaml'));
  m30 = buildGraphqlModel(await loadApi('test/fixtures/graphql/nullable-30.yaml'));
  s31 = buildSchema(m31.sdl);
  s30 = buildSchema(m30.sdl);
});

/** `Type.field` or `Root.field(arg)` → the printed GraphQL type, or undefined. */
function typeAt(schema: GraphQLSchema, where: string): string | undefined {
  const [, typeName, fieldName, argName] = /^(\w+)\.(\w+)(?:\((\w+)\))?$/.exec(where)!;
  const type = schema.getType(typeName!) as GraphQLNamedType | undefined;
  if (!type || !(isObjectType(type) || isInputObjectType(type))) return undefined;
  const field = type.getFields()[fieldName!];
  if (!field) return undefined;
  if (!argName) return String(field.type);
  const arg = 'args' in field ? field.args.find((a) => a.name === argName) : undefined;
  return arg ? String(arg.type) : undefined;
}

const rows: [rule: string, version: '3.1' | '3.0', where: string, expected: string | undefined][] =
  [
    ['GET → Query field named by operationId', '3.1', 'Query.getPet', 'Pet'],
    ['POST → Mutation field', '3.1', 'Mutation.createPet', 'Pet'],
    ['DELETE → Mutation; no success body → Boolean', '3.1', 'Mutation.deletePet', 'Boolean'],
    ['x-graphql kind + name override', '3.1', 'Mutation.runSearch', 'JSON'],
    ['x-graphql: the default field is gone', '3.1', 'Query.search', undefined],
    ['x-graphql skip', '3.1', 'Query.hidden', undefined],
    ['path parameter → argument', '3.1', 'Query.getPet(petId)', 'UUID!'],
    ['required query parameter → non-null argument', '3.1', 'Query.listPets(tag)', 'String!'],
    ['required with a default → nullable argument', '3.1', 'Query.listPets(limit)', 'Int'],
    ['optional header → not exposed', '3.1', 'Query.listPets(X_Trace)', undefined],
    ['required header → argument (sanitised name)', '3.1', 'Query.listPets(X_Tenant)', 'String!'],
    ['request body → input: <Op>Input!', '3.1', 'Mutation.putHolder(input)', 'HolderInput!'],
    ['output: required → non-null', '3.1', 'Holder.plain', 'String!'],
    [
      'output: required but nullable (3.1 type null) → nullable',
      '3.1',
      'Holder.nullable',
      'String',
    ],
    [
      'output: required, anyOf [$ref, null] → nullable ref',
      '3.1',
      'Holder.nullableRef',
      'PetInput',
    ],
    ['output: optional → nullable', '3.1', 'Holder.optional', 'String'],
    ['output: nullable items', '3.1', 'Holder.list', '[String]!'],
    ['output: required with a default → non-null', '3.1', 'Holder.defaulted', 'String!'],
    ['input: required with a default → nullable', '3.1', 'HolderInput.defaulted', 'String'],
    ['input: required, not nullable → non-null', '3.1', 'HolderInput.plain', 'String!'],
    ['input: required but nullable → nullable', '3.1', 'HolderInput.nullable', 'String'],
    ['3.0 nullable: true, required → nullable output', '3.0', 'Thing.nullable', 'String'],
    [
      '3.0 nullable allOf [$ref] → the referenced type, nullable',
      '3.0',
      'Thing.nullableRef',
      'Inner',
    ],
    ['3.0 required → non-null output', '3.0', 'Thing.plain', 'String!'],
    ['3.0 nullable input', '3.0', 'ThingInput.nullable', 'String'],
    ['allOf → one merged type (union of required)', '3.1', 'Cat.purrs', 'Boolean!'],
    ['allOf → parent properties merged', '3.1', 'Cat.name', 'String!'],
    ['readOnly → output only', '3.1', 'Cat.id', 'UUID!'],
    ['readOnly → not on input', '3.1', 'CatInput.id', undefined],
    ['writeOnly → input only', '3.1', 'CatInput.secret', 'String'],
    ['writeOnly → not on output', '3.1', 'Cat.secret', undefined],
    ['additionalProperties map → JSON', '3.1', 'PetList.metadata', 'JSON'],
    ['format date-time → DateTime', '3.1', 'Cat.born', 'DateTime'],
    ['format int64 → Int64', '3.1', 'Cat.chipNumber', 'Int64'],
    ['format email → Email', '3.1', 'Cat.ownerEmail', 'Email'],
    ['invalid property name → sanitised', '3.1', 'Cat.x_odd_name_2', 'String'],
    ['valid property name keeps its name on a collision', '3.1', 'Cat.x_odd_name', 'String'],
    ['union members, inline variant named after its title', '3.1', 'PetBird.wings', 'Int!'],
    ['const string → String', '3.1', 'PetBird.kind', 'String!'],
    ['oneOf in input → @oneOf branch fields', '3.1', 'CreatePetInput.dog', 'DogInput'],
    ['a list of a union', '3.1', 'PetList.items', '[Pet!]!'],
  ];

describe('OpenAPI → GraphQL mapping', () => {
  it.each(rows)('%s (%s %s)', (_rule, version, where, expected) => {
    expect(typeAt(version === '3.1' ? s31 : s30, where)).toBe(expected);
  });

  it('oneOf/anyOf + discriminator → union, mapped by explicit mapping, ref names and inline consts', () => {
    const pet = s31.getType('Pet');
    expect(isUnionType(pet) && pet.getTypes().map((t) => t.name)).toEqual([
      'Cat',
      'Dog',
      'PetBird',
    ]);
    expect(m31.contract.unions.Pet).toEqual({
      propertyName: 'kind',
      mapping: { cat: 'Cat', dog: 'Dog', 'bird-y': 'PetBird' },
    });
  });

  it('oneOf without a discriminator → JSON with a warning', () => {
    expect(m31.warnings).toEqual([expect.stringMatching(/oneOf without a discriminator .* JSON/)]);
  });

  it('oneOf in an input → an @oneOf input object', () => {
    const input = s31.getType('CreatePetInput');
    expect(isInputObjectType(input) && input.isOneOf).toBe(true);
    expect(m31.sdl).toContain('input CreatePetInput @oneOf {');
  });

  it('enum values that are not GraphQL names get a deterministic mapping', () => {
    const values = (s31.getType('ListPetsKindInput') as GraphQLEnumType)
      .getValues()
      .map((v) => v.name);
    expect(values).toEqual(['_2legs', 'cat_like', 'cat_like_2', 'true_']);
    expect(m31.contract.enums.ListPetsKindInput).toEqual({
      _2legs: '2legs',
      cat_like_2: 'cat-like',
      true_: 'true',
    });
  });

  it('renamed fields are recorded for the runtime', () => {
    expect(m31.contract.fields.Cat).toEqual({ x_odd_name_2: 'x-odd-name' });
    expect(m31.contract.operations.Query.listPets!.args.X_Tenant).toEqual({
      in: 'header',
      name: 'X-Tenant',
    });
  });

  it('operations GraphQL cannot carry are reported with a reason, not dropped silently', () => {
    expect(m31.skipped).toEqual([
      { operationId: 'hidden', reason: 'x-graphql.skip' },
      { operationId: 'upload', reason: 'request body is not JSON (multipart/form-data)' },
    ]);
  });

  it('descriptions are carried (operation, argument, type, field)', () => {
    const listPets = s31.getQueryType()!.getFields().listPets!;
    expect(listPets.description).toBe('List pets');
    expect(listPets.args.find((a) => a.name === 'tag')!.description).toBe(
      'Only pets with this tag.',
    );
    expect(s31.getType('PetInput')!.description).toBe(
      'Takes the name a Pet input twin would want.',
    );
    expect(
      (s31.getType('Cat') as { getFields(): Record<string, { description?: unknown }> }).getFields()
        .name!.description,
    ).toBe("The pet's name.");
  });

  it('a spec without GET operations still has a Query type', () => {
    expect(Object.keys(s30.getQueryType()!.getFields())).toEqual(['_empty']);
  });

  it('emits the SDL and the resolver module, byte-identical on every run, naming the source', async () => {
    const ir = await loadApi('test/fixtures/graphql/mapping.yaml');
    const [a, b] = [
      await emitGraphql(ir, { runtimeImport: '../../runtime' }),
      await emitGraphql(ir, { runtimeImport: '../../runtime' }),
    ];
    expect(a.map((f) => f.path)).toEqual(['graphql/schema.graphql', 'graphql/resolvers.ts']);
    expect(a).toEqual(b);
    expect(a[0]!.contents).toMatch(
      /^# GENERATED by spec-suite \(emit-graphql\) from test\/fixtures\/graphql\/mapping.yaml/m,
    );
    expect(a[0]!.contents).toContain('#   upload: request body is not JSON');
    expect(a[1]!.contents).toContain("from '../../runtime/graphql/contract.js'");
  });
});

describe('components shared by input and output', () => {
  it('maps array and alias components per mode (an output field never gets an input type)', async () => {
    const m = buildGraphqlModel(await loadApi('test/fixtures/graphql/per-mode-components.yaml'));
    const s = buildSchema(m.sdl);
    expect(typeAt(s, 'Budget.subscribers')).toBe('[Subscriber!]!');
    expect(typeAt(s, 'Budget.owner')).toBe('Subscriber!');
    expect(typeAt(s, 'BudgetInput.subscribers')).toBe('[SubscriberInput!]!');
    expect(typeAt(s, 'BudgetInput.owner')).toBe('SubscriberInput!');
  });
});

describe('recursive components reached through allOf', () => {
  it('maps an annotated reference to the component and an inline allOf to one type', async () => {
    const m = buildGraphqlModel(await loadApi('test/fixtures/graphql/recursive-allof.yaml'));
    const s = buildSchema(m.sdl);
    expect(typeAt(s, 'Expression.not')).toBe('Expression');
    expect(typeAt(s, 'ExpressionInput.not')).toBe('ExpressionInput');
    const tagged = typeAt(s, 'Expression.tagged')!;
    expect(typeAt(s, `${tagged}.tagged`)).toBe(tagged);
    expect(typeAt(s, `${tagged}.tag`)).toBe('String');
  });
});
