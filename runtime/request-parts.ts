/** Fetch Request → the raw parts the generated validators read, and the body decoder. */
import type { RawFormBody, RawRequestParts } from './contract.js';
import { isJsonMediaType, mediaKind, mediaType } from './media-types.js';

// Re-exported: callers predating media-types.ts import them from here.
export { isJsonMediaType, mediaType };

/**
 * Keys below come from clients: without a prototype, `__proto__` or `constructor` are
 * ordinary keys instead of inherited members (a `?__proto__=x` must not crash or pollute).
 */
function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function queryParts(url: URL): Record<string, string[]> {
  const out = record<string[]>();
  const search = url.search;
  // Nothing to decode (no `%`, no `+`): the pairs are plain substrings, as URLSearchParams
  // would give them, without its iterator's allocations; otherwise URLSearchParams decodes.
  if (!/[%+]/.test(search)) {
    for (const pair of search.slice(1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      (out[key] ??= []).push(eq < 0 ? '' : pair.slice(eq + 1));
    }
    return out;
  }
  for (const [key, value] of url.searchParams) (out[key] ??= []).push(value);
  return out;
}

export function headerParts(headers: Headers): Record<string, string> {
  const out = record<string>();
  headers.forEach((value, key) => {
    out[key.toLowerCase()] = value;
  });
  return out;
}

export function cookieParts(cookieHeader: string | null): Record<string, string> {
  const out = record<string>();
  if (!cookieHeader) return out;
  for (const pair of cookieHeader.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep the raw value; the validator decides whether it is acceptable
    }
    if (name && !(name in out)) out[name] = value;
  }
  return out;
}

export function rawParts(
  request: Request,
  url: URL,
  path: Record<string, string>,
): RawRequestParts {
  return {
    path,
    query: rawPart('query', request, url, path),
    header: rawPart('header', request, url, path),
    cookie: rawPart('cookie', request, url, path),
  };
}

/** One location of `rawParts`, so a request is read only where parameters are declared. */
export function rawPart<L extends keyof RawRequestParts>(
  location: L,
  request: Request,
  url: URL,
  path: Record<string, string>,
): RawRequestParts[L] {
  switch (location) {
    case 'path':
      return path as RawRequestParts[L];
    case 'query':
      return queryParts(url) as RawRequestParts[L];
    case 'header':
      return headerParts(request.headers) as RawRequestParts[L];
    default:
      return cookieParts(request.headers.get('cookie')) as RawRequestParts[L];
  }
}

/** Picks the declared content type a request's media type satisfies (exact, `type/*`, `*\/*`). */
export function matchContentType(actual: string, declared: readonly string[]): string | undefined {
  const lower = declared.map((d) => d.toLowerCase());
  const exact = lower.indexOf(actual);
  if (exact >= 0) return declared[exact];
  const wildcard = lower.indexOf(`${actual.split('/')[0]}/*`);
  if (wildcard >= 0) return declared[wildcard];
  const any = lower.indexOf('*/*');
  return any >= 0 ? declared[any] : undefined;
}

export type BodyRead =
  { kind: 'absent' } | { kind: 'ok'; value: unknown } | { kind: 'malformed'; message: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LENIENT_UTF8 = new TextDecoder();

/**
 * Decodes the body for the declared media type it matched (see media-types.ts for what each
 * kind becomes); never throws on client input. An empty body is absent. `bytes` reads the
 * same body another way (runtime/node-incoming.ts); multipart and binary bodies are always
 * read through the `Request`, which parses and types them.
 */
export async function readBody(
  request: Request,
  declaredType: string,
  bytesOf?: () => Promise<Uint8Array>,
): Promise<BodyRead> {
  const kind = mediaKind(declaredType);
  if (kind === 'multipart') {
    try {
      return { kind: 'ok', value: formToRaw(await request.formData()) };
    } catch (e) {
      return { kind: 'malformed', message: `Malformed multipart body: ${(e as Error).message}` };
    }
  }
  if (kind === 'binary') {
    // Blob keeps the request's Content-Type; no copy into a second buffer.
    const blob = await request.blob();
    return blob.size === 0 ? { kind: 'absent' } : { kind: 'ok', value: blob };
  }
  const bytes = bytesOf ? await bytesOf() : new Uint8Array(await request.arrayBuffer());
  if (bytes.length === 0) return { kind: 'absent' };
  if (kind === 'form') {
    const out: RawFormBody = record();
    for (const [k, v] of new URLSearchParams(LENIENT_UTF8.decode(bytes))) (out[k] ??= []).push(v);
    return { kind: 'ok', value: out };
  }
  if (kind === 'json') {
    try {
      return {
        kind: 'ok',
        value: JSON.parse(UTF8.decode(bytes)),
      };
    } catch (e) {
      return { kind: 'malformed', message: `Malformed JSON: ${(e as Error).message}` };
    }
  }
  return { kind: 'ok', value: LENIENT_UTF8.decode(bytes) };
}

function formToRaw(form: FormData): RawFormBody {
  const out: RawFormBody = record();
  form.forEach((v, k) => {
    (out[k] ??= []).push(v);
  });
  return out;
}
