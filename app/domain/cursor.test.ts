import { describe, expect, it } from 'vitest';
import { cursorDate, decodeCursor, encodeCursor, pageOf } from './cursor.js';

describe('cursor', () => {
  it.each([
    [
      {
        s: 'jobs-publishedAt',
        k: '2025-01-17T12:00:00.000Z',
        id: '7d6c5b4a-3e2f-4a1b-8c9d-0e1f2a3b4c5d',
      },
    ],
    [{ s: 'jobs-salaryMax', k: null, id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' }],
    [{ s: 'audit', k: 90000, id: 1042 }],
  ])('round-trips %j as base64url', (key) => {
    const c = encodeCursor(key);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c, key.s)).toEqual(key);
  });

  const b64 = (v: unknown) =>
    Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
  it.each([
    ['another scope', encodeCursor({ s: 'users', k: null, id: 'x' }), 'audit'],
    ['not base64url', 'a+b/c=', 'audit'],
    ['not JSON', b64('{nope'), 'audit'],
    ['extra members', b64({ s: 'audit', k: null, id: 1, x: 1 }), 'audit'],
    ['missing id', b64({ s: 'audit', k: null }), 'audit'],
    ['an object key', b64({ s: 'audit', k: { a: 1 }, id: 1 }), 'audit'],
    ['a JSON array', b64([1, 2]), 'audit'],
  ])('refuses %s', (_n, cursor, scope) => {
    expect(decodeCursor(cursor, scope)).toBeUndefined();
  });

  it.each([
    ['2025-01-17T12:00:00.000Z', true],
    ['2025-01-17T12:00:00Z', false], // not the canonical form we emit
    ['yesterday', false],
    [42, false],
    [null, false],
  ])('cursorDate(%j) valid: %s', (k, valid) => {
    expect(cursorDate(k) !== undefined).toBe(valid);
  });

  it('pageOf uses the extra row only to announce a next page', () => {
    const rows = [1, 2, 3];
    const page = pageOf(
      rows,
      2,
      (r) => r * 10,
      (r) => ({ s: 'n', k: null, id: r }),
    );
    expect(page.items).toEqual([10, 20]);
    expect(decodeCursor(page.nextCursor!, 'n')).toEqual({ s: 'n', k: null, id: 2 });
    expect(
      pageOf(
        rows,
        3,
        (r) => r,
        (r) => ({ s: 'n', k: null, id: r }),
      ).nextCursor,
    ).toBeNull();
  });
});
