/**
 * RFC 9457 problem details: the one error format the runtime and the app answer with.
 * Type URIs are stable identifiers clients may switch on; they never change meaning.
 */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const base = 'https://jobboard.dev/problems/';

export const problemTypes = {
  validation: `${base}validation`,
  malformedBody: `${base}malformed-body`,
  unsupportedMediaType: `${base}unsupported-media-type`,
  unauthenticated: `${base}unauthenticated`,
  forbidden: `${base}forbidden`,
  notFound: `${base}not-found`,
  methodNotAllowed: `${base}method-not-allowed`,
  payloadTooLarge: `${base}payload-too-large`,
  serviceUnavailable: `${base}service-unavailable`,
  notImplemented: `${base}not-implemented`,
  internal: `${base}internal`,
  responseValidation: `${base}response-validation`,
} as const;

/** Where a validation error was found. `response.*` only appears in dev/test 500s. */
export type ErrorLocation =
  'path' | 'query' | 'header' | 'cookie' | 'body' | 'response.body' | 'response.header';

export interface FieldError {
  in: ErrorLocation;
  /** JSON pointer (RFC 6901) into the located part; `''` is the part itself. */
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Serialises a problem with the right media type; extra headers (Allow, WWW-Authenticate) optional. */
export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers },
  });
}

/** Caps that keep a hostile payload from producing an unbounded (amplified) error body. */
export const MAX_FIELD_ERRORS = 100;
const MAX_TEXT = 500;
/** The spec's bound on `instance`: a longer request path is left out, not echoed (a URI cut short is no URI). */
export const MAX_INSTANCE = 2048;

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

export function validationProblem(errors: FieldError[], instance?: string): Problem {
  const shown = errors.slice(0, MAX_FIELD_ERRORS).map((e) => ({
    in: e.in,
    path: clip(e.path, MAX_TEXT),
    message: clip(e.message, MAX_TEXT),
  }));
  const summary = shown
    .slice(0, 3)
    .map((e) => `${e.in}${e.path}: ${e.message}`)
    .join('; ');
  const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
  return {
    type: problemTypes.validation,
    title: 'Request validation failed',
    status: 400,
    detail: clip(`${summary}${more}`, 2000),
    ...(instance && instance.length <= MAX_INSTANCE ? { instance } : {}),
    errors: shown,
  };
}
