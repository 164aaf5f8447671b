/**
 * `openapi/types.ts`: openapi-typescript's `paths`, `components`, `operations` for the
 * bundled document. Its printer's output is already stable and readable, and prettier on
 * a 10 MB file (GitHub's spec) costs more than the generation, so it is not re-formatted.
 */
import openapiTS, { astToString, type OpenAPI3, type SchemaObject } from 'openapi-typescript';
import ts from 'typescript';
import { generatedHeader, type GeneratedFile } from '../emit/files.js';
import type { ApiIR } from './ir.js';
import { isBinarySchema } from './normalise/binary.js';
import { documentForTypes } from './types-input.js';

export const TYPES_PATH = 'openapi/types.ts';

const BLOB = ts.factory.createTypeReferenceNode('Blob');
const NULL = ts.factory.createLiteralTypeNode(ts.factory.createNull());

/**
 * Raw bytes are `Blob` in handlers (the runtime delivers whole binary bodies and multipart
 * files as Blob, and the validators turn binary strings into one), so the types say so.
 * The same predicate marks them `format: binary` for the zod side (normalise/binary.ts).
 */
export function binaryAsBlob(schema: SchemaObject): ts.TypeNode | undefined {
  const raw = schema as unknown as Record<string, unknown>;
  if (!isBinarySchema(raw)) return undefined;
  const nullable = raw.nullable === true || (Array.isArray(raw.type) && raw.type.includes('null'));
  return nullable ? ts.factory.createUnionTypeNode([BLOB, NULL]) : BLOB;
}

export async function emitTypes(ir: ApiIR): Promise<GeneratedFile> {
  // A clone: openapi-typescript annotates the object it is given, and the fix-ups rewrite it.
  const ast = await openapiTS(documentForTypes(ir.document) as unknown as OpenAPI3, {
    silent: true,
    alphabetize: false,
    transform: binaryAsBlob,
  });
  const body = astToString(ast);
  return {
    path: TYPES_PATH,
    contents: `${generatedHeader(ir.sourcePath, 'openapi-typescript')}\n${body}`,
  };
}
