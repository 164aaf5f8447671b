/**
 * One row of the generated operation table (`generated/openapi/operations.ts`): plain
 * data plus the operation's validators. The runtime mounts routes from these rows.
 */
import type { OperationValidators } from './contract.js';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

export interface OperationDef {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI template, without the server base path: `/jobs/{jobId}`. */
  path: string;
  /** The same route in Hono syntax, for reading and logs: `/jobs/:jobId`. */
  honoPath: string;
  tags: readonly string[];
  /**
   * `secured`: a principal is required. `optional`: anyone, but credentials sent are
   * checked so the handler may see the caller. `public`: credentials are ignored.
   */
  security: 'secured' | 'optional' | 'public';
  /** Any one suffices; empty on a secured operation means nobody (default deny). */
  permissions: readonly string[];
  requestBody: { required: boolean; contentTypes: readonly string[] } | null;
  /** Status as written (`'200'`, `'4XX'`, `'default'`) → declared content types. */
  responses: Readonly<Record<string, readonly string[]>>;
  validators: OperationValidators | undefined;
}
