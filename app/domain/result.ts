/**
 * Expected failures as values, for domain and auth alike: services return `Result<T, S>`
 * where `S` lists the HTTP statuses they may fail with, so a handler returns the failure as-is and the
 * generated per-operation union checks, at compile time, that the spec declares it.
 */
import type { components } from '../../generated/openapi/types.js';
import { problem, validationProblem } from '../../runtime/problem.js';

type ProblemBody = components['schemas']['Problem'];
type ValidationBody = components['schemas']['ValidationProblem'];
type FieldError = components['schemas']['ValidationError'];

export type FailureStatus = 400 | 401 | 403 | 404 | 409 | 422 | 503;

/** One failure result per status; a 400 always lists the failing fields. */
export type Failure<S extends FailureStatus = FailureStatus> = S extends 400
  ? { status: 400; body: ValidationBody }
  : S extends 503
    ? { status: 503; body: ProblemBody; headers: { 'Retry-After': number } }
    : S extends 401
      ? { status: 401; body: ProblemBody; headers?: { 'WWW-Authenticate': string } }
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

export const notFound = (detail = 'The requested resource was not found.'): Failure<404> => ({
  status: 404,
  body: problem('notFound', detail),
});

/** `challenge`: the bearer challenge (RFC 6750) when the caller should send a token. */
export const unauthenticated = (detail: string, challenge?: string): Failure<401> => ({
  status: 401,
  body: problem('unauthenticated', detail),
  ...(challenge ? { headers: { 'WWW-Authenticate': challenge } } : {}),
});

export const forbidden = (detail: string): Failure<403> => ({
  status: 403,
  body: problem('forbidden', detail),
});

export const conflict = (detail: string): Failure<409> => ({
  status: 409,
  body: problem('conflict', detail),
});

export const unprocessable = (detail: string): Failure<422> => ({
  status: 422,
  body: problem('unprocessable', detail),
});

export const invalid = (...errors: FieldError[]): Failure<400> => ({
  status: 400,
  body: { ...validationProblem(errors), errors },
});

export const unavailable = (detail: string, retryAfterSeconds = 1): Failure<503> => ({
  status: 503,
  body: problem('serviceUnavailable', detail),
  headers: { 'Retry-After': retryAfterSeconds },
});
