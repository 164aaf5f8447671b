// House rule `optional-auth-standard`: optional authentication is written the standard way,
// `security: [{}, {bearerAuth: []}]`. A vendor extension such as `x-optional-auth` beside
// `security: []` is invisible to other tools, so their clients never send the token.
import { createRulesetFunction } from '@stoplight/spectral-core';
import { label, listOperations } from '../lib/operations.js';

export default createRulesetFunction(
  { input: null, options: null },
  function noOptionalAuthExtension(document) {
    return listOperations(document)
      .filter(({ operation }) => 'x-optional-auth' in operation)
      .map((entry) => ({
        message: `${label(entry)} uses x-optional-auth, which other tools ignore; write "security: [{}, {bearerAuth: []}]" instead.`,
        path: [...entry.path, 'x-optional-auth'],
      }));
  },
);
