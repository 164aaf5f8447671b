import { describe, expect, it } from 'vitest';
import type { OperationIR, ParameterIR } from '../../generators/openapi/ir.js';
import { pathValue, plannedRequest, queryPairs } from './requests.js';

const param = (
  style: ParameterIR['style'],
  explode: boolean,
  where: ParameterIR['in'] = 'path',
): ParameterIR => ({
  name: 'id',
  in: where,
  required: true,
  style,
  explode,
  schema: {},
});

describe('pathValue (RFC 6570 styles, as OpenAPI 3 defines them)', () => {
  it.each([
    ['simple', false, 5, '5'],
    ['simple', false, [3, 4], '3,4'],
    ['simple', false, { a: 1, b: 'x' }, 'a,1,b,x'],
    ['simple', true, { a: 1, b: 'x' }, 'a=1,b=x'],
    ['label', false, [3, 4], '.3,4'],
    ['label', true, [3, 4], '.3.4'],
    ['matrix', false, 5, ';id=5'],
    ['matrix', true, [3, 4], ';id=3;id=4'],
    ['matrix', true, { a: 1 }, ';a=1'],
    ['simple', false, 'a/b c', 'a%2Fb%20c'],
  ] as const)('%s explode=%s %j → %s', (style, explode, value, expected) => {
    expect(pathValue(param(style, explode), value)).toBe(expected);
  });
});

describe('queryPairs', () => {
  it.each([
    [
      'form',
      true,
      [3, 4],
      [
        ['id', '3'],
        ['id', '4'],
      ],
    ],
    ['form', false, [3, 4], [['id', '3,4']]],
    ['spaceDelimited', false, [3, 4], [['id', '3 4']]],
    ['pipeDelimited', false, [3, 4], [['id', '3|4']]],
    ['deepObject', true, { a: 1 }, [['id[a]', '1']]],
    ['form', true, { a: 1 }, [['a', '1']]],
    ['form', true, true, [['id', 'true']]],
  ] as const)('%s explode=%s %j', (style, explode, value, expected) => {
    expect(queryPairs(param(style, explode, 'query'), value)).toEqual(expected);
  });
});

describe('plannedRequest', () => {
  const op: OperationIR = {
    operationId: 'createPet',
    method: 'post',
    path: '/pets/{petId}#variant',
    deprecated: false,
    tags: [],
    parameters: [
      { ...param('simple', false), name: 'petId', schema: { type: 'integer', minimum: 7 } },
      {
        ...param('form', true, 'query'),
        name: 'tags',
        schema: { type: 'array', items: { enum: ['a', 'b'] } },
      },
      {
        ...param('form', true, 'query'),
        name: 'optional',
        required: false,
        schema: { type: 'string' },
      },
      {
        ...param('simple', false, 'header'),
        name: 'X-Trace',
        schema: { type: 'string', format: 'uuid' },
      },
    ],
    requestBody: {
      required: true,
      content: [
        { contentType: 'application/xml', schema: { type: 'string' } },
        { contentType: 'application/json', schema: { $ref: '#/components/schemas/Pet' } },
      ],
    },
    responses: [],
    security: [],
    permissions: [],
    extensions: {},
  };
  const schemas = {
    Pet: {
      type: 'object' as const,
      required: ['name'],
      properties: {
        name: { type: 'string' as const, minLength: 3 },
        age: { type: 'integer' as const },
      },
    },
  };

  it('fills the path (suffix dropped), required query and headers, and a JSON body', () => {
    const req = plannedRequest(op, '/v1', schemas);
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/pets/7?tags=a');
    expect(req.headers['x-trace']).toMatch(/^[0-9a-f-]{36}$/);
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body as string)).toEqual({ name: expect.stringMatching(/^.{3,}$/) });
  });

  it('is deterministic', () => {
    expect(plannedRequest(op, '', schemas)).toEqual(plannedRequest(op, '', schemas));
  });

  it('sends no body on GET (fetch forbids one)', () => {
    expect(plannedRequest({ ...op, method: 'get' }, '', schemas).body).toBeUndefined();
  });
});
