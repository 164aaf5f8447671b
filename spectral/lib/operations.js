// Pure helpers shared by the house rules: walk a (resolved) OpenAPI document's operations.

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every operation of the document, in document order.
 * @returns {{ pathKey: string, method: string, operation: Record<string, unknown>, path: (string|number)[] }[]}
 */
export function listOperations(document) {
  const found = [];
  if (!isObject(document) || !isObject(document.paths)) return found;
  for (const [pathKey, pathItem] of Object.entries(document.paths)) {
    if (!isObject(pathItem)) continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (isObject(operation))
        found.push({ pathKey, method, operation, path: ['paths', pathKey, method] });
    }
  }
  return found;
}

/** The security that applies to an operation: its own `security`, else the document's, else none. */
export function effectiveSecurity(document, operation) {
  if (Array.isArray(operation.security)) return operation.security;
  if (isObject(document) && Array.isArray(document.security)) return document.security;
  return [];
}

/**
 * True when calling the operation requires credentials: at least one requirement names a
 * scheme and no requirement is the empty object (`{}` means "anonymous is fine").
 */
export function requiresCredentials(security) {
  if (security.length === 0) return false;
  return security.every(
    (requirement) => isObject(requirement) && Object.keys(requirement).length > 0,
  );
}

/**
 * True for OpenAPI's optional-authentication form: the empty requirement (anonymous) beside
 * at least one named scheme. `[{}]` alone is not: it means public and should say `[]`.
 */
export function isOptionalAuthentication(security) {
  const named = security.filter(
    (requirement) => isObject(requirement) && Object.keys(requirement).length > 0,
  );
  const anonymous = security.filter(
    (requirement) => isObject(requirement) && Object.keys(requirement).length === 0,
  );
  return anonymous.length > 0 && named.length > 0;
}

/** `x-permission` as a list, or null when absent; malformed values are returned as-is for reporting. */
export function declaredPermissions(operation) {
  if (!('x-permission' in operation)) return null;
  const value = operation['x-permission'];
  return typeof value === 'string' ? [value] : value;
}

export function label({ method, pathKey, operation }) {
  const id = typeof operation.operationId === 'string' ? ` (${operation.operationId})` : '';
  return `${method.toUpperCase()} ${pathKey}${id}`;
}
