/** Fetch Request → the raw parts the generated validators read, and the body decoder. */
import type { RawRequestParts } from './contract.js';

export function queryParts(url: URL): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) (out[key] ??= []).push(value);
  return out;
}

export function headerParts(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key.toLowerCase()] = value;
  });
  return out;
}

export function cookieParts(cookieHeader: string | null): Record<string, string> {
  const out: Record<string, string> = {};
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
    query: queryParts(url),
    header: headerParts(request.headers),
    cookie: cookieParts(request.headers.get('cookie')),
  };
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | null | undefined): string | undefined {
  const t = contentType?.split(';')[0]?.trim().toLowerCase();
  return t || undefined;
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

export function isJsonMediaType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

export type BodyRead =
  { kind: 'absent' } | { kind: 'ok'; value: unknown } | { kind: 'malformed'; message: string };

/** Decodes the body for the declared media type it matched; never throws on client input. */
export async function readBody(request: Request, declaredType: string): Promise<BodyRead> {
  const type = declaredType.toLowerCase();
  if (type === 'multipart/form-data') {
    try {
      const form = await request.formData();
      return { kind: 'ok', value: formToObject(form) };
    } catch (e) {
      return { kind: 'malformed', message: `Malformed multipart body: ${(e as Error).message}` };
    }
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length === 0) return { kind: 'absent' };
  if (isJsonMediaType(type)) {
    try {
      return {
        kind: 'ok',
        value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)),
      };
    } catch (e) {
      return { kind: 'malformed', message: `Malformed JSON: ${(e as Error).message}` };
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    const params = new URLSearchParams(new TextDecoder().decode(bytes));
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of params) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    return { kind: 'ok', value: out };
  }
  if (type.startsWith('text/')) return { kind: 'ok', value: new TextDecoder().decode(bytes) };
  return { kind: 'ok', value: bytes };
}

function formToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  form.forEach((v, k) => {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  });
  return out;
}
