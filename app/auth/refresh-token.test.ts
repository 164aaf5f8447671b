import { describe, expect, it } from 'vitest';
import { hashRefreshToken, looksLikeRefreshToken, newRefreshToken } from './refresh-token.js';

describe('refresh tokens', () => {
  it('are 256-bit random, prefixed, and stored as SHA-256 hex', () => {
    const a = newRefreshToken();
    const b = newRefreshToken();
    expect(a.token).toMatch(/^rt_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(a.token)).toBe(a.hash);
    expect(looksLikeRefreshToken(a.token)).toBe(true);
  });

  it.each([
    [''],
    ['rt_short'],
    [`rt_${'A'.repeat(42)}=`],
    ['eyJhbGciOiJFZERTQSJ9.e30.c2ln'],
    [42],
    [null],
    [`rt_${'A'.repeat(43)}\n`],
  ])('rejects %j before touching the database', (value) =>
    expect(looksLikeRefreshToken(value)).toBe(false),
  );
});
