// House rule `operation-id-camel-case`: every operation has an operationId that is unique and
// camelCase, because generators turn it into handler method and client function names.
import { createRulesetFunction } from '@stoplight/spectral-core';
import { label, listOperations } from '../lib/operations.js';

const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;

export default createRulesetFunction(
  { input: null, options: null },
  function operationIdCamelCase(document) {
    const results = [];
    const firstSeenAt = new Map();
    for (const entry of listOperations(document)) {
      const { operationId } = entry.operation;
      if (typeof operationId !== 'string' || operationId === '') {
        results.push({ message: `${label(entry)} has no operationId.`, path: entry.path });
        continue;
      }
      const path = [...entry.path, 'operationId'];
      if (!CAMEL_CASE.test(operationId)) {
        results.push({
          message: `operationId "${operationId}" must match ${CAMEL_CASE.source}.`,
          path,
        });
      }
      const first = firstSeenAt.get(operationId);
      if (first) {
        results.push({
          message: `operationId "${operationId}" is already used by ${first}.`,
          path,
        });
      } else {
        firstSeenAt.set(operationId, `${entry.method.toUpperCase()} ${entry.pathKey}`);
      }
    }
    return results;
  },
);
