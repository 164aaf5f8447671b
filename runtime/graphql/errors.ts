/**
 * A REST problem (RFC 9457) → a GraphQL error carrying the same information:
 * `extensions: { code, status, type, errors }` (+ `retryAfter` when the problem came with a
 * Retry-After header). `code` is a stable name for the status class clients can switch on.
 */
import { GraphQLError } from 'graphql';
import type { Problem } from '../problem.js';

const CODES: Record<number, string> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  410: 'GONE',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  501: 'NOT_IMPLEMENTED',
  503: 'SERVICE_UNAVAILABLE',
};

export function errorCode(status: number): string {
  return CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
}

export async function problemToGraphqlError(response: Response): Promise<GraphQLError> {
  let problem: Partial<Problem> = {};
  try {
    const parsed = (await response.json()) as unknown;
    if (parsed && typeof parsed === 'object') problem = parsed as Partial<Problem>;
  } catch {
    // A non-JSON error body: the status alone still classifies it.
  }
  const status = response.status;
  const retryAfter = response.headers.get('retry-after');
  const { type, title, detail, errors, requestId } = problem;
  return new GraphQLError(detail ?? title ?? `HTTP ${status}`, {
    extensions: {
      code: errorCode(status),
      status,
      type: type ?? 'about:blank',
      ...(title ? { title } : {}),
      ...(errors ? { errors } : {}),
      ...(requestId ? { requestId } : {}),
      ...(retryAfter ? { retryAfter: Number(retryAfter) } : {}),
    },
  });
}
