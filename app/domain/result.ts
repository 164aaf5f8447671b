/**
 * Expected failures as values: domain functions return `Result<T, S>` where `S` lists the
 * HTTP statuses they may fail with, so a handler returns the failure as-is and the
 * generated per-operation union checks, at compile time, that the spec declares it.
 */
import type { components } from '../../generated/openapi/types.js';
import { problemTypes } from '../../runtime/problem.js';

type ProblemBody = components['schemas']['Problem'];
type ValidationBody = components['schemas']['ValidationProblem'];
type FieldError = components['schemas']['ValidationError'];

export type FailureStatus = 400 | 403 | 404 | 409 | 422 | 503;

/** One failure result per status; a 400 always lists the failing fields. */
export type Failure<S extends FailureStatus = FailureStatus> = S extends 400
  ? { status: 400; body: ValidationBody }
  : S extends 503
    ? { status: 503; body: ProblemBody; headers: { 'Retry-After': number } }
    : { status: S; body: ProblemBody };

export type Result<T, S extends FailureStatus> =
  { ok: true; value: T } | { ok: false; failure: Failure<S> };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <S extends FailureStatus>(
  failure: Failure<S>,
): { ok: false; failure: Failure<S> } => ({
  ok: false,
  failure,
});

// Types not in the runtime's list get `about:blank`, as RFC 9457 suggests when the
// status says it all (the spec's Conflict and UnprocessableContent examples do so too).
export const notFound = (detail = 'The requested resource was not found.'): Failure<404> => ({
  status: 404,
  body: { type: problemTypes.notFound, title: 'Not Found', status: 404, detail },
});

export const forbidden = (detail: string): Failure<403> => ({
  status: 403,
  body: { type: problemTypes.forbidden, title: 'Forbidden', status: 403, detail },
});

export const conflict = (detail: string): Failure<409> => ({
  status: 409,
  body: { type: 'about:blank', title: 'Conflict', status: 409, detail },
});

export const unprocessable = (detail: string): Failure<422> => ({
  status: 422,
  body: { type: 'about:blank', title: 'Unprocessable Content', status: 422, detail },
});

export const invalid = (...errors: FieldError[]): Failure<400> => ({
  status: 400,
  body: {
    type: problemTypes.validation,
    title: 'Request validation failed',
    status: 400,
    detail: errors.map((e) => `${e.in}${e.path}: ${e.message}`).join('; '),
    errors,
  },
});

export const unavailable = (detail: string, retryAfterSeconds = 1): Failure<503> => ({
  status: 503,
  body: {
    type: problemTypes.serviceUnavailable,
    title: 'Service Unavailable',
    status: 503,
    detail,
  },
  headers: { 'Retry-After': retryAfterSeconds },
});
