import { describe, expect, it } from 'vitest';
import { decodeType } from './introspect.js';

describe('decodeType (atttypmod layouts)', () => {
  it.each([
    ['varchar', 324, 'character varying(320)', { length: 320 }],
    ['bpchar', 7, 'character(3)', { length: 3 }],
    ['numeric', ((12 << 16) | 2) + 4, 'numeric(12,2)', { precision: 12, scale: 2 }],
    ['timestamptz', 3, 'timestamp(3) with time zone', { fractionalDigits: 3 }],
    ['numeric', -1, 'numeric', {}],
    ['text', -1, 'text', {}],
  ])('%s typmod %i', (name, typmod, sql, extra) => {
    expect(decodeType(name, false, false, 0, typmod, sql)).toEqual({
      name,
      isEnum: false,
      arrayDims: 0,
      sql,
      ...extra,
    });
  });

  it('counts array dimensions, at least one for any array', () => {
    expect(decodeType('int4', false, true, 0, -1, 'integer[]').arrayDims).toBe(1);
    expect(decodeType('int4', false, true, 2, -1, 'integer[]').arrayDims).toBe(2);
  });
});
