import { describe, expect, it } from 'vitest';
import { canonicalJson, requestHash } from './idempotency.js';
import { containsPattern, escapeLike, searchTerms } from './text-match.js';

describe('request hashing for Idempotency-Key', () => {
  it.each([
    [{ a: 1, b: [1, { d: 2, c: 3 }] }, '{"a":1,"b":[1,{"c":3,"d":2}]}'],
    [{ b: undefined, a: null }, '{"a":null}'],
    ['x"y', '"x\\"y"'],
  ])('canonicalJson(%j) = %s', (value, json) => {
    expect(canonicalJson(value)).toBe(json);
  });

  it('hashes key order alike and any difference apart', () => {
    const h = requestHash('applyToJob', {
      path: { jobId: 'j' },
      body: { resumeUrl: 'u', coverLetter: 'c' },
    });
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(
      requestHash('applyToJob', {
        body: { coverLetter: 'c', resumeUrl: 'u' },
        path: { jobId: 'j' },
      }),
    ).toBe(h);
    expect(
      requestHash('applyToJob', {
        path: { jobId: 'k' },
        body: { resumeUrl: 'u', coverLetter: 'c' },
      }),
    ).not.toBe(h);
    expect(
      requestHash('otherOp', { path: { jobId: 'j' }, body: { resumeUrl: 'u', coverLetter: 'c' } }),
    ).not.toBe(h);
  });
});

describe('LIKE patterns', () => {
  it.each([
    ['100%', '100\\%'],
    ['site_rel', 'site\\_rel'],
    ['back\\slash', 'back\\\\slash'],
    ['plain', 'plain'],
  ])('escapeLike(%j) = %j', (text, escaped) => {
    expect(escapeLike(text)).toBe(escaped);
    expect(containsPattern(text)).toBe(`%${escaped}%`);
  });

  it('splits search terms, lower-cased and de-duplicated', () => {
    expect(searchTerms('  TypeScript  postgres typescript ')).toEqual(['typescript', 'postgres']);
    expect(searchTerms('a b c d e f g h i j')).toHaveLength(8);
  });
});
