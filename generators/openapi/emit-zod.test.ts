import { beforeAll, describe, expect, it } from 'vitest';
import { emitZod } from './emit-zod.js';
import {
  importEmitted,
  irFromDocument,
  type EmittedModule,
} from '../../test/support/load-emitted.js';

/** Every case is a component schema; one document, emitted and imported once. */
const schemas31: Record<string, unknown> = {
  Uuid: { type: 'string', format: 'uuid' },
  Email: { type: 'string', format: 'email' },
  DateTime: { type: 'string', format: 'date-time' },
  Date: { type: 'string', format: 'date' },
  Uri: { type: 'string', format: 'uri' },
  Ipv4: { type: 'string', format: 'ipv4' },
  Ipv6: { type: 'string', format: 'ipv6' },
  Int32: { type: 'integer', format: 'int32' },
  Int64: { type: 'integer', format: 'int64' },
  Byte: { type: 'string', format: 'byte' },
  UnknownFormat: { type: 'string', format: 'x-made-up' },
  Color: { type: 'string', enum: ['red', 'green'] },
  MixedEnum: { enum: [1, 'one', null] },
  NullableName: { type: ['string', 'null'], maxLength: 3 },
  Bounded: { type: 'number', minimum: 1, exclusiveMaximum: 10, multipleOf: 0.5 },
  Code: { type: 'string', pattern: '^[A-Z]{2}-\\d+$', minLength: 4 },
  BadPattern: { type: 'string', pattern: '(?<!x' },
  Version: { const: 'v1' },
  Tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2, uniqueItems: true },
  Pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] },
  Defaults: { type: 'object', properties: { page: { type: 'integer', default: 1 } } },
  Open: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true },
  Closed: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
  Counts: { type: 'object', additionalProperties: { type: 'integer' } },
  Stripping: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
  FreeForm: { type: 'object' },
  Pet: {
    type: 'object',
    required: ['petType', 'name'],
    properties: { petType: { type: 'string' }, name: { type: 'string' } },
    discriminator: { propertyName: 'petType' },
  },
  Cat: {
    allOf: [
      { $ref: '#/components/schemas/Pet' },
      { type: 'object', required: ['meows'], properties: { meows: { type: 'boolean' } } },
    ],
  },
  Dog: {
    allOf: [
      { $ref: '#/components/schemas/Pet' },
      { type: 'object', required: ['barks'], properties: { barks: { type: 'boolean' } } },
    ],
  },
  AnyPet: {
    oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
    discriminator: {
      propertyName: 'petType',
      mapping: { cat: '#/components/schemas/Cat', dog: 'Dog' },
    },
  },
  IdOrName: { anyOf: [{ type: 'integer' }, { type: 'string', minLength: 2 }] },
  NotString: { not: { type: 'string' } },
  Category: {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string' },
      children: { type: 'array', items: { $ref: '#/components/schemas/Category' } },
    },
  },
  Job: {
    type: 'object',
    required: ['id', 'title', 'secret'],
    properties: {
      id: { type: 'string', format: 'uuid', readOnly: true },
      title: { type: 'string' },
      secret: { type: 'string', writeOnly: true },
    },
  },
  JobList: {
    type: 'object',
    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Job' } } },
  },
  'repository-rule-ruleset-conditions': {
    type: 'object',
    properties: { 'ref-name': { type: 'string' } },
  },
  'repository_rule ruleset*/conditions': {
    type: 'string',
    description: 'ends a comment */ "quoted" \\ back\nnew line \u2028 ünï',
  },
  'x-weird': { type: 'string', 'x-vendor': { '*/': 'value"with\'quotes' } },
};

const schemas30: Record<string, unknown> = {
  Nullable30: { type: 'string', nullable: true },
  NullableRef30: { allOf: [{ $ref: '#/components/schemas/Inner30' }], nullable: true },
  Inner30: { type: 'object', required: ['x'], properties: { x: { type: 'integer' } } },
  ExclusiveMin30: { type: 'integer', minimum: 0, exclusiveMinimum: true },
  NullableEnum30: { type: 'string', enum: ['a', 'b'], nullable: true },
};

type Case = [schema: string, value: unknown, accepted: boolean];

const cases: Case[] = [
  ['Uuid', '2f1c1f5e-7a1b-4c2d-9e3f-0a1b2c3d4e5f', true],
  ['Uuid', 'not-a-uuid', false],
  ['Email', 'a@example.com', true],
  ['Email', 'a@', false],
  ['DateTime', '2024-05-01T10:00:00Z', true],
  ['DateTime', '2024-05-01T10:00:00+02:00', true],
  ['DateTime', '2024-05-01 10:00', false],
  ['Date', '2024-05-01', true],
  ['Date', '2024-13-01', false],
  ['Uri', 'https://example.com/x', true],
  ['Uri', 'no scheme', false],
  ['Ipv4', '10.0.0.1', true],
  ['Ipv4', '10.0.0.256', false],
  ['Ipv6', '::1', true],
  ['Ipv6', '10.0.0.1', false],
  ['Int32', 2147483647, true],
  ['Int32', 2147483648, false],
  ['Int32', 1.5, false],
  ['Int64', 9007199254740991, true],
  ['Int64', 1.5, false],
  ['Byte', 'aGVsbG8=', true],
  ['Byte', 'not base64!', false],
  ['UnknownFormat', 'anything', true],
  ['Color', 'red', true],
  ['Color', 'blue', false],
  ['MixedEnum', 1, true],
  ['MixedEnum', 'one', true],
  ['MixedEnum', null, true],
  ['MixedEnum', 2, false],
  ['NullableName', null, true],
  ['NullableName', 'abc', true],
  ['NullableName', 'abcd', false],
  ['Bounded', 1, true],
  ['Bounded', 9.5, true],
  ['Bounded', 10, false],
  ['Bounded', 0.5, false],
  ['Bounded', 1.2, false],
  ['Code', 'AB-12', true],
  ['Code', 'ab-12', false],
  ['BadPattern', 'anything', true],
  ['Version', 'v1', true],
  ['Version', 'v2', false],
  ['Tags', ['a'], true],
  ['Tags', [], false],
  ['Tags', ['a', 'b', 'c'], false],
  ['Tags', ['a', 'a'], false],
  ['Pair', ['a', 1], true],
  ['Pair', ['a', 'b'], false],
  ['Open', { a: 'x', extra: 1 }, true],
  ['Closed', { a: 'x' }, true],
  ['Closed', { a: 'x', extra: 1 }, false],
  ['Counts', { a: 1, b: 2 }, true],
  ['Counts', { a: 'x' }, false],
  ['FreeForm', { anything: [1] }, true],
  ['FreeForm', 'str', false],
  ['AnyPet', { petType: 'cat', name: 'Tom', meows: true }, true],
  ['AnyPet', { petType: 'dog', name: 'Rex', barks: true }, true],
  ['AnyPet', { petType: 'cat', name: 'Tom', barks: true }, false],
  ['AnyPet', { petType: 'cow', name: 'Daisy' }, false],
  ['Cat', { petType: 'x', name: 'Tom', meows: false }, true],
  ['Cat', { petType: 'x', name: 'Tom' }, false],
  ['IdOrName', 5, true],
  ['IdOrName', 'ab', true],
  ['IdOrName', 'a', false],
  ['NotString', 5, true],
  ['NotString', 'x', false],
  ['Category', { name: 'a', children: [{ name: 'b', children: [{ name: 'c' }] }] }, true],
  ['Category', { name: 'a', children: [{ name: 'b', children: [{}] }] }, false],
  ['Job', { id: '2f1c1f5e-7a1b-4c2d-9e3f-0a1b2c3d4e5f', title: 't' }, true],
  ['Job', { title: 't' }, false],
  ['JobList', { items: [{ id: '2f1c1f5e-7a1b-4c2d-9e3f-0a1b2c3d4e5f', title: 't' }] }, true],
  ['Nullable30', null, true],
  ['Nullable30', 'x', true],
  ['Nullable30', 1, false],
  ['NullableRef30', null, true],
  ['NullableRef30', { x: 1 }, true],
  ['NullableRef30', { x: 'no' }, false],
  ['ExclusiveMin30', 1, true],
  ['ExclusiveMin30', 0, false],
  ['NullableEnum30', null, true],
  ['NullableEnum30', 'a', true],
  ['NullableEnum30', 'c', false],
];

/** Request shapes: readOnly removed (stripped if sent), writeOnly kept. */
const inputCases: Case[] = [
  ['Job', { title: 't', secret: 's' }, true],
  ['Job', { title: 't' }, false],
  ['JobList', { items: [{ title: 't', secret: 's' }] }, true],
];

const doc = (
  version: string,
  schemas: Record<string, unknown>,
  paths: Record<string, unknown> = {},
) => ({
  openapi: version,
  info: { title: 'cases', version: '1' },
  paths,
  components: { schemas },
});

describe('emitZod: component schemas (3.1 document)', () => {
  let m: EmittedModule;
  let source: string;
  beforeAll(async () => {
    ({ module: m, source } = await importEmitted(irFromDocument(doc('3.1.0', schemas31))));
  });

  it.each(cases.filter(([n]) => n in schemas31))('%s accepts %j: %s', (name, value, accepted) => {
    expect(m.schemas[name]!.safeParse(value).success).toBe(accepted);
  });

  it.each(inputCases)('%s (request shape) accepts %j: %s', (name, value, accepted) => {
    expect(m.inputSchemas[name]!.safeParse(value).success).toBe(accepted);
  });

  it('response shapes drop writeOnly properties and request shapes drop readOnly ones', () => {
    const full = { id: '2f1c1f5e-7a1b-4c2d-9e3f-0a1b2c3d4e5f', title: 't', secret: 's' };
    expect(m.schemas.Job!.parse(full)).toEqual({ id: full.id, title: 't' });
    expect(m.inputSchemas.Job!.parse(full)).toEqual({ title: 't', secret: 's' });
    expect(m.Job).toBe(m.schemas.Job);
    expect(m.JobInput).toBe(m.inputSchemas.Job);
    // JobList has no flagged property itself but contains Job: it gets both shapes too.
    expect(m.JobListInput).toBe(m.inputSchemas.JobList);
    expect(m.inputSchemas.Color).toBe(m.schemas.Color);
  });

  it('applies defaults and strips undeclared properties when additionalProperties is absent', () => {
    expect(m.schemas.Defaults!.parse({})).toEqual({ page: 1 });
    expect(m.schemas.Stripping!.parse({ a: 'x', extra: 1 })).toEqual({ a: 'x' });
    expect(m.schemas.Open!.parse({ a: 'x', extra: 1 })).toEqual({ a: 'x', extra: 1 });
  });

  it('derives safe unique identifiers and escapes every emitted string', () => {
    expect(source).toContain('export const RepositoryRuleRulesetConditions: z.ZodType<');
    expect(source).toContain('export const RepositoryRuleRulesetConditions_2: z.ZodType<');
    expect(source).toContain(`Schemas['repository_rule ruleset*/conditions']`);
    expect(source).toContain('ends a comment *\\/ "quoted"');
    expect(source).not.toMatch(/\*\/ "quoted"/);
    expect(m.schemas['x-weird']!.safeParse('ok').success).toBe(true);
  });

  it('uses z.discriminatedUnion for a discriminated oneOf and z.lazy only for back-references', () => {
    expect(source).toMatch(/export const AnyPet[^=]*= typed\(\s*z\.discriminatedUnion\('petType'/);
    expect(source).toContain("branch('petType', 'cat', Cat)");
    expect(source).toContain('z.lazy(() => Category)');
    expect(source).not.toContain('z.lazy(() => Job)');
  });

  it('annotates every component const with its openapi-typescript type', () => {
    expect(source).toContain(
      "export const Job: z.ZodType<Omit<Schemas['Job'], 'secret'>> = typed(",
    );
    expect(source).toContain(
      "export const JobInput: z.ZodType<Omit<Schemas['Job'], 'id'>> = typed(",
    );
    expect(source).toContain("export const Color: z.ZodType<Schemas['Color']> = typed(");
  });
});

describe('emitZod: 3.0 forms normalised at ingest', () => {
  let m: EmittedModule;
  beforeAll(async () => {
    ({ module: m } = await importEmitted(irFromDocument(doc('3.0.3', schemas30))));
  });
  it.each(cases.filter(([n]) => n in schemas30))('%s accepts %j: %s', (name, value, accepted) => {
    expect(m.schemas[name]!.safeParse(value).success).toBe(accepted);
  });
});

const param = (
  name: string,
  where: string,
  schema: unknown,
  extra: Record<string, unknown> = {},
) => ({
  name,
  in: where,
  schema,
  ...extra,
});

const paths = {
  '/items/{id}/{tags}/{label}/{matrix}': {
    get: {
      operationId: 'getItem',
      parameters: [
        param('id', 'path', { type: 'integer' }, { required: true }),
        param('tags', 'path', { type: 'array', items: { type: 'integer' } }, { required: true }),
        param(
          'label',
          'path',
          { type: 'array', items: { type: 'string' } },
          { required: true, style: 'label' },
        ),
        param('matrix', 'path', { type: 'string' }, { required: true, style: 'matrix' }),
        param('limit', 'query', { type: 'integer', maximum: 50, default: 20 }),
        param('active', 'query', { type: 'boolean' }),
        param('ids', 'query', { type: 'array', items: { type: 'integer' } }),
        param('csv', 'query', { type: 'array', items: { type: 'string' } }, { explode: false }),
        param(
          'piped',
          'query',
          { type: 'array', items: { type: 'number' } },
          { style: 'pipeDelimited', explode: false },
        ),
        param(
          'spaced',
          'query',
          { type: 'array', items: { type: 'string' } },
          { style: 'spaceDelimited', explode: false },
        ),
        param(
          'filter',
          'query',
          { type: 'object', properties: { min: { type: 'integer' }, q: { type: 'string' } } },
          { style: 'deepObject', explode: true },
        ),
        param('point', 'query', {
          type: 'object',
          properties: { x: { type: 'number' }, y: { type: 'number' } },
        }),
        param('X-Request-Id', 'header', { type: 'string', format: 'uuid' }, { required: true }),
        param('X-Flags', 'header', { type: 'array', items: { type: 'boolean' } }),
        param('session', 'cookie', { type: 'integer' }),
      ],
      responses: {
        '200': {
          description: 'ok',
          headers: { 'X-Rate-Limit': { required: true, schema: { type: 'integer' } } },
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Job' } } },
        },
        default: {
          description: 'problem',
          content: { 'application/problem+json': { schema: { type: 'object' } } },
        },
      },
    },
    post: {
      operationId: 'createItem',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Job' } } },
      },
      responses: { '201': { description: 'created' } },
    },
  },
};

describe('emitZod: operation validators coerce raw request parts per style/explode', () => {
  let m: EmittedModule;
  beforeAll(async () => {
    const jobOnly = { Job: schemas31.Job };
    ({ module: m } = await importEmitted(irFromDocument(doc('3.1.0', jobOnly, paths))));
  });
  const ok = (raw: unknown, where: 'path' | 'query' | 'header' | 'cookie') =>
    m.operationValidators.getItem![where]!.safeParse(raw);

  it.each([
    [
      'path simple integer',
      'path',
      { id: '42', tags: '1,2', label: '.a,b', matrix: ';matrix=m' },
      { id: 42, tags: [1, 2], label: ['a', 'b'], matrix: 'm' },
    ],
    [
      'query form explode arrays + defaults',
      'query',
      { ids: ['1', '2'], active: ['true'] },
      { ids: [1, 2], active: true, limit: 20 },
    ],
    ['query form explode=false', 'query', { csv: ['a,b'] }, { csv: ['a', 'b'], limit: 20 }],
    ['query pipeDelimited', 'query', { piped: ['1.5|2'] }, { piped: [1.5, 2], limit: 20 }],
    ['query spaceDelimited', 'query', { spaced: ['a b'] }, { spaced: ['a', 'b'], limit: 20 }],
    [
      'query deepObject',
      'query',
      { 'filter[min]': ['3'], 'filter[q]': ['x'] },
      { filter: { min: 3, q: 'x' }, limit: 20 },
    ],
    [
      'query form explode object',
      'query',
      { x: ['1'], y: ['2.5'] },
      { point: { x: 1, y: 2.5 }, limit: 20 },
    ],
    [
      'header lower-cased in, spec spelling out',
      'header',
      { 'x-request-id': '2f1c1f5e-7a1b-4c2d-9e3f-0a1b2c3d4e5f', 'x-flags': 'true,false' },
      { 'X-Request-Id': '2f1c1f5e-7a1b-4c2d-9e3f-0a1b2c3d4e5f', 'X-Flags': [true, false] },
    ],
    ['cookie', 'cookie', { session: '7' }, { session: 7 }],
  ] as const)('%s', (_label, where, raw, expected) => {
    const r = ok(raw, where);
    expect(r.error?.issues).toBeUndefined();
    expect(r.data).toEqual(expected);
  });

  it.each([
    ['path non-integer', 'path', { id: 'abc', tags: '1', label: '.a', matrix: ';matrix=m' }, 'id'],
    ['query above maximum', 'query', { limit: ['51'] }, 'limit'],
    ['query bad boolean', 'query', { active: ['yes'] }, 'active'],
    ['missing required header', 'header', {}, 'X-Request-Id'],
  ] as const)('rejects %s', (_label, where, raw, field) => {
    const r = ok(raw, where);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path[0]).toBe(field);
  });

  it('validates bodies in request shape and responses in response shape, with headers', () => {
    const create = m.operationValidators.createItem!;
    expect(create.body!.required).toBe(true);
    expect(
      create.body!.content['application/json']!.parse({ id: 'x', title: 't', secret: 's' }),
    ).toEqual({ title: 't', secret: 's' });
    const get = m.operationValidators.getItem!;
    expect(Object.keys(get.responses)).toEqual(['200', 'default']);
    expect(get.responses['200']!.headers!.safeParse({ 'X-Rate-Limit': 5 }).success).toBe(true);
    expect(get.responses['200']!.headers!.safeParse({}).success).toBe(false);
    expect(
      get.responses.default!.content['application/problem+json']!.safeParse({ title: 'x' }).success,
    ).toBe(true);
    expect(m.operationValidators.createItem!.responses['201']!.content).toEqual({});
  });
});

describe('emitZod: determinism', () => {
  it('emits byte-identical output for the same input, stamped with its source', async () => {
    const ir = irFromDocument(doc('3.1.0', schemas31, paths));
    const a = await emitZod(ir);
    const b = await emitZod(irFromDocument(doc('3.1.0', schemas31, paths)));
    expect(a.contents).toBe(b.contents);
    expect(a.path).toBe('openapi/schemas.ts');
    expect(a.contents.split('\n')[1]).toContain('from test/in-memory.yaml. DO NOT EDIT.');
  });
});
