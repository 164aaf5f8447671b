/**
 * The one call into openapi-typescript, with the transform every printing shares. Loaded
 * lazily (print-types.ts): it pulls in typescript.
 */
import { createRequire } from 'node:module';
import type { OpenAPI3, SchemaObject } from 'openapi-typescript';
import type ts from 'typescript';
import { isBinarySchema } from './normalise/binary.js';
import type { PrintOptions } from './print-types.js';

// Their CommonJS builds, through require: importing typescript's 9 MB CommonJS file as ESM
// makes Node scan it for export names, and a TypeScript loader's hooks see every module;
// together ~1 s of each run that prints types (0.5 s this way). Same code, same output.
const require = createRequire(import.meta.url);
const { factory } = require('typescript') as typeof ts;
const { default: openapiTS, astToString } =
  require('openapi-typescript') as typeof import('openapi-typescript');

const BLOB = factory.createTypeReferenceNode('Blob');
const NULL = factory.createLiteralTypeNode(factory.createNull());

/**
 * Raw bytes are `Blob` in handlers (the runtime delivers whole binary bodies and multipart
 * files as Blob, and the validators turn binary strings into one), so the types say so.
 * The same predicate marks them `format: binary` for the zod side (normalise/binary.ts).
 */
export function binaryAsBlob(schema: SchemaObject): ts.TypeNode | undefined {
  const raw = schema as unknown as Record<string, unknown>;
  if (!isBinarySchema(raw)) return undefined;
  const nullable = raw.nullable === true || (Array.isArray(raw.type) && raw.type.includes('null'));
  return nullable ? factory.createUnionTypeNode([BLOB, NULL]) : BLOB;
}

/** Prints `document` (already passed through documentForTypes; it gets annotated). */
export async function printOpenApiTypes(
  document: Record<string, unknown>,
  options: PrintOptions,
): Promise<string> {
  const ast = await openapiTS(document as unknown as OpenAPI3, {
    silent: true,
    alphabetize: false,
    ...options,
    // Bytes are Blobs on both sides of the wire.
    transform: binaryAsBlob,
  });
  return astToString(ast);
}
