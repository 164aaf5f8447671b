/**
 * `openapi/operations.ts`: the operation table the runtime mounts (data + validators),
 * and `openapi/document.ts`: the bundled spec the server publishes at /openapi.json.
 */
import { formatTsBounded, generatedHeader, type GeneratedFile } from '../emit/files.js';
import type { ApiIR, OperationIR } from './ir.js';
import { accessMode, isSecured, serverBasePath } from './op-names.js';
import { toHonoPath } from '../../runtime/path-template.js';

export const OPERATIONS_PATH = 'openapi/operations.ts';
export const DOCUMENT_PATH = 'openapi/document.ts';

export interface OperationsEmitOptions {
  /** Module specifier of the runtime directory as seen from `<out>/openapi/`. */
  runtimeImport: string;
}

function row(op: OperationIR): string {
  const responses: Record<string, string[]> = {};
  for (const r of op.responses) responses[r.status] = r.content.map((m) => m.contentType);
  const requestBody = op.requestBody
    ? {
        required: op.requestBody.required,
        contentTypes: op.requestBody.content.map((m) => m.contentType),
      }
    : null;
  const data = {
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    honoPath: toHonoPath(op.path),
    tags: op.tags,
    security: accessMode(op),
    permissions: isSecured(op) ? op.permissions : [],
  };
  const fields = Object.entries(data).map(([k, v]) => `${k}: ${JSON.stringify(v)},`);
  fields.push(`requestBody: ${JSON.stringify(requestBody)},`);
  fields.push(`responses: ${JSON.stringify(responses)},`);
  fields.push(`validators: operationValidators[${JSON.stringify(op.operationId)}],`);
  return `{\n${fields.join('\n')}\n}`;
}

export async function emitOperations(
  ir: ApiIR,
  options: OperationsEmitOptions,
): Promise<GeneratedFile> {
  const source = [
    generatedHeader(ir.sourcePath, 'emit-operations'),
    `import type { OperationDef } from '${options.runtimeImport}/operation.js';`,
    `import { operationValidators } from './schemas.js';`,
    '',
    '/** Path prefix from the first `servers` entry; operations are mounted under it. */',
    `export const serverBasePath = ${JSON.stringify(serverBasePath(ir))};`,
    '',
    `export const operationTable: readonly OperationDef[] = [`,
    ir.operations.map(row).join(',\n'),
    '];',
    '',
  ].join('\n');
  return { path: OPERATIONS_PATH, contents: await formatTsBounded(source) };
}

/**
 * Not run through prettier: the document of a large public spec is megabytes, and
 * JSON.stringify's layout is already stable and readable.
 */
export function emitDocument(ir: ApiIR): GeneratedFile {
  return {
    path: DOCUMENT_PATH,
    contents: [
      generatedHeader(ir.sourcePath, 'emit-operations'),
      '/** The bundled OpenAPI document, as published at /openapi.json. */',
      `export const openapiDocument: Record<string, unknown> = ${JSON.stringify(ir.document, null, 2)};`,
      '',
    ].join('\n'),
  };
}
