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
  tooManyRequests: `${base}too-many-requests`,
} as const;

export type ProblemKind = keyof typeof problemTypes | 'conflict' | 'unprocessable';

/**
 * Every kind of problem this server answers with: its status and its one title (RFC 9457:
 * the title belongs to the type and does not vary per occurrence; HTTP reason phrases
 * where the status says it all). The type is the kind's stable URI in `problemTypes`, or
 * `about:blank` for kinds whose status says it all (RFC 9457 §4.2.1).
 */
const KINDS: Record<ProblemKind, readonly [number, string]> = {
  validation: [400, 'Request validation failed'],
  malformedBody: [400, 'Malformed request body'],
  unauthenticated: [401, 'Unauthorized'],
  forbidden: [403, 'Forbidden'],
  notFound: [404, 'Not Found'],
  methodNotAllowed: [405, 'Method Not Allowed'],
  conflict: [409, 'Conflict'],
  payloadTooLarge: [413, 'Payload Too Large'],
  unsupportedMediaType: [415, 'Unsupported Media Type'],
  unprocessable: [422, 'Unprocessable Content'],
  tooManyRequests: [429, 'Too Many Requests'],
  internal: [500, 'Internal Server Error'],
  responseValidation: [500, 'Response does not match the API contract'],
  notImplemented: [501, 'Not Implemented'],
  serviceUnavailable: [503, 'Service Unavailable'],
};

export const PROBLEM_KINDS = Object.fromEntries(
  Object.entries(KINDS).map(([kind, [status, title]]) => [
    kind,
    { type: problemTypes[kind as keyof typeof problemTypes] ?? 'about:blank', status, title },
  ]),
) as Record<ProblemKind, { type: string; status: number; title: string }>;

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

/**
 * The one way to build a problem body: type, title and status come from the kind, so two
 * layers answering the same failure say it in the same words. `extra` adds `detail`,
 * `instance` or extension members (`requestId`, `errors`).
 */
export function problem(kind: ProblemKind, detail?: string, extra: Partial<Problem> = {}): Problem {
  const { type, status, title } = PROBLEM_KINDS[kind];
  return { type, title, status, ...(detail !== undefined ? { detail } : {}), ...extra };
}

/** HTTP reason phrases of the 4xx statuses answered without a kind of their own. */
const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  411: 'Length Required',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
};

/**
 * A status that says it all (`about:blank`, RFC 9457 §4.2.1): a 4xx thrown by middleware
 * or refused by the HTTP server before any route ran. The title is the reason phrase.
 */
export function statusProblem(status: number, detail?: string): Problem {
  return {
    type: 'about:blank',
    title: REASON_PHRASES[status] ?? 'Request rejected',
    status,
    ...(detail ? { detail } : {}),
  };
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
  return problem('validation', clip(`${summary}${more}`, 2000), {
    ...(instance && instance.length <= MAX_INSTANCE ? { instance } : {}),
    errors: shown,
  });
}
