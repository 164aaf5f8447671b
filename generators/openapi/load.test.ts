import { describe, expect, it } from 'vitest';
import { loadApi } from './load.js';
import { irFromDocument } from '../../test/support/load-emitted.js';

const JOBBOARD = 'test/fixtures/openapi/jobboard/api-spec.yaml';
const V31 = 'test/fixtures/openapi/v31/api.yaml';

describe('loadApi', () => {
  it('bundles external $refs into component schemas and normalises 3.0 forms', async () => {
    const ir = await loadApi(JOBBOARD);
    expect(ir.sourceVersion).toBe('3.0.3');
    expect(ir.sourcePath).toBe(JOBBOARD);
    expect(Object.keys(ir.schemas)).toEqual(['EmploymentType', 'Job', 'Problem']);
    const job = ir.schemas.Job!;
    expect(job.properties!.salaryMin).toEqual({ type: ['integer', 'null'], minimum: 0 });
    expect(job.properties!.employmentType).toEqual({ $ref: '#/components/schemas/EmploymentType' });
    expect(job.properties!.id!.readOnly).toBe(true);
    expect(JSON.stringify(ir.schemas)).not.toContain('job.yaml');
  });

  it('sorts operations by path then method, merges path-level parameters, inlines responses', async () => {
    const ir = await loadApi(JOBBOARD);
    expect(ir.operations.map((o) => `${o.method} ${o.path} ${o.operationId}`)).toEqual([
      'get /api/v1/health getHealth',
      'get /api/v1/jobs listJobs',
      'post /api/v1/jobs createJob',
      'get /api/v1/jobs/{jobId} getJob',
      'patch /api/v1/jobs/{jobId} updateJob',
    ]);
    const update = ir.operations.find((o) => o.operationId === 'updateJob')!;
    expect(update.parameters).toEqual([
      {
        name: 'jobId',
        in: 'path',
        required: true,
        style: 'simple',
        explode: false,
        schema: { type: 'string', format: 'uuid' },
      },
    ]);
    expect(update.security).toEqual([{ bearerAuth: [] }]);
    expect(update.permissions).toEqual(['jobs:update']);
    expect(update.responses.map((r) => [r.status, r.content.map((c) => c.contentType)])).toEqual([
      ['200', ['application/json']],
      ['404', ['application/problem+json']],
    ]);
    const getJob = ir.operations.find((o) => o.operationId === 'getJob')!;
    expect(getJob.security).toEqual([]);
    expect(getJob.permissions).toEqual([]);
    const list = ir.operations.find((o) => o.operationId === 'listJobs')!;
    expect(list.parameters.map((p) => [p.name, p.style, p.explode])).toEqual([
      ['cursor', 'form', true],
      ['employmentType', 'form', false],
      ['limit', 'form', true],
      ['q', 'form', true],
      ['remote', 'form', true],
      ['salaryMin', 'form', true],
    ]);
    expect(ir.securitySchemes).toEqual([
      { name: 'bearerAuth', type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    ]);
  });

  it('reads 3.1: type arrays, const, examples, $ref siblings (annotations kept, constraints via allOf)', async () => {
    const ir = await loadApi(V31);
    const thing = ir.schemas.Thing!.properties!;
    expect(thing.label).toEqual({ type: ['string', 'null'], examples: ['hello'] });
    expect(thing.parent).toEqual({
      $ref: '#/components/schemas/Thing',
      description: 'A 3.1 $ref with an annotation sibling',
    });
    expect(thing.size).toEqual({ allOf: [{ $ref: '#/components/schemas/Size' }, { maximum: 10 }] });
    expect(ir.operations[0]!.tags).toEqual(['default']);
  });

  it('fails with the file name on a dangling external ref', async () => {
    await expect(loadApi('test/fixtures/openapi/broken/missing-ref.yaml')).rejects.toThrow(
      /missing-ref\.yaml/,
    );
  });

  it('is deterministic', async () => {
    const a = await loadApi(JOBBOARD);
    const b = await loadApi(JOBBOARD);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('normaliseDocument (pure)', () => {
  const doc = (version: string, schema: unknown, extra: Record<string, unknown> = {}) =>
    irFromDocument({
      openapi: version,
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { S: schema } },
      ...extra,
    });

  it.each([
    [
      '3.0 nullable type',
      '3.0.3',
      { type: 'string', nullable: true },
      { type: ['string', 'null'] },
    ],
    [
      '3.0 nullable enum gains null',
      '3.0.3',
      { type: 'string', enum: ['a'], nullable: true },
      { type: ['string', 'null'], enum: ['a', null] },
    ],
    [
      '3.0 nullable $ref',
      '3.0.3',
      { $ref: '#/components/schemas/S', nullable: true },
      { anyOf: [{ $ref: '#/components/schemas/S' }, { type: 'null' }] },
    ],
    [
      '3.0 nullable composition',
      '3.0.3',
      { allOf: [{ type: 'string' }], nullable: true },
      { anyOf: [{ allOf: [{ type: 'string' }] }, { type: 'null' }] },
    ],
    [
      '3.0 exclusiveMinimum boolean',
      '3.0.3',
      { type: 'integer', minimum: 1, exclusiveMinimum: true },
      { type: 'integer', exclusiveMinimum: 1 },
    ],
    [
      '3.0 example → examples',
      '3.0.3',
      { type: 'string', example: 'x' },
      { type: 'string', examples: ['x'] },
    ],
    [
      '3.0 $ref siblings ignored',
      '3.0.3',
      { $ref: '#/components/schemas/S', maxLength: 3 },
      { $ref: '#/components/schemas/S' },
    ],
    [
      '3.1 type array with null',
      '3.1.0',
      { type: ['null', 'integer'] },
      { type: ['integer', 'null'] },
    ],
    ['3.1 boolean schema false', '3.1.0', false, { not: {} }],
    [
      'discriminator mapping names → refs',
      '3.1.0',
      {
        oneOf: [{ $ref: '#/components/schemas/S' }],
        discriminator: { propertyName: 'k', mapping: { a: 'S' } },
      },
      {
        oneOf: [{ $ref: '#/components/schemas/S' }],
        discriminator: { propertyName: 'k', mapping: { a: '#/components/schemas/S' } },
      },
    ],
    [
      'vendor extensions kept',
      '3.1.0',
      { type: 'string', 'x-foo': { a: 1 } },
      { type: 'string', 'x-foo': { a: 1 } },
    ],
  ])('%s', (_label, version, schema, expected) => {
    expect(doc(version, schema).schemas.S).toEqual(expected);
  });

  it('synthesises missing and de-duplicates repeated operationIds', () => {
    const ir = irFromDocument({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/a/{id}': { get: { responses: {} }, post: { operationId: 'x', responses: {} } },
        '/b': { get: { operationId: 'x', responses: {} } },
      },
    });
    expect(ir.operations.map((o) => o.operationId)).toEqual(['getAId', 'x', 'x_2']);
  });

  it('rejects Swagger 2.0 with a clear message', () => {
    expect(() =>
      irFromDocument({ swagger: '2.0', info: { title: 't', version: '1' }, paths: {} }),
    ).toThrow(/unsupported OpenAPI version/);
  });
});
