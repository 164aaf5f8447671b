/**
 * openapi-typescript's printed types for a document (`emit-types`, `emit-client`), cached
 * per document and options. openapi-typescript and typescript take ~0.5 s to load, even
 * through require, so they are loaded only when the cache has no entry.
 */
import { cachedStage } from '../cache/context.js';
import { documentForTypes } from './types-input.js';

/** The options that differ between the server's and the client's types. */
export interface PrintOptions {
  defaultNonNullable?: boolean;
  readWriteMarkers?: boolean;
}

/** The printed `paths`, `components`, `operations` for a bundled document (pure). */
export async function printTypes(
  document: Record<string, unknown>,
  options: PrintOptions = {},
): Promise<string> {
  // A clone: openapi-typescript annotates the object it is given, and the fix-ups rewrite it.
  const input = documentForTypes(document);
  return cachedStage('openapi-typescript', [options, input], async () => {
    const { printOpenApiTypes } = await import('./types-printer.js');
    return printOpenApiTypes(input, options);
  });
}
