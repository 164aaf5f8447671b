import { describe, expect, it } from 'vitest';
import { mediaKind, mediaType } from './media-types.js';

describe('mediaKind: how a declared media type is decoded (one rule for runtime and generators)', () => {
  it.each([
    ['application/json', 'json'],
    ['application/problem+json', 'json'],
    ['application/vnd.github+json; charset=utf-8', 'json'],
    ['APPLICATION/JSON', 'json'],
    ['application/x-www-form-urlencoded', 'form'],
    ['multipart/form-data', 'multipart'],
    ['multipart/form-data; boundary=x', 'multipart'],
    ['multipart/mixed', 'binary'],
    ['text/plain', 'text'],
    ['text/csv; charset=utf-8', 'text'],
    ['application/octet-stream', 'binary'],
    ['image/png', 'binary'],
    ['image/*', 'binary'],
    ['*/*', 'binary'],
    ['application/xml', 'binary'],
    ['application/pdf', 'binary'],
  ])('%s → %s', (type, kind) => {
    expect(mediaKind(type)).toBe(kind);
  });

  it.each([
    ['application/json; charset=utf-8', 'application/json'],
    [' Text/Plain ', 'text/plain'],
    ['', undefined],
    [null, undefined],
  ])('mediaType(%j) → %j', (header, type) => {
    expect(mediaType(header)).toBe(type);
  });
});
