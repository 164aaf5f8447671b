/**
 * The helpers every generated `schemas.ts` imports: typed assertions, discriminator
 * branches, parameter decoding per style/explode, form and binary bodies. One module in
 * the runtime rather than a copy in each generated file, so it is tested and covered once.
 */
import type { OperationValidators } from './contract.js';
import type { Schema } from './zod-keywords.js';
import { z } from 'zod';

/**
 * Output types come from openapi-typescript (types.ts) and are asserted, not inferred:
 * inferring zod types for big specs costs tsc minutes and gigabytes. The zod expressions
 * themselves are checked against the spec by the generator's tests.
 */
function typed<T>(schema: { _zod: object }): z.ZodType<T> {
  return schema as z.ZodType<T>;
}

/**
 * The operation table as emitted, checked against the loose `Schema` (runtime/zod-keywords.ts
 * says why): typed as `z.ZodType` directly, the GitHub spec's table alone cost tsc ~0.9 M
 * of its 1.55 M type instantiations.
 */
export function validators(
  table: Record<string, OperationValidators<Schema>>,
): Record<string, OperationValidators> {
  return table as Record<string, OperationValidators>;
}

/** One discriminated option: dispatch on `value` of `prop`, then validate in full. */
function branch(prop: string, value: string | number | boolean, schema: Schema) {
  return z.looseObject({ [prop]: z.literal(value) }).pipe(schema as z.ZodType<unknown, never>);
}

/** How a raw parameter string turns into a typed value before validation. */
type ParamKind = 'string' | 'integer' | 'number' | 'boolean' | 'unknown';

interface ParamSpec {
  name: string;
  style: 'form' | 'simple' | 'label' | 'matrix' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
  explode: boolean;
  shape: 'primitive' | 'array' | 'object';
  /** Primitive: its own kind; array: the items' kind; object: kinds by property name. */
  kind: ParamKind;
  props?: Record<string, ParamKind>;
  required: boolean;
  schema: Schema;
}

/**
 * Sets an own property even for `__proto__`: keys here come from clients, and a plain
 * assignment of `__proto__` would replace the object's prototype instead.
 */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

const NUMERIC = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Unparseable input is passed through unchanged so zod reports a precise type error. */
function coerceScalar(kind: ParamKind, raw: string): unknown {
  if ((kind === 'integer' || kind === 'number') && NUMERIC.test(raw)) return Number(raw);
  if (kind === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

function delimiter(spec: ParamSpec): string {
  if (spec.style === 'spaceDelimited') return ' ';
  if (spec.style === 'pipeDelimited') return '|';
  if (spec.style === 'label' && spec.explode) return '.';
  return ',';
}

/** Strips label (`.v`) and matrix (`;name=v`) prefixes; other styles have none. */
function unprefix(spec: ParamSpec, raw: string): string {
  if (spec.style === 'label') return raw.startsWith('.') ? raw.slice(1) : raw;
  if (spec.style === 'matrix') {
    const head = `;${spec.name}=`;
    if (spec.explode && spec.shape === 'array') return raw.split(head).filter(Boolean).join(',');
    if (raw.startsWith(head)) return raw.slice(head.length);
    return raw.startsWith(';') ? raw.slice(1) : raw;
  }
  return raw;
}

function pairsToObject(
  spec: ParamSpec,
  parts: string[],
  explode: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const kindOf = (k: string): ParamKind => spec.props?.[k] ?? 'string';
  if (explode) {
    for (const part of parts) {
      const eq = part.indexOf('=');
      if (eq > 0)
        put(out, part.slice(0, eq), coerceScalar(kindOf(part.slice(0, eq)), part.slice(eq + 1)));
    }
  } else {
    for (let i = 0; i + 1 < parts.length; i += 2)
      put(out, parts[i]!, coerceScalar(kindOf(parts[i]!), parts[i + 1]!));
  }
  return out;
}

/** One parameter's typed value from its raw string(s), or undefined when absent. */
function decodeParam(
  spec: ParamSpec,
  values: string[] | undefined,
  query?: Record<string, string[]>,
): unknown {
  if (spec.shape === 'object' && query && spec.style === 'deepObject') {
    const prefix = `${spec.name}[`;
    const out: Record<string, unknown> = {};
    let any = false;
    for (const [k, v] of Object.entries(query)) {
      if (k.startsWith(prefix) && k.endsWith(']') && v.length > 0) {
        const prop = k.slice(prefix.length, -1);
        put(out, prop, coerceScalar(spec.props?.[prop] ?? 'string', v[0]!));
        any = true;
      }
    }
    return any ? out : undefined;
  }
  if (spec.shape === 'object' && query && spec.style === 'form' && spec.explode) {
    // Exploded form objects spread their properties over the query string.
    const out: Record<string, unknown> = {};
    let any = false;
    for (const [prop, kind] of Object.entries(spec.props ?? {})) {
      const v = query[prop];
      if (v && v.length > 0) {
        out[prop] = coerceScalar(kind, v[0]!);
        any = true;
      }
    }
    return any ? out : undefined;
  }
  if (values === undefined || values.length === 0) return undefined;
  if (spec.shape === 'array') {
    const parts =
      query &&
      spec.explode &&
      (spec.style === 'form' || spec.style === 'spaceDelimited' || spec.style === 'pipeDelimited')
        ? values
        : values.flatMap((v) => {
            const raw = unprefix(spec, v);
            return raw === '' ? [] : raw.split(delimiter(spec));
          });
    return parts.map((p) => coerceScalar(spec.kind, p));
  }
  const raw = unprefix(spec, values[0]!);
  if (spec.shape === 'object') {
    const parts =
      raw === ''
        ? []
        : raw.split(
            spec.style === 'label' && spec.explode
              ? '.'
              : spec.style === 'matrix' && spec.explode
                ? ';'
                : ',',
          );
    return pairsToObject(spec, parts, spec.explode);
  }
  return coerceScalar(spec.kind, raw);
}

/**
 * A validator over one location of RawRequestParts (runtime/contract.ts): picks each
 * declared parameter (headers by lower-cased name), coerces it per style/explode and
 * outputs an object keyed by the names the spec spells.
 */
function params(location: 'path' | 'query' | 'header' | 'cookie', specs: ParamSpec[]): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const s of specs) {
    const schema = s.schema as z.ZodType;
    shape[s.name] = s.required ? schema : schema.optional();
  }
  return z.preprocess((raw) => {
    if (raw === null || typeof raw !== 'object') return raw;
    const input = raw as Record<string, string | string[] | undefined>;
    const out: Record<string, unknown> = {};
    for (const s of specs) {
      const rawKey = location === 'header' ? s.name.toLowerCase() : s.name;
      const v = input[rawKey];
      const values = v === undefined ? undefined : Array.isArray(v) ? v : [v];
      const decoded = decodeParam(
        s,
        values,
        location === 'query' ? (input as Record<string, string[]>) : undefined,
      );
      if (decoded !== undefined) out[s.name] = decoded;
    }
    return out;
  }, z.object(shape));
}

/**
 * Raw bytes (`format: binary`). Requests deliver a Blob (whole binary bodies, multipart
 * files); a string (a text part, a form or JSON field) becomes a Blob of its UTF-8 bytes,
 * so handlers always see a Blob. Responses may also be bytes or a stream.
 */
const binary = z.union([
  z.instanceof(Blob),
  z.string().transform((s) => new Blob([s])),
  z.instanceof(Uint8Array),
  z.instanceof(ArrayBuffer),
  z.instanceof(ReadableStream),
]);

/** How one form field's raw string(s) turn into a value: a parameter kind, or these. */
type FormKind = ParamKind | 'binary' | 'json';

/** One property of a form body, with OpenAPI's `encoding` defaults already applied. */
interface FormField {
  name: string;
  style: 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
  explode: boolean;
  shape: 'primitive' | 'array' | 'object';
  /** Primitive: its own kind; array: the items' kind; object: `json`. */
  kind: FormKind;
  /** Object fields: kinds by property name, for `deepObject` and exploded `form`. */
  props?: Record<string, ParamKind>;
}

type RawForm = Record<string, (string | Blob)[]>;

/** JSON text is parsed, other kinds coerced like parameters; bad input is left for zod. */
function formValue(kind: FormKind, raw: string | Blob): unknown {
  if (typeof raw !== 'string' || kind === 'binary') return raw;
  if (kind === 'json') {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  return coerceScalar(kind === 'unknown' ? 'string' : kind, raw);
}

/** `name[prop]=v` (deepObject) or, exploded `form`, the properties as top-level fields. */
function formObject(field: FormField, input: RawForm, used: Set<string>): unknown {
  const out: Record<string, unknown> = {};
  let any = false;
  const take = (key: string, prop: string) => {
    const v = input[key]?.[0];
    if (v === undefined) return;
    used.add(key);
    put(out, prop, formValue(field.props?.[prop] ?? 'string', v));
    any = true;
  };
  if (field.style === 'deepObject') {
    const prefix = `${field.name}[`;
    for (const k of Object.keys(input))
      if (k.startsWith(prefix) && k.endsWith(']')) take(k, k.slice(prefix.length, -1));
  } else {
    for (const prop of Object.keys(field.props ?? {})) take(prop, prop);
  }
  return any ? out : undefined;
}

function formField(field: FormField, input: RawForm, used: Set<string>, multipart: boolean) {
  // `tags[]=a&tags[]=b` is how many form libraries spell a repeated key.
  const key = input[field.name] ? field.name : `${field.name}[]`;
  const values = input[key];
  if (!values || values.length === 0) {
    return field.shape === 'object' && !multipart ? formObject(field, input, used) : undefined;
  }
  used.add(key);
  const first = values[0]!;
  if (field.shape === 'array') {
    const parts =
      multipart || field.explode || values.length > 1 || typeof first !== 'string'
        ? values
        : first === ''
          ? []
          : first.split(
              field.style === 'spaceDelimited' ? ' ' : field.style === 'pipeDelimited' ? '|' : ',',
            );
    return parts.map((p) => formValue(field.kind, p));
  }
  // Non-exploded form object `k1,v1,k2,v2`, unless the client sent it as JSON text.
  if (field.shape === 'object' && !multipart && !field.explode && typeof first === 'string') {
    if (!first.startsWith('{')) {
      const parts = first === '' ? [] : first.split(',');
      const out: Record<string, unknown> = {};
      for (let i = 0; i + 1 < parts.length; i += 2)
        put(out, parts[i]!, formValue(field.props?.[parts[i]!] ?? 'string', parts[i + 1]!));
      return out;
    }
  }
  return formValue(field.kind, first);
}

function decodeForm(
  input: RawForm,
  fields: FormField[],
  extra: FormKind | undefined,
  multipart: boolean,
) {
  const out: Record<string, unknown> = {};
  const used = new Set<string>();
  for (const field of fields) {
    const value = formField(field, input, used, multipart);
    if (value !== undefined) put(out, field.name, value);
  }
  // Undeclared fields: kept (repeated ones as a list) for additionalProperties to judge.
  for (const [k, values] of Object.entries(input)) {
    if (used.has(k) || k in out || values.length === 0) continue;
    const decoded = values.map((v) => (extra ? formValue(extra, v) : v));
    put(out, k, decoded.length === 1 ? decoded[0] : decoded);
  }
  return out;
}

/** Fields whose values must be text: every declared field that is not binary. */
function textFields(fields: FormField[]): Set<string> {
  const names = new Set<string>();
  for (const f of fields) {
    if (f.kind === 'binary') continue;
    names.add(f.name).add(`${f.name}[]`);
    if (f.shape === 'object') for (const p of Object.keys(f.props ?? {})) names.add(p);
  }
  return names;
}

/**
 * A validator over a form body (runtime/contract.ts `RawFormBody`): decodes each declared
 * field per its encoding and kind, then validates with the body's schema. A file part of a
 * field that is not binary is read as text first (asynchronously: use `safeParseAsync`).
 */
function formBody(
  media: 'form' | 'multipart',
  fields: FormField[],
  extra: FormKind | undefined,
  schema: Schema,
): z.ZodType {
  const multipart = media === 'multipart';
  const text = textFields(fields);
  const declared = new Set(fields.map((f) => f.name));
  const needsText = (k: string) =>
    text.has(k) || (!declared.has(k) && extra !== undefined && extra !== 'binary');
  return z.preprocess((raw) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
    const input = raw as RawForm;
    const files = Object.entries(input).filter(
      ([k, vs]) => needsText(k) && vs.some((v) => typeof v !== 'string'),
    );
    if (files.length === 0) return decodeForm(input, fields, extra, multipart);
    const read = files.map(async ([k, vs]) => {
      const texts = await Promise.all(vs.map((v) => (typeof v === 'string' ? v : v.text())));
      return [k, texts] as const;
    });
    return Promise.all(read).then((entries) =>
      decodeForm({ ...input, ...Object.fromEntries(entries) }, fields, extra, multipart),
    );
  }, schema as z.ZodType);
}

export { typed, branch, params, decodeParam, coerceScalar, binary, formBody, decodeForm };
// The keyword rules live in zod-keywords.ts; generated code imports them from here.
export {
  arrayRule,
  ifRule,
  lengthIn,
  notRule,
  objectRule,
  oneOfValues,
  otherThan,
  ownProps,
  rules,
  tuple,
} from './zod-keywords.js';
export type { ParamSpec, ParamKind, FormField, FormKind };
