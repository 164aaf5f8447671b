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

export function serialiseResult(
  result: AnyHandlerResult,
  contentType: string | undefined,
): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, String(v));
    else headers.set(name, String(value));
  }
  if (result.body === undefined || contentType === undefined) {
    return new Response(null, { status: result.status, headers });
  }
  headers.set('content-type', contentType);
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
