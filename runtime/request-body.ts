/**
 * The request body step of the pipeline: pick the declared media type the request's
 * Content-Type satisfies (415 otherwise), decode it (request-parts.ts `readBody`), and run
 * the generated validator for that media type. Decoded representations: media-types.ts.
 */
import type { IncomingMessage } from 'node:http';
import type { OperationValidators } from './contract.js';
import { issuesToFieldErrors } from './issues.js';
import { mediaKind } from './media-types.js';
import type { OperationDef } from './operation.js';
import { problem, problemResponse, type FieldError } from './problem.js';
import { readIncoming } from './node-incoming.js';
import { matchContentType, mediaType, readBody } from './request-parts.js';

export type BodyOutcome =
  | { response: Response }
  | { errors: FieldError[] }
  | { value: unknown; contentType: string | undefined; errors?: undefined };

const required = (): BodyOutcome => ({
  errors: [{ in: 'body', path: '', message: 'Request body is required' }],
});

/**
 * `incoming`: the Node message behind `request` when its body may be read from it directly
 * (runtime/node-incoming.ts); the bytes are the same, the web stream is skipped.
 */
export async function validateBody(
  op: OperationDef,
  validators: OperationValidators,
  request: Request,
  incoming?: IncomingMessage,
): Promise<BodyOutcome> {
  const spec = op.requestBody!;
  const actual = mediaType(request.headers.get('content-type'));
  const declared = actual ? matchContentType(actual, spec.contentTypes) : undefined;
  const mayHaveBody = incoming
    ? request.method !== 'GET' && request.method !== 'HEAD'
    : request.body !== null;
  const hasBody = mayHaveBody && request.headers.get('content-length') !== '0';
  if (!hasBody || !actual) {
    // No media type: only acceptable if there is no body at all.
    const bytes = hasBody ? (await bodyBytes(request, incoming)).byteLength : 0;
    if (bytes > 0) return { response: unsupported(actual, spec.contentTypes) };
    if (declared && spec.required && mediaKind(declared) === 'form')
      return validate(validators, declared, {});
    return spec.required ? required() : { value: undefined, contentType: undefined };
  }
  if (!declared) return { response: unsupported(actual, spec.contentTypes) };
  const read = await readBody(request, declared, incoming && (() => readIncoming(incoming)));
  if (read.kind === 'malformed')
    return { errors: [{ in: 'body', path: '', message: read.message }] };
  if (read.kind === 'absent') {
    // An empty urlencoded form is the encoding of an object without fields, not "no body".
    if (spec.required && mediaKind(declared) === 'form') return validate(validators, declared, {});
    return spec.required ? required() : { value: undefined, contentType: undefined };
  }
  return validate(validators, declared, read.value);
}

async function validate(
  validators: OperationValidators,
  declared: string,
  value: unknown,
): Promise<BodyOutcome> {
  const schema = validators.body?.content[declared];
  if (!schema) return { value, contentType: declared };
  // Async: form validators read file parts of non-binary fields as text.
  const parsed = await schema.safeParseAsync(value);
  return parsed.success
    ? { value: parsed.data, contentType: declared }
    : { errors: issuesToFieldErrors('body', parsed.error.issues) };
}

export function unsupported(actual: string | undefined, declared: readonly string[]): Response {
  return problemResponse(
    problem(
      'unsupportedMediaType',
      `${actual ? `Content-Type ${actual} is` : 'A body without Content-Type is'} not accepted; use ${declared.join(' or ')}`,
    ),
    { 'accept-post': declared.join(', ') },
  );
}

async function bodyBytes(request: Request, incoming: IncomingMessage | undefined) {
  return incoming ? readIncoming(incoming) : new Uint8Array(await request.arrayBuffer());
}
