// House rule `error-responses-problem-json`: every 4xx/5xx/default response is RFC 9457
// problem+json and nothing else, so clients parse every error one way.
import { createRulesetFunction } from '@stoplight/spectral-core';
import { listOperations } from '../lib/operations.js';

const PROBLEM_JSON = 'application/problem+json';
const isErrorStatus = (status) => status === 'default' || /^[45]([0-9]{2}|XX)$/i.test(status);

export default createRulesetFunction(
  { input: null, options: null },
  function errorResponsesProblemJson(document) {
    const results = [];
    for (const { operation, path } of listOperations(document)) {
      const responses = operation.responses;
      if (typeof responses !== 'object' || responses === null) continue;
      for (const [status, response] of Object.entries(responses)) {
        if (!isErrorStatus(status) || typeof response !== 'object' || response === null) continue;
        const responsePath = [...path, 'responses', status];
        const content = response.content;
        const types = typeof content === 'object' && content !== null ? Object.keys(content) : [];
        if (!types.includes(PROBLEM_JSON)) {
          const found = types.length === 0 ? 'no content' : types.join(', ');
          results.push({
            message: `Response ${status} must be ${PROBLEM_JSON} only; found ${found}.`,
            path: types.length === 0 ? responsePath : [...responsePath, 'content'],
          });
          continue;
        }
        for (const type of types.filter((t) => t !== PROBLEM_JSON)) {
          results.push({
            message: `Response ${status} must be ${PROBLEM_JSON} only, not also ${type}.`,
            path: [...responsePath, 'content', type],
          });
        }
      }
    }
    return results;
  },
);
