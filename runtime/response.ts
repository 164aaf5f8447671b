/** Handler result → HTTP response, with optional validation against the spec. */
import type { OperationValidators } from './contract.js';
import type { AnyHandlerResult } from './handler-types.js';
import { issuesToFieldErrors } from './issues.js';
import type { FieldError } from './problem.js';
import { isJsonMediaType } from './media-types.js';

/** The spec's response key a status falls under: exact, then `4XX`, then `default`. */
export function responseKeyFor(
  responses: Readonly<Record<string, unknown>>,
  status: number,
): string | undefined {
  const exact = String(status);
  if (exact in responses) return exact;
  const range = `${exact[0]}XX`;
  if (range in responses) return range;
  return 'default' in responses ? 'default' : undefined;
}

/** Declared content type the result will be sent with, if it has a body. */
export function chooseContentType(
  result: AnyHandlerResult,
  declared: readonly string[] | undefined,
): string | undefined {
  if (result.body === undefined) return undefined;
  return result.contentType ?? declared?.[0] ?? 'application/json';
}

/** Problems with a result, as field errors; empty means it matches the spec. */
export function checkResult(
  result: AnyHandlerResult,
  responses: Readonly<Record<string, readonly string[]>>,
  validators: OperationValidators | undefined,
): FieldError[] {
  const key = responseKeyFor(responses, result.status);
  if (key === undefined) {
    return [{ in: 'response.body', path: '', message: `Status ${result.status} is not declared` }];
  }
  const declared = responses[key] ?? [];
  const errors: FieldError[] = [];
  const spec = validators?.responses[key];
  if (result.body !== undefined) {
    const type = chooseContentType(result, declared)!;
    if (!declared.includes(type)) {
      errors.push({
        in: 'response.body',
        path: '',
        message: declared.length
          ? `Content type ${type} is not declared for ${key} (declared: ${declared.join(', ')})`
          : `Status ${key} declares no body`,
      });
    } else {
      const schema = spec?.content[type];
      const parsed = schema?.safeParse(result.body);
      if (parsed && !parsed.success)
        errors.push(...issuesToFieldErrors('response.body', parsed.error.issues));
    }
  } else if (declared.length > 0) {
    errors.push({ in: 'response.body', path: '', message: `Status ${key} requires a body` });
  }
  if (spec?.headers) {
    const parsed = spec.headers.safeParse(result.headers ?? {});
    if (!parsed.success)
      errors.push(...issuesToFieldErrors('response.header', parsed.error.issues));
  }
  return errors;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// What Node writes unchanged (its own check, checkInvalidHeaderChar) and what `Headers`
// would not trim: anything else goes through `Headers`, which normalises or throws.
const PLAIN_VALUE = /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/;

/**
 * The result's headers as a plain record of lower-cased names when every one is a single,
 * already-normal value; undefined otherwise. A plain record is what @hono/node-server
 * hands to `writeHead` without building a `Headers` (see its `responseViaCache`): the
 * profile of the job list showed `new Headers` per response as pure overhead.
 */
function plainHeaders(
  headers: Record<string, unknown> | undefined,
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) || !TOKEN.test(name)) return undefined;
    const text = String(value);
    const key = name.toLowerCase();
    if (key in out || !PLAIN_VALUE.test(text)) return undefined;
    out[key] = text;
  }
  return out;
}

function webHeaders(headers: Record<string, unknown> | undefined): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) out.append(name, String(v));
    else out.set(name, String(value));
  }
  return out;
}

export function serialiseResult(
  result: AnyHandlerResult,
  contentType: string | undefined,
): Response {
  const plain = plainHeaders(result.headers);
  const headers: Record<string, string> | Headers = plain ?? webHeaders(result.headers);
  if (result.body === undefined || contentType === undefined) {
    return new Response(null, { status: result.status, headers });
  }
  if (plain) plain['content-type'] = contentType;
  else (headers as Headers).set('content-type', contentType);
  const body = result.body;
  let payload: BodyInit;
  if (isJsonMediaType(contentType.toLowerCase())) payload = JSON.stringify(body);
  else if (
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    body instanceof ArrayBuffer ||
    body instanceof ReadableStream ||
    body instanceof Blob
  )
    payload = body as BodyInit;
  else payload = String(body);
  return new Response(payload, { status: result.status, headers });
}
