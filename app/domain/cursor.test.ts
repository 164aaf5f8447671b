import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createCursorCodec,
  cursorDate,
  cursorSecret,
  decodeTimeCursor,
  pageOf,
  type CursorKey,
} from './cursor.js';

const codec = createCursorCodec(Buffer.alloc(32, 7));
const other = createCursorCodec(Buffer.alloc(32, 8));

/** A cursor with a correct MAC over arbitrary bytes: what a thief of the secret could make. */
const signed = (payload: unknown, secret = Buffer.alloc(32, 7)) => {
  const bytes = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
  const mac = createHmac('sha256', secret).update(bytes).digest().subarray(0, 16);
  return Buffer.concat([mac, bytes]).toString('base64url');
};
/** The old unsigned form, and anything a client could build without the secret. */
const unsigned = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');

describe('cursor', () => {
  it.each<[CursorKey]>([
    [
      {
        s: 'jobs-publishedAt',
        k: '2025-01-17T12:00:00.000Z',
        id: '7d6c5b4a-3e2f-4a1b-8c9d-0e1f2a3b4c5d',
      },
    ],
    [{ s: 'jobs-salaryMax', k: null, id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' }],
    [{ s: 'jobs-salaryMin', k: 1_000_000_000, id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' }],
    [{ s: 'audit', k: null, id: 1042 }],
  ])('round-trips %j as base64url', (key) => {
    const c = codec.encode(key);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(codec.decode(c, key.s)).toEqual(key);
  });

  const good = codec.encode({ s: 'audit', k: null, id: 7 });
  const flipped = (c: string, at: number) => {
    const b = Buffer.from(c, 'base64url');
    b[at]! ^= 1;
    return b.toString('base64url');
  };
  it.each([
    ['another scope', codec.encode({ s: 'users', k: null, id: 'x' }), 'audit'],
    ['made under another secret', other.encode({ s: 'audit', k: null, id: 7 }), 'audit'],
    ['unsigned (the old format)', unsigned({ s: 'audit', k: null, id: 7 }), 'audit'],
    ['payload altered', flipped(good, 20), 'audit'],
    ['MAC altered', flipped(good, 0), 'audit'],
    ['truncated to the MAC', good.slice(0, 22), 'audit'],
    ['empty', '', 'audit'],
    ['not base64url', 'a+b/c=', 'audit'],
    // Correctly signed, yet malformed or out of range: still refused (defence in depth).
    ['not JSON', signed('{nope'), 'audit'],
    ['extra members', signed({ s: 'audit', k: null, id: 1, x: 1 }), 'audit'],
    ['missing id', signed({ s: 'audit', k: null }), 'audit'],
    ['an object key', signed({ s: 'audit', k: { a: 1 }, id: 1 }), 'audit'],
    ['a JSON array', signed([1, 2]), 'audit'],
    ['a key beyond PostgreSQL integer', signed({ s: 'audit', k: 2 ** 31, id: 1 }), 'audit'],
    ['a huge key', signed({ s: 'audit', k: 1e300, id: 1 }), 'audit'],
    ['a negative key', signed({ s: 'audit', k: -1, id: 1 }), 'audit'],
    ['a fractional key', signed({ s: 'audit', k: 1.5, id: 1 }), 'audit'],
    ['an unsafe id', signed({ s: 'audit', k: null, id: 2 ** 53 }), 'audit'],
    ['a zero id', signed({ s: 'audit', k: null, id: 0 }), 'audit'],
  ])('refuses %s', (_n, cursor, scope) => {
    expect(codec.decode(cursor, scope)).toBeUndefined();
  });

  it.each([
    ['2025-01-17T12:00:00.000Z', true],
    ['1970-01-01T00:00:00.000Z', true],
    ['2025-01-17T12:00:00Z', false], // not the canonical form we emit
    ['+275760-09-13T00:00:00.000Z', false], // JS can, PostgreSQL cannot parse it back
    ['-000001-01-01T00:00:00.000Z', false],
    ['1969-12-31T23:59:59.999Z', false],
    ['yesterday', false],
    [42, false],
    [null, false],
  ])('cursorDate(%j) valid: %s', (k, valid) => {
    expect(cursorDate(k) !== undefined).toBe(valid);
  });

  it('decodeTimeCursor wants a canonical time and a uuid', () => {
    const id = '7d6c5b4a-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
    const at = '2025-01-17T12:00:00.000Z';
    expect(decodeTimeCursor(codec, codec.encode({ s: 'u', k: at, id }), 'u')).toEqual({
      at: new Date(at),
      id,
    });
    expect(decodeTimeCursor(codec, codec.encode({ s: 'u', k: at, id: 'x' }), 'u')).toBeUndefined();
    expect(decodeTimeCursor(codec, codec.encode({ s: 'u', k: 5, id }), 'u')).toBeUndefined();
  });

  it('the secret: CURSOR_SECRET when set, else derived from the signing key', () => {
    const a = generateKeyPairSync('ed25519').privateKey;
    const b = generateKeyPairSync('ed25519').privateKey;
    expect(cursorSecret(undefined, a)).toEqual(cursorSecret(undefined, a));
    expect(cursorSecret(undefined, a)).not.toEqual(cursorSecret(undefined, b));
    const configured = 'x'.repeat(32);
    expect(cursorSecret(configured, a)).toEqual(cursorSecret(configured, b));
    expect(cursorSecret(configured, a)).not.toEqual(cursorSecret(undefined, a));
    expect(cursorSecret(configured, a)).toHaveLength(32);
  });

  it('pageOf uses the extra row only to announce a next page', () => {
    const rows = [1, 2, 3];
    const keyOf = (r: number): CursorKey => ({ s: 'n', k: null, id: r });
    const page = pageOf(codec, rows, 2, (r) => r * 10, keyOf);
    expect(page.items).toEqual([10, 20]);
    expect(codec.decode(page.nextCursor!, 'n')).toEqual({ s: 'n', k: null, id: 2 });
    expect(pageOf(codec, rows, 3, (r) => r, keyOf).nextCursor).toBeNull();
  });
});
