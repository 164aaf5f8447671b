import { describe, expect, it } from 'vitest';
import type { SchemaObject } from '../ir.js';
import { normaliseDocument } from './document.js';
import {
  classifyKeyword,
  HANDLED_KEYWORDS,
  IGNORED_KEYWORDS,
  UNSUPPORTED_KEYWORDS,
} from './keywords.js';
import { normaliseSchema } from './schema.js';

/** JSON Schema 2020-12 (core, applicator, validation, unevaluated, format, content, meta-data) and OpenAPI's own schema keywords, plus draft-4 forms. */
const VOCABULARY = [
  ...['$id', '$schema', '$ref', '$anchor', '$dynamicRef', '$dynamicAnchor', '$vocabulary'],
  ...['$comment', '$defs', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else'],
  ...['dependentSchemas', 'prefixItems', 'items', 'contains', 'properties'],
  ...['patternProperties', 'additionalProperties', 'propertyNames', 'unevaluatedItems'],
  ...['unevaluatedProperties', 'type', 'const', 'enum', 'multipleOf', 'maximum'],
  ...['exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern'],
  ...['maxItems', 'minItems', 'uniqueItems', 'maxContains', 'minContains', 'maxProperties'],
  ...['minProperties', 'required', 'dependentRequired', 'format', 'contentEncoding'],
  ...['contentMediaType', 'contentSchema', 'title', 'description', 'default', 'deprecated'],
  ...['readOnly', 'writeOnly', 'examples', 'discriminator', 'xml', 'externalDocs', 'example'],
  ...['nullable', 'definitions', 'dependencies', 'additionalItems', '$recursiveRef'],
  '$recursiveAnchor',
];

describe('schema keywords: every one is handled, ignored or unsupported, on purpose', () => {
  it('classifies the whole JSON Schema / OpenAPI vocabulary; nothing is unknown', () => {
    const unknown = VOCABULARY.filter((k) => classifyKeyword(k) === 'unknown');
    expect(unknown).toEqual([]);
    expect(classifyKeyword('frobnicate')).toBe('unknown');
    expect(classifyKeyword('x-anything')).toBe('ignored');
  });

  it('the three sets do not overlap', () => {
    const all = [...HANDLED_KEYWORDS, ...IGNORED_KEYWORDS, ...Object.keys(UNSUPPORTED_KEYWORDS)];
    expect(new Set(all).size).toBe(all.length);
  });

  it('a handled keyword survives normalisation (listing it without copying it fails here)', () => {
    const ctx = { doc: {}, legacy: false };
    const sub = { type: 'string' };
    const raw: Record<string, unknown> = {
      type: 'object',
      format: 'x',
      enum: [1],
      const: 1,
      default: 1,
      minLength: 1,
      maxLength: 2,
      pattern: 'a',
      minimum: 1,
      maximum: 2,
      exclusiveMinimum: 0,
      exclusiveMaximum: 3,
      multipleOf: 1,
      items: sub,
      prefixItems: [sub],
      minItems: 1,
      maxItems: 2,
      uniqueItems: true,
      contains: sub,
      minContains: 1,
      maxContains: 2,
      properties: { a: sub },
      required: ['a'],
      additionalProperties: false,
      patternProperties: { '^a': sub },
      propertyNames: sub,
      dependentRequired: { a: ['b'] },
      dependentSchemas: { a: sub },
      unevaluatedProperties: false,
      minProperties: 1,
      maxProperties: 2,
      allOf: [sub],
      anyOf: [sub],
      oneOf: [sub],
      not: sub,
      if: sub,
      then: sub,
      else: sub,
      discriminator: { propertyName: 'a' },
    };
    const out = normaliseSchema(raw, ctx) as Record<string, unknown>;
    const renamed: Record<string, string> = {};
    for (const k of HANDLED_KEYWORDS) {
      if (['$ref', 'nullable', 'additionalItems', 'dependencies', 'contentMediaType'].includes(k))
        continue; // rewritten into other keywords, tested in load.test.ts / below
      expect(out[renamed[k] ?? k], k).toBeDefined();
    }
    const draft4 = normaliseSchema(
      { items: [sub], additionalItems: false, dependencies: { a: ['b'], c: sub } },
      ctx,
    ) as SchemaObject;
    expect(draft4.prefixItems).toHaveLength(1);
    expect(draft4.items).toEqual({ not: {} });
    expect(draft4.dependentRequired).toEqual({ a: ['b'] });
    expect(draft4.dependentSchemas?.c).toEqual({ type: 'string' });
  });

  it('unsupported and unknown keywords become warnings naming their JSON pointer', () => {
    const ir = normaliseDocument(
      {
        openapi: '3.1.0',
        info: { title: 't', version: '1' },
        paths: {
          '/a/{id}': {
            get: {
              responses: {
                '200': {
                  description: 'ok',
                  content: {
                    'application/json': { schema: { type: 'array', unevaluatedItems: false } },
                  },
                },
              },
            },
          },
        },
        components: {
          schemas: {
            Tree: {
              type: 'object',
              properties: { kids: { $dynamicRef: '#node' }, 'a/b': { frobnicate: 1 } },
            },
          },
        },
      },
      'in-memory.yaml',
    );
    expect(ir.warnings?.map((w) => w.pointer)).toEqual([
      '#/components/schemas/Tree/properties/a~1b/frobnicate',
      '#/components/schemas/Tree/properties/kids/$dynamicRef',
      '#/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/unevaluatedItems',
    ]);
    expect(ir.warnings?.[1]?.message).toMatch(/unsupported schema keyword "\$dynamicRef"/);
    expect(ir.warnings?.[0]?.message).toMatch(/unknown schema keyword "frobnicate"/);
  });
});
