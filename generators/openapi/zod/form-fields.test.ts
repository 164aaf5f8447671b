/**
 * Generator output for form, multipart and binary bodies: the `FormField` plan (OpenAPI's
 * encoding defaults applied), the body validator expression per media type, and binary
 * responses. Runtime behaviour of the same rules: runtime/request-body.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { MediaIR, SchemaObject } from '../ir.js';
import { formPlan } from './form-fields.js';
import { importEmitted, irFromDocument } from '../../../test/support/load-emitted.js';
import { requestBodyExpr } from './operations.js';
import { planSchemas } from './plan.js';
import { isBinaryResponse } from './resolve.js';

const components: Record<string, SchemaObject> = {
  Filter: { type: 'object', properties: { min: { type: 'integer' }, q: { type: 'string' } } },
  File: { type: 'string', format: 'binary' },
  Count: { type: 'integer' },
};
const plan = planSchemas(components);
const media = (
  contentType: string,
  properties: Record<string, SchemaObject>,
  encoding?: MediaIR['encoding'],
): MediaIR => ({
  contentType,
  schema: { type: 'object', properties },
  ...(encoding ? { encoding } : {}),
});
const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });

describe('formPlan: one FormField per property, encoding defaults applied', () => {
  const URLENC = 'application/x-www-form-urlencoded';
  it.each<[string, MediaIR, unknown]>([
    [
      'urlencoded scalars: form, explode, kind from the schema (through refs)',
      media(URLENC, { n: { type: 'number' }, on: { type: 'boolean' }, c: ref('Count') }),
      [
        { name: 'n', style: 'form', explode: true, shape: 'primitive', kind: 'number' },
        { name: 'on', style: 'form', explode: true, shape: 'primitive', kind: 'boolean' },
        { name: 'c', style: 'form', explode: true, shape: 'primitive', kind: 'integer' },
      ],
    ],
    [
      'arrays carry their items kind; explode false and delimited styles from encoding',
      media(
        URLENC,
        {
          a: { type: 'array', items: { type: 'integer' } },
          b: { type: 'array', items: { type: 'string' } },
        },
        { a: { style: 'form', explode: false }, b: { style: 'pipeDelimited' } },
      ),
      [
        { name: 'a', style: 'form', explode: false, shape: 'array', kind: 'integer' },
        { name: 'b', style: 'pipeDelimited', explode: false, shape: 'array', kind: 'string' },
      ],
    ],
    [
      'objects are JSON values with property kinds for deepObject / exploded form',
      media(URLENC, { f: ref('Filter') }, { f: { style: 'deepObject', explode: true } }),
      [
        {
          name: 'f',
          style: 'deepObject',
          explode: true,
          shape: 'object',
          kind: 'json',
          props: { min: 'integer', q: 'string' },
        },
      ],
    ],
    [
      'an application/json encoding makes a field JSON text',
      media(URLENC, { n: { type: 'integer' } }, { n: { contentType: 'application/json' } }),
      [{ name: 'n', style: 'form', explode: true, shape: 'primitive', kind: 'json' }],
    ],
    [
      'multipart: binary fields (also via refs and in arrays) and arrays of objects',
      media('multipart/form-data', {
        file: ref('File'),
        files: { type: 'array', items: { type: 'string', format: 'binary' } },
        rows: { type: 'array', items: ref('Filter') },
        maybe: { type: ['string', 'null'], format: 'binary' },
      }),
      [
        { name: 'file', style: 'form', explode: true, shape: 'primitive', kind: 'binary' },
        { name: 'files', style: 'form', explode: true, shape: 'array', kind: 'binary' },
        { name: 'rows', style: 'form', explode: true, shape: 'array', kind: 'json' },
        { name: 'maybe', style: 'form', explode: true, shape: 'primitive', kind: 'binary' },
      ],
    ],
  ])('%s', (_case, m, fields) => {
    expect(formPlan(m, plan).fields).toEqual(fields);
  });

  it('reads properties through $ref and allOf; additionalProperties gives the extra kind', () => {
    const m: MediaIR = {
      contentType: URLENC,
      schema: {
        allOf: [ref('Filter'), { type: 'object', properties: { page: { type: 'integer' } } }],
        additionalProperties: { type: 'boolean' },
      },
    };
    const p = formPlan(m, plan);
    expect(p.fields.map((f) => [f.name, f.kind])).toEqual([
      ['min', 'integer'],
      ['q', 'string'],
      ['page', 'integer'],
    ]);
    expect(p.extra).toBe('boolean');
  });
});

describe('requestBodyExpr: the validator each media type gets', () => {
  const ctx = { plan, mode: 'request' as const, indent: '' };
  it.each<[string, MediaIR, RegExp]>([
    [
      'JSON: the schema itself',
      media('application/json', { n: { type: 'integer' } }),
      /^z\.object/,
    ],
    [
      'urlencoded: formBody(…)',
      media('application/x-www-form-urlencoded', {}),
      /^formBody\("form", \[\]/,
    ],
    ['multipart: formBody(…)', media('multipart/form-data', {}), /^formBody\("multipart", \[\]/],
    [
      'text/plain: the schema',
      { contentType: 'text/plain', schema: { type: 'string' } },
      /^z\.string\(\)$/,
    ],
    [
      'text/plain with a binary schema: bytes',
      { contentType: 'text/plain', schema: ref('File') },
      /^File_2$/ /* the component const, itself `binary` */,
    ],
    [
      'octet-stream, binary schema',
      { contentType: 'application/octet-stream', schema: ref('File') },
      /^binary$/,
    ],
    ['image/png without schema', { contentType: 'image/png', schema: {} }, /^binary$/],
    ['*/* with a string schema', { contentType: '*/*', schema: { type: 'string' } }, /^binary$/],
    ['XML (not parsed) with an object schema', media('application/xml', {}), /^binary$/],
  ])('%s', (_case, m, expected) => {
    expect(requestBodyExpr(m, plan, ctx)).toMatch(expected);
  });
});

describe('isBinaryResponse: response bodies a handler sends as bytes or a stream', () => {
  it.each<[string, string, SchemaObject, boolean]>([
    ['octet-stream, format: binary', 'application/octet-stream', ref('File'), true],
    ['a PDF without schema', 'application/pdf', {}, true],
    ['an image typed as a plain string', 'image/png', { type: 'string', description: 'x' }, true],
    ['text with format: binary', 'text/csv', { type: 'string', format: 'binary' }, true],
    ['plain text', 'text/plain', { type: 'string' }, false],
    ['JSON', 'application/json', { type: 'string' }, false],
    ['XML with an object schema keeps its type', 'application/xml', { type: 'object' }, false],
    ['a constrained string is not raw bytes', 'image/png', { type: 'string', enum: ['a'] }, false],
  ])('%s', (_case, type, schema, expected) => {
    expect(isBinaryResponse(type, schema, plan)).toBe(expected);
  });
});

describe('emitted validators, imported', () => {
  it('a component with a binary property is one const for JSON and forms alike', async () => {
    const ir = irFromDocument({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          Upload: {
            type: 'object',
            required: ['data'],
            properties: { data: { type: 'string', contentMediaType: 'image/png' } },
          },
        },
      },
    });
    const { module, source } = await importEmitted(ir);
    expect(source).toMatch(/data: binary,/);
    const upload = module.schemas.Upload!;
    const fromString = upload.safeParse({ data: 'abc' });
    expect(fromString.success && (fromString.data as { data: unknown }).data).toBeInstanceOf(Blob);
    expect(upload.safeParse({ data: new Blob(['x']) }).success).toBe(true);
    expect(upload.safeParse({ data: 42 }).success).toBe(false);
  });

  it('reads `encoding` from the document into the IR (keys sorted)', () => {
    const ir = irFromDocument({
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {
        '/x': {
          post: {
            requestBody: {
              content: {
                'application/x-www-form-urlencoded': {
                  schema: { type: 'object' },
                  encoding: {
                    z: { style: 'pipeDelimited', explode: false, allowReserved: true },
                    a: { contentType: 'application/json', headers: {} },
                    bad: { style: 'matrix' },
                  },
                },
              },
            },
            responses: {},
          },
        },
      },
    });
    const encoding = ir.operations[0]!.requestBody!.content[0]!.encoding;
    expect(encoding).toEqual({
      a: { contentType: 'application/json' },
      bad: {},
      z: { style: 'pipeDelimited', explode: false },
    });
    expect(Object.keys(encoding!)).toEqual(['a', 'bad', 'z']);
  });
});
