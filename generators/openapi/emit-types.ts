/**
 * `openapi/types.ts`: openapi-typescript's `paths`, `components`, `operations` for the
 * bundled document. Its printer's output is already stable and readable, and prettier on
 * a 10 MB file (GitHub's spec) costs more than the generation, so it is not re-formatted.
 */
import { generatedHeader, type GeneratedFile } from '../emit/files.js';
import type { ApiIR } from './ir.js';
import { printTypes } from './print-types.js';

export const TYPES_PATH = 'openapi/types.ts';

export async function emitTypes(ir: ApiIR): Promise<GeneratedFile> {
  const body = await printTypes(ir.document);
  return {
    path: TYPES_PATH,
    contents: `${generatedHeader(ir.sourcePath, 'openapi-typescript')}\n${body}`,
  };
}
