/**
 * `openapi/routes.ts`: the typed `createApi` factory. Deliberately thin: the request
 * pipeline lives in the runtime; this file only binds it to this spec's table and types.
 */
import { formatTs, generatedHeader, type GeneratedFile } from '../emit/files.js';
import type { ApiIR } from './ir.js';

export const ROUTES_PATH = 'openapi/routes.ts';

export interface RoutesEmitOptions {
  runtimeImport: string;
}

export async function emitRoutes(ir: ApiIR, options: RoutesEmitOptions): Promise<GeneratedFile> {
  const source = `${generatedHeader(ir.sourcePath, 'emit-routes')}
import type { Env, Hono } from 'hono';
import { mountOperations, type CreateApiOptions } from '${options.runtimeImport}/create-api.js';
import type { RequestContext } from '${options.runtimeImport}/handler-types.js';
import { openapiDocument } from './document.js';
import type { Handlers } from './handlers.js';
import { operationTable, serverBasePath } from './operations.js';

export { operationTable, serverBasePath, openapiDocument };

/**
 * Mounts every operation of ${ir.info.title.replace(/\*\//g, '* /')} with validation, authentication,
 * permission checks and (when enabled) response validation, and calls \`handlers\`.
 */
export function createApi<P, C extends RequestContext = RequestContext, E extends Env = Env>(
  handlers: Handlers<P, C>,
  options: CreateApiOptions<P, C, E>,
): Hono<E> {
  return mountOperations(operationTable, handlers, {
    basePath: serverBasePath,
    document: openapiDocument,
    ...options,
  });
}
`;
  return { path: ROUTES_PATH, contents: await formatTs(source) };
}
