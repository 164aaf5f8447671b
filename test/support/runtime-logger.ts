/**
 * A RuntimeLogger for tests and benchmarks that build an API without the app: what the
 * runtime reports (unhandled errors, contract-breaking responses) goes to stderr.
 */
import type { RuntimeLogger } from '../../runtime/create-api.js';

export const stderrRuntimeLogger: RuntimeLogger = {
  error: (message, fields) => console.error(message, fields),
};
