/**
 * What handler stubs throw. The route factory answers it with 501 problem+json, so an
 * unimplemented operation is visible to clients and tests instead of a generic 500.
 */
export class NotImplementedError extends Error {
  constructor(readonly operationId?: string) {
    super(operationId ? `Operation ${operationId} is not implemented` : 'Not implemented');
    this.name = 'NotImplementedError';
  }
}

export function notImplemented(operationId?: string): never {
  throw new NotImplementedError(operationId);
}
