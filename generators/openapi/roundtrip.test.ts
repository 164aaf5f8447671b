/**
 * Round trip: spec component schemas → emitted zod → @asteasolutions/zod-to-openapi →
 * OpenAPI 3.1 component schemas, compared with the (normalised) source. Equal except for
 * the documented differences below; each difference is asserted to still exist, so the
 * table cannot go stale.
 */
import {
  OpenApiGeneratorV31,
  extendZodWithOpenApi,
  zodToOpenAPIRegistry,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SchemaObject } from './ir.js';
import { loadApi } from './load.js';
import { importEmitted } from '../../test/support/load-emitted.js';

extendZodWithOpenApi(z);

type Diff = [
  schema: string,
  why: string,
  expected: (source: SchemaObject, all: Record<string, SchemaObject>) => unknown,
];

const DIFFERENCES: Diff[] = [
  [
    'Count',
    'zod-to-openapi renders z.int32() as a plain number (no integer type, no format)',
    () => ({ type: 'number' }),
  ],
  [
    'Score',
    'multipleOf is validated but not rendered back',
    ({ multipleOf: _drop, ...rest }) => rest,
  ],
  [
    'Open',
    'additionalProperties: true comes back as the equivalent empty schema {}',
    (s) => ({ ...s, additionalProperties: {} }),
  ],
  [
    'Version',
    'const comes back as the equivalent one-value enum',
    () => ({ type: 'string', enum: ['v1'] }),
  ],
  [
    'MaybeNode',
    'a nullable $ref is inlined as the target with "null" added to its type',
    (_s, all) => ({ ...all.Node, type: ['object', 'null'] }),
  ],
  [
    'Shape',
    'a discriminated oneOf renders only the dispatch objects (discriminator literal), not the full options',
    () => ({
      oneOf: ['circle', 'square'].map((kind) => ({
        type: 'object',
        properties: { kind: { type: 'string', enum: [kind] } },
        required: ['kind'],
        additionalProperties: {},
      })),
    }),
  ],
];

describe('round trip through @asteasolutions/zod-to-openapi', () => {
  let source: Record<string, SchemaObject>;
  let back: Record<string, unknown>;

  beforeAll(async () => {
    const ir = await loadApi('test/fixtures/openapi/roundtrip/api.yaml');
    source = ir.schemas;
    const { module } = await importEmitted(ir);
    // Name the emitted consts themselves (no clones), so references come back as $refs.
    for (const [name, schema] of Object.entries(module.schemas)) {
      zodToOpenAPIRegistry.add(schema as never, { _internal: { refId: name } } as never);
    }
    const definitions = Object.values(module.schemas).map((schema) => ({
      type: 'schema' as const,
      schema: schema as never,
    }));
    back = new OpenApiGeneratorV31(definitions).generateComponents().components?.schemas ?? {};
  });

  it('returns every component schema', () => {
    expect(Object.keys(back).sort()).toEqual(Object.keys(source).sort());
  });

  it('matches the source exactly for every schema not in the differences table', () => {
    const differing = new Set(DIFFERENCES.map(([n]) => n));
    const same = Object.keys(source).filter((n) => !differing.has(n));
    expect(same.length).toBeGreaterThanOrEqual(12);
    for (const name of same)
      expect({ name, schema: back[name] }).toEqual({ name, schema: source[name] });
  });

  it.each(DIFFERENCES)('%s differs as documented: %s', (name, _why, expected) => {
    expect(back[name]).not.toEqual(source[name]);
    expect(back[name]).toEqual(expected(source[name]!, source));
  });
});
