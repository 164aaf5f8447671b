/**
 * `openapi/types.ts`: openapi-typescript's `paths`, `components`, `operations` for the
 * bundled document. Its printer's output is already stable and readable, and prettier on
 * a 10 MB file (GitHub's spec) costs more than the generation, so it is not re-formatted.
 */
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { generatedHeader, type GeneratedFile } from '../emit/files.js';
import type { ApiIR } from './ir.js';
import { documentForTypes } from './types-input.js';

export const TYPES_PATH = 'openapi/types.ts';

export async function emitTypes(ir: ApiIR): Promise<GeneratedFile> {
  // A clone: openapi-typescript annotates the object it is given, and the fix-ups rewrite it.
  const ast = await openapiTS(documentForTypes(ir.document) as unknown as OpenAPI3, {
    silent: true,
    alphabetize: false,
  });
  const body = astToString(ast);
  return {
    path: TYPES_PATH,
    contents: `${generatedHeader(ir.sourcePath, 'openapi-typescript')}\n${body}`,
  };
}
