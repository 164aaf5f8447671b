/**
 * problem+json for the app's own middleware; the same stable type URIs as the runtime,
 * so clients see one error vocabulary whichever layer answered.
 */
export {
  PROBLEM_CONTENT_TYPE,
  problemResponse,
  problemTypes,
  type FieldError,
  type Problem,
} from '../../runtime/problem.js';
