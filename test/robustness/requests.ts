/**
 * One syntactically plausible request per operation, built from the spec alone (pure):
 * required parameters and any request body get a value sampled from their schema by
 * openapi-sampler (deterministic), serialised per the parameter's style/explode the way a
 * conforming client would. Plausible, not guaranteed valid: a spec's own examples may break
 * its patterns, so a 400 is an acceptable answer; a 500 never is.
 */
import Sampler from 'openapi-sampler';
import type { OperationIR, ParameterIR, SchemaObject } from '../../generators/openapi/ir.js';
import { routeTemplate } from '../../runtime/path-template.js';

export interface PlannedRequest {
  /** Path and query, beginning with the server base path. */
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | FormData | Uint8Array;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A value for a schema, or undefined when the sampler gives up (the request omits it). */
export function sampleValue(
  schema: SchemaObject,
  schemas: Record<string, SchemaObject>,
  forRequest = true,
): unknown {
  // openapi-sampler warns on console about schemas it cannot merge even with `quiet`.
  const warn = console.warn;
  console.warn = () => {};
  try {
    return Sampler.sample(
      schema as never,
      {
        skipNonRequired: true,
        skipReadOnly: forRequest,
        enablePatterns: true,
        quiet: true,
        maxSampleDepth: 6,
      },
      { components: { schemas } },
    );
  } catch {
    return undefined;
  } finally {
    console.warn = warn;
  }
}

const scalar = (v: unknown): string =>
  v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** Array items or object entries of a value, as the strings style rules splice together. */
function parts(v: unknown): { kind: 'array' | 'object' | 'primitive'; items: string[][] } {
  if (Array.isArray(v)) return { kind: 'array', items: v.map((x) => [scalar(x)]) };
  if (isObject(v))
    return { kind: 'object', items: Object.entries(v).map(([k, x]) => [k, scalar(x)]) };
  return { kind: 'primitive', items: [[scalar(v)]] };
}

/** `simple` / `label` / `matrix` (RFC 6570 style) for path parameters; already URL-encoded. */
export function pathValue(p: ParameterIR, value: unknown): string {
  const enc = encodeURIComponent;
  const { kind, items } = parts(value);
  const flat = (sep: string, pairSep: string) =>
    items.map((i) => i.map(enc).join(pairSep)).join(sep);
  const name = enc(p.name);
  switch (p.style) {
    case 'label':
      if (kind === 'object') return p.explode ? `.${flat('.', '=')}` : `.${flat(',', ',')}`;
      return `.${flat(p.explode ? '.' : ',', ',')}`;
    case 'matrix':
      if (kind === 'object') return p.explode ? `;${flat(';', '=')}` : `;${name}=${flat(',', ',')}`;
      if (kind === 'array' && p.explode) return items.map((i) => `;${name}=${enc(i[0]!)}`).join('');
      return `;${name}=${flat(',', ',')}`;
    default:
      return kind === 'object' ? flat(',', p.explode ? '=' : ',') : flat(',', ',');
  }
}

/** Query pairs (unencoded) for `form`, `spaceDelimited`, `pipeDelimited`, `deepObject`. */
export function queryPairs(p: ParameterIR, value: unknown): [string, string][] {
  const { kind, items } = parts(value);
  if (kind === 'primitive') return [[p.name, items[0]![0]!]];
  if (p.style === 'deepObject' && kind === 'object')
    return items.map(([k, v]) => [`${p.name}[${k}]`, v!]);
  if (kind === 'object') {
    return p.explode
      ? items.map(([k, v]) => [k!, v!])
      : [[p.name, items.map((i) => i.join(',')).join(',')]];
  }
  if (p.explode) return items.map(([v]) => [p.name, v!]);
  const sep = p.style === 'spaceDelimited' ? ' ' : p.style === 'pipeDelimited' ? '|' : ',';
  return [[p.name, items.map(([v]) => v).join(sep)]];
}

/**
 * OpenAPI says header parameters named Accept, Content-Type or Authorization are ignored,
 * but the generated validators do check them (and clients send the first two anyway), so
 * they are sent like any other; the bearer token and a body's own type take precedence.
 */
const IGNORED_HEADERS = new Set(['authorization']);
const HEADER_SAFE = /^[\x20-\x7e]*$/;

/** The content type to send for a declared one (a wildcard needs a concrete type). */
function concreteType(declared: string): string {
  if (declared === '*/*') return 'application/octet-stream';
  if (declared.endsWith('/*')) return `${declared.slice(0, -2)}/octet-stream`;
  return declared;
}

const preference = (type: string): number => {
  const t = type.toLowerCase();
  if (t === 'application/json' || t.endsWith('+json')) return 0;
  if (t === 'application/x-www-form-urlencoded') return 1;
  if (t === 'multipart/form-data') return 2;
  if (t.startsWith('text/')) return 3;
  return 4;
};

/** Top-level properties of a body schema that are raw bytes (sent as file parts). */
function binaryFields(schema: SchemaObject, schemas: Record<string, SchemaObject>): Set<string> {
  const deref = (s: SchemaObject | undefined): SchemaObject | undefined => {
    for (let i = 0; i < 10 && s?.$ref; i++) s = schemas[s.$ref.split('/').pop()!];
    return s;
  };
  const out = new Set<string>();
  for (const [name, p] of Object.entries(deref(schema)?.properties ?? {})) {
    const r = deref(p);
    if (r?.format === 'binary' || deref(r?.items)?.format === 'binary') out.add(name);
  }
  return out;
}

function encodeBody(
  type: string,
  value: unknown,
  files: Set<string> = new Set(),
): string | FormData | Uint8Array {
  const t = type.toLowerCase();
  if (t === 'application/json' || t.endsWith('+json')) return JSON.stringify(value ?? null);
  if (t === 'application/x-www-form-urlencoded' || t === 'multipart/form-data') {
    const entries = isObject(value) ? Object.entries(value) : [];
    const pairs = entries.flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, scalar(x)]),
    );
    if (t === 'multipart/form-data') {
      // A browser or curl sends binary fields as file parts.
      const form = new FormData();
      for (const [k, v] of pairs) {
        if (files.has(k)) form.append(k, new Blob([v], { type: 'application/octet-stream' }), k);
        else form.append(k, v);
      }
      return form;
    }
    return new URLSearchParams(pairs).toString();
  }
  if (t.startsWith('text/')) return value === undefined ? 'text' : scalar(value);
  return new TextEncoder().encode(value === undefined ? 'bytes' : scalar(value));
}

export function plannedRequest(
  op: OperationIR,
  basePath: string,
  schemas: Record<string, SchemaObject>,
): PlannedRequest {
  const headers: Record<string, string> = { authorization: 'Bearer robustness' };
  const query = new URLSearchParams();
  const cookies: string[] = [];
  // A `#…`/`?…` suffix some specs put on paths names the operation, not the URL.
  let path = routeTemplate(op.path);
  for (const p of op.parameters) {
    if (p.in === 'path') {
      const raw = pathValue(p, sampleValue(p.schema, schemas) ?? 'x');
      // An empty segment would not match the route at all; any value does for a stub.
      path = path.split(`{${p.name}}`).join(raw === '' || raw === '.' ? 'x' : raw);
      continue;
    }
    if (!p.required) continue;
    const value = sampleValue(p.schema, schemas);
    if (value === undefined) continue;
    if (p.in === 'query') for (const [k, v] of queryPairs(p, value)) query.append(k, v);
    else if (p.in === 'header' && !IGNORED_HEADERS.has(p.name.toLowerCase())) {
      const v = pathValue({ ...p, style: 'simple' }, value);
      headers[p.name.toLowerCase()] = HEADER_SAFE.test(decodeURIComponent(v))
        ? decodeURIComponent(v)
        : v;
    } else if (p.in === 'cookie') {
      cookies.push(
        `${p.name}=${encodeURIComponent(
          parts(value)
            .items.map((i) => i.join(','))
            .join(','),
        )}`,
      );
    }
  }
  if (cookies.length) headers.cookie = cookies.join('; ');
  const request: PlannedRequest = {
    url: basePath + path + (query.size ? `?${query.toString()}` : ''),
    method: op.method.toUpperCase(),
    headers,
  };
  const media = [...(op.requestBody?.content ?? [])].sort(
    (a, b) => preference(a.contentType) - preference(b.contentType),
  )[0];
  // fetch cannot send a GET/HEAD body, so a spec's body on those goes unsent.
  if (media && request.method !== 'GET' && request.method !== 'HEAD') {
    const type = concreteType(media.contentType);
    const value = sampleValue(media.schema, schemas);
    request.body = encodeBody(type, value, binaryFields(media.schema, schemas));
    // FormData sets its own multipart boundary.
    if (type.toLowerCase() !== 'multipart/form-data') headers['content-type'] = type;
    else delete headers['content-type'];
  }
  return request;
}
