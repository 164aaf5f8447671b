/**
 * Test support: turns an in-memory OpenAPI document into the emitted schemas module and
 * imports it for real (from a temp folder under the repo, so `zod` resolves).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OperationValidators } from '../../runtime/contract.js';
import type { z } from 'zod';
import { emitZod } from '../../generators/openapi/emit-zod.js';
import type { ApiIR } from '../../generators/openapi/ir.js';
import { normaliseDocument } from '../../generators/openapi/normalise/document.js';

export interface EmittedModule {
  schemas: Record<string, z.ZodType>;
  inputSchemas: Record<string, z.ZodType>;
  operationValidators: Record<string, OperationValidators>;
  [ident: string]: unknown;
}

let counter = 0;

export async function importEmitted(
  ir: ApiIR,
  opts: { format?: boolean } = {},
): Promise<{ module: EmittedModule; source: string }> {
  const dir = path.resolve('.tmp', 'emitted', `${process.pid}-${counter++}`);
  // The emitted module imports the runtime (its prelude) relative to where it lands.
  const contract = path.relative(dir, path.resolve('runtime', 'contract.js'));
  const file = await emitZod(ir, {
    contractImport: contract.split(path.sep).join('/'),
    ...(opts.format === false ? { prettierMaxBytes: 0 } : {}),
  });
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, 'schemas.ts');
  writeFileSync(target, file.contents);
  const module = (await import(pathToFileURL(target).href)) as EmittedModule;
  return { module, source: file.contents };
}

export function irFromDocument(document: Record<string, unknown>): ApiIR {
  return normaliseDocument(document, 'test/in-memory.yaml');
}
