/**
 * The raw request parts validators read (runtime/request-parts.ts): repeated query keys,
 * lower-cased headers, RFC 6265 cookies. Every key here comes from a client, so hostile
 * names (`__proto__`, `constructor`) must be plain data.
 */
import { describe, expect, it } from 'vitest';
import { cookieParts, headerParts, queryParts, rawParts } from './request-parts.js';

const plain = (o: object) => JSON.parse(JSON.stringify(o)) as unknown;

describe('queryParts', () => {
  it.each([
    ['', {}],
    ['?a=1', { a: ['1'] }],
    ['?a=1&a=2&b=', { a: ['1', '2'], b: [''] }],
    ['?tags=x%2Cy&q=caf%C3%A9+au+lait', { tags: ['x,y'], q: ['café au lait'] }],
    ['?color[R]=100&color[G]=200', { 'color[R]': ['100'], 'color[G]': ['200'] }],
    ['?flag', { flag: [''] }],
  ])('%s → %j', (search, parts) => {
    expect(plain(queryParts(new URL(`http://x/p${search}`)))).toEqual(parts);
  });

  it('reads every query exactly as URLSearchParams does, on both of its paths', () => {
    const viaSearchParams = (url: URL) => {
      const out: Record<string, string[]> = {};
      for (const [k, v] of url.searchParams) (out[k] ??= []).push(v);
      return out;
    };
    const pieces = [
      'a',
      'b',
      '=',
      '&',
      '&&',
      '%41',
      '+',
      '%',
      '%zz',
      '%E2%82',
      'ü',
      '"',
      ' ',
      '[x]',
      '?',
      '#f',
      ';',
      '==',
    ];
    // Every query of up to three pieces: ~5,800 strings, plain and encoded mixed.
    const queries = [''];
    for (let n = 0; n < 3; n++)
      for (const q of [...queries]) for (const p of pieces) queries.push(q + p);
    for (const q of new Set(queries)) {
      const url = new URL(`http://x/p?${q}`);
      expect(plain(queryParts(url)), q).toEqual(plain(viaSearchParams(url)));
    }
  });

  it('keeps __proto__ and constructor as ordinary keys', () => {
    const q = queryParts(new URL('http://x/?__proto__=a&constructor=b&toString=c'));
    expect(q.__proto__).toEqual(['a']);
    expect(q.constructor).toEqual(['b']);
    expect(q.toString).toEqual(['c']);
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });
});

describe('headerParts', () => {
  it('lower-cases names and joins repeated headers as Fetch does', () => {
    const h = new Headers();
    h.append('X-Trace', 'a');
    h.append('x-trace', 'b');
    h.set('Content-Type', 'application/json');
    expect(plain(headerParts(h))).toEqual({
      'x-trace': 'a, b',
      'content-type': 'application/json',
    });
  });
});

describe('cookieParts', () => {
  it.each([
    [null, {}],
    ['', {}],
    ['sid=abc', { sid: 'abc' }],
    ['a=1; b=2;c=3', { a: '1', b: '2', c: '3' }],
    ['  a = 1 ;  b=two words ', { a: '1', b: 'two words' }],
    ['q="quoted value"', { q: 'quoted value' }],
    ['enc=caf%C3%A9%3B', { enc: 'café;' }],
    ['bad=%E0%A4%A', { bad: '%E0%A4%A' }], // undecodable: kept raw for the validator
    ['first=1; first=2', { first: '1' }], // RFC 6265: the first wins
    ['noequals; =novalue; ok=1', { ok: '1' }],
    ['eq=a=b', { eq: 'a=b' }],
    ['empty=', { empty: '' }],
  ])('%j → %j', (header, parts) => {
    expect(plain(cookieParts(header))).toEqual(parts);
  });

  it('keeps __proto__ as data', () => {
    const c = cookieParts('__proto__=x; constructor=y');
    expect(Object.getPrototypeOf(c)).toBeNull();
    expect(c.__proto__).toBe('x');
    expect(c.constructor).toBe('y');
  });
});

describe('rawParts', () => {
  it('assembles path, query, header and cookie parts from one request', () => {
    const request = new Request('http://x/jobs/7?limit=5&limit=6', {
      headers: { Cookie: 'sid=s1', 'X-Request-Id': 'r1' },
    });
    const parts = rawParts(request, new URL(request.url), { id: '7' });
    expect(plain(parts)).toEqual({
      path: { id: '7' },
      query: { limit: ['5', '6'] },
      header: { cookie: 'sid=s1', 'x-request-id': 'r1' },
      cookie: { sid: 's1' },
    });
  });
});
