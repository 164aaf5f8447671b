import { describe, expect, it } from 'vitest';
import { isBinarySchema } from './binary.js';

describe('isBinarySchema: which schemas are raw bytes (Blob)', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['3.0 format: binary', { type: 'string', format: 'binary' }, true],
    ['3.0 nullable binary', { type: 'string', format: 'binary', nullable: true }, true],
    ['3.1 nullable binary', { type: ['string', 'null'], format: 'binary' }, true],
    ['untyped format: binary', { format: 'binary' }, true],
    ['2.0 type: file', { type: 'file' }, true],
    ['3.1 contentMediaType, no encoding', { type: 'string', contentMediaType: 'image/png' }, true],
    ['3.1 octet-stream', { type: 'string', contentMediaType: 'application/octet-stream' }, true],
    [
      '3.1 base64-encoded bytes stay a string',
      { type: 'string', contentMediaType: 'image/png', contentEncoding: 'base64' },
      false,
    ],
    [
      '3.1 textual content stays a string',
      { type: 'string', contentMediaType: 'text/html' },
      false,
    ],
    [
      '3.1 JSON text stays a string',
      { type: 'string', contentMediaType: 'application/json' },
      false,
    ],
    [
      '3.1 XML text stays a string',
      { type: 'string', contentMediaType: 'application/atom+xml' },
      false,
    ],
    ['format: byte is base64 text', { type: 'string', format: 'byte' }, false],
    ['a plain string', { type: 'string' }, false],
    ['not a string', { type: 'integer', format: 'binary' }, false],
    ['a ref', { $ref: '#/components/schemas/File' }, false],
  ])('%s', (_case, schema, expected) => {
    expect(isBinarySchema(schema)).toBe(expected);
  });
});
