// House rule `public-operation-explicit`: default deny. An operation without `x-permission`
// is public only if it says so: `security: []` (credentials ignored), or OpenAPI's standard
// optional-authentication form `security: [{}, {bearerAuth: []}]` (anonymous callers allowed,
// a token that is sent is checked), which every client generator understands. One that says
// so must not also declare a permission (the route generator could not honour both).
import { createRulesetFunction } from '@stoplight/spectral-core';
import { isOptionalAuthentication, label, listOperations } from '../lib/operations.js';

export default createRulesetFunction(
  { input: null, options: null },
  function publicOperationExplicit(document) {
    const results = [];
    for (const entry of listOperations(document)) {
      const { operation, path } = entry;
      const explicitlyPublic =
        Array.isArray(operation.security) &&
        (operation.security.length === 0 || isOptionalAuthentication(operation.security));
      const hasPermission = 'x-permission' in operation;
      if (!hasPermission && !explicitlyPublic) {
        results.push({
          message: `${label(entry)} declares no x-permission, so it must write "security: []" to be public (or "security: [{}, {bearerAuth: []}]" for optional authentication).`,
          path: 'security' in operation ? [...path, 'security'] : path,
        });
      } else if (hasPermission && explicitlyPublic) {
        results.push({
          message: `${label(entry)} is public ("security: []") but declares x-permission; choose one.`,
          path: [...path, 'x-permission'],
        });
      }
    }
    return results;
  },
);
