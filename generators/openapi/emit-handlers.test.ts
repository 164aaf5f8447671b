import { describe, expect, it } from 'vitest';
import { commentText, emitHandlers } from './emit-handlers.js';
import type { ApiIR, OperationIR } from './ir.js';

describe('commentText', () => {
  it.each([
    ['plain', 'plain'],
    ['CRLF\r\nline', 'CRLF line'],
    ['CR\ronly', 'CR only'],
    ['LF\nline', 'LF line'],
    ['U+2028\u2028and U+2029\u2029', 'U+2028 and U+2029 '],
    ['closes */ early', 'closes *\\/ early'],
  ])('%j → %j', (input, expected) => {
    expect(commentText(input)).toBe(expected);
  });
});

const op = (summary: string, tag: string): OperationIR => ({
  operationId: 'getThing',
  method: 'get',
  path: '/things/*/{id}',
  summary,
  deprecated: false,
  tags: [tag],
  parameters: [],
  responses: [{ status: '200', description: 'ok', content: [], headers: [] }],
  security: [],
  permissions: [],
  extensions: {},
});

describe('emitHandlers', () => {
  it('keeps spec text with any line terminator or */ inside comments (signl4.com has \\r\\n)', async () => {
    const ir: ApiIR = {
      sourceVersion: '3.0.3',
      info: { title: 't', version: '1' },
      sourcePath: 'spec.yaml',
      schemas: {},
      operations: [op('First line.\r\nSecond */ line\u2028third', 'odd */ tag')],
      securitySchemes: [],
      document: {},
    };
    // formatTs (prettier) parses the source: an escaped comment would throw here.
    const out = await emitHandlers(ir, { runtimeImport: '../runtime' });
    expect(out.contents).toContain('// GET /things/*\\/{id} — First line. Second *\\/ line third');
    expect(out.contents).toContain('Operations tagged `odd *\\/ tag`');
  });
});
