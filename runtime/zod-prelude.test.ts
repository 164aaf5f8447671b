/**
 * Parameter decoding in the prelude every generated schemas.ts imports, tested on the
 * module itself (the emitted copies run from .tmp/ and are invisible to coverage).
 * Cases follow the OpenAPI style examples (3.0.4 / 3.1.1 tables, which match RFC 6570:
 * `color` = "blue" | ["blue","black","brown"] | {R:100,G:200,B:150}).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  branch,
  coerceScalar,
  decodeParam,
  params,
  type ParamKind,
  type ParamSpec,
} from './zod-prelude.js';

const RGB: Record<string, ParamKind> = { R: 'integer', G: 'integer', B: 'integer' };
const ARRAY = ['blue', 'black', 'brown'];
const OBJECT = { R: 100, G: 200, B: 150 };

function spec(
  style: ParamSpec['style'],
  explode: boolean,
  shape: ParamSpec['shape'],
  kind: ParamKind = 'string',
): ParamSpec {
  return {
    name: 'color',
    style,
    explode,
    shape,
    kind: shape === 'object' ? 'unknown' : kind,
    ...(shape === 'object' ? { props: RGB } : {}),
    required: false,
    schema: z.unknown(),
  };
}

describe('decodeParam: path-style parameters (one raw string)', () => {
  it.each([
    // style, explode, shape, raw, decoded
    ['simple', false, 'primitive', 'blue', 'blue'],
    ['simple', false, 'array', 'blue,black,brown', ARRAY],
    ['simple', false, 'object', 'R,100,G,200,B,150', OBJECT],
    ['simple', true, 'array', 'blue,black,brown', ARRAY],
    ['simple', true, 'object', 'R=100,G=200,B=150', OBJECT],
    ['label', false, 'primitive', '.blue', 'blue'],
    ['label', false, 'array', '.blue,black,brown', ARRAY],
    ['label', false, 'object', '.R,100,G,200,B,150', OBJECT],
    ['label', true, 'array', '.blue.black.brown', ARRAY],
    ['label', true, 'object', '.R=100.G=200.B=150', OBJECT],
    ['label', false, 'primitive', 'blue', 'blue'], // prefix missing: taken as is
    ['matrix', false, 'primitive', ';color=blue', 'blue'],
    ['matrix', false, 'array', ';color=blue,black,brown', ARRAY],
    ['matrix', false, 'object', ';color=R,100,G,200,B,150', OBJECT],
    ['matrix', true, 'primitive', ';color=blue', 'blue'],
    ['matrix', true, 'array', ';color=blue;color=black;color=brown', ARRAY],
    ['matrix', true, 'object', ';R=100;G=200;B=150', OBJECT],
    ['matrix', false, 'primitive', 'blue', 'blue'],
    ['simple', false, 'array', '', []],
    ['simple', false, 'object', '', {}],
  ] as const)('%s explode=%s %s: %j → %j', (style, explode, shape, raw, decoded) => {
    expect(decodeParam(spec(style, explode, shape), [raw])).toEqual(decoded);
  });

  it('an object drops a trailing key without a value (unexploded) and pairs without =', () => {
    expect(decodeParam(spec('simple', false, 'object'), ['R,100,G'])).toEqual({ R: 100 });
    expect(decodeParam(spec('simple', true, 'object'), ['R=100,G,=5,B=150'])).toEqual({
      R: 100,
      B: 150,
    });
  });

  it('properties the schema does not declare stay strings', () => {
    expect(decodeParam(spec('simple', true, 'object'), ['R=1,alpha=0.5'])).toEqual({
      R: 1,
      alpha: '0.5',
    });
  });

  it('absent or empty input is undefined (so "required" is zod\'s call)', () => {
    expect(decodeParam(spec('simple', false, 'primitive'), undefined)).toBeUndefined();
    expect(decodeParam(spec('simple', false, 'primitive'), [])).toBeUndefined();
  });
});

describe('decodeParam: query parameters (repeated values, the whole query for objects)', () => {
  it.each([
    ['form', true, 'array', ['blue', 'black', 'brown'], ARRAY],
    ['form', false, 'array', ['blue,black,brown'], ARRAY],
    ['spaceDelimited', false, 'array', ['blue black brown'], ARRAY],
    ['pipeDelimited', false, 'array', ['blue|black|brown'], ARRAY],
    ['spaceDelimited', true, 'array', ['blue', 'black', 'brown'], ARRAY],
    ['pipeDelimited', true, 'array', ['blue', 'black'], ['blue', 'black']],
    ['form', false, 'object', ['R,100,G,200,B,150'], OBJECT],
    ['form', false, 'primitive', ['blue', 'ignored'], 'blue'],
  ] as const)('%s explode=%s %s: %j → %j', (style, explode, shape, values, decoded) => {
    const query = { color: [...values] };
    expect(decodeParam(spec(style, explode, shape), [...values], query)).toEqual(decoded);
  });

  it('an exploded form object gathers its declared properties from the query string', () => {
    const query = { R: ['100'], G: ['200'], B: ['150'], other: ['x'] };
    expect(decodeParam(spec('form', true, 'object'), undefined, query)).toEqual(OBJECT);
    expect(decodeParam(spec('form', true, 'object'), undefined, { other: ['x'] })).toBeUndefined();
    expect(decodeParam(spec('form', true, 'object'), undefined, { R: [] })).toBeUndefined();
  });

  it('deepObject reads color[prop]=value pairs, first value wins, others ignored', () => {
    const query = {
      'color[R]': ['100', '999'],
      'color[G]': ['200'],
      'color[B]': ['150'],
      'color[note]': ['hi'],
      'colour[R]': ['1'],
      'color[X': ['1'],
      'color[empty]': [],
    };
    expect(decodeParam(spec('deepObject', true, 'object'), undefined, query)).toEqual({
      ...OBJECT,
      note: 'hi',
    });
    expect(decodeParam(spec('deepObject', true, 'object'), undefined, {})).toBeUndefined();
  });

  it('a client-chosen "__proto__" key becomes data, never the prototype', () => {
    const decoded = decodeParam(spec('deepObject', true, 'object'), undefined, {
      'color[__proto__]': ['polluted'],
    }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('coerceScalar', () => {
  it.each([
    ['integer', '42', 42],
    ['integer', '-7', -7],
    ['number', '3.5', 3.5],
    ['number', '.5', 0.5],
    ['number', '1e3', 1000],
    ['number', '2.', 2],
    ['integer', '4.2', 4.2], // zod then reports "expected int"
    ['integer', '', ''],
    ['integer', '0x10', '0x10'],
    ['number', 'Infinity', 'Infinity'],
    ['number', ' 1', ' 1'],
    ['number', 'NaN', 'NaN'],
    ['boolean', 'true', true],
    ['boolean', 'false', false],
    ['boolean', 'TRUE', 'TRUE'],
    ['boolean', '1', '1'],
    ['string', '42', '42'],
    ['unknown', 'true', 'true'],
  ] as const)('%s %j → %j', (kind, raw, value) => {
    expect(coerceScalar(kind, raw)).toStrictEqual(value);
  });
});

describe('params(): one location validator', () => {
  const limit: ParamSpec = {
    name: 'limit',
    style: 'form',
    explode: true,
    shape: 'primitive',
    kind: 'integer',
    required: false,
    schema: z.number().int().max(100),
  };
  const tags: ParamSpec = {
    name: 'tags',
    style: 'form',
    explode: false,
    shape: 'array',
    kind: 'string',
    required: true,
    schema: z.array(z.string()).min(1),
  };

  it('decodes, coerces and validates, naming outputs as the spec spells them', () => {
    const query = params('query', [limit, tags]);
    expect(query.parse({ limit: ['20'], tags: ['a,b'], unknown: ['x'] })).toEqual({
      limit: 20,
      tags: ['a', 'b'],
    });
    expect(query.parse({ tags: ['a'] })).toEqual({ tags: ['a'] });
  });

  it('reports a missing required parameter and an invalid one at their paths', () => {
    const r = params('query', [limit, tags]).safeParse({ limit: ['abc'] });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['limit', 'tags']);
    const over = params('query', [limit, tags]).safeParse({ limit: ['101'], tags: ['a'] });
    expect(over.error?.issues[0]?.path).toEqual(['limit']);
  });

  it('looks headers up by lower-cased name and accepts a single string', () => {
    const header = params('header', [
      { ...limit, name: 'X-Rate-Limit', required: true, style: 'simple', explode: false },
    ]);
    expect(header.parse({ 'x-rate-limit': '5' })).toEqual({ 'X-Rate-Limit': 5 });
    expect(header.safeParse({ 'X-Rate-Limit': '5' }).success).toBe(false);
  });

  it('rejects a location that is not an object at all', () => {
    expect(params('path', [limit]).safeParse(null).success).toBe(false);
    expect(params('path', [limit]).safeParse('limit=5').success).toBe(false);
  });
});

describe('branch(): one discriminated-union option', () => {
  const cat = z.object({ kind: z.literal('cat'), lives: z.number() });
  const option = branch('kind', 'cat', cat);

  it('accepts its own tag with a valid body and validates the body in full', () => {
    expect(option.parse({ kind: 'cat', lives: 9 })).toEqual({ kind: 'cat', lives: 9 });
    expect(option.safeParse({ kind: 'cat', lives: 'nine' }).success).toBe(false);
  });

  it('rejects another tag before looking at the body', () => {
    const r = option.safeParse({ kind: 'dog', bark: true });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['kind']);
  });
});
