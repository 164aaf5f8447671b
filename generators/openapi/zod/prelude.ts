/**
 * Helpers every generated `schemas.ts` carries (copied verbatim between the markers by
 * emit-zod, so generated code depends on zod and runtime/contract.ts only). Written as a
 * real module so it is type-checked and unit-tested here.
 */
import { z } from 'zod';

// #region prelude
/**
 * Output types come from openapi-typescript (types.ts) and are asserted, not inferred:
 * inferring zod types for big specs costs tsc minutes and gigabytes. The zod expressions
 * themselves are checked against the spec by the generator's tests.
 */
function typed<T>(schema: { _zod: object }): z.ZodType<T> {
  return schema as z.ZodType<T>;
}

/** One discriminated option: dispatch on `value` of `prop`, then validate in full. */
function branch(prop: string, value: string, schema: z.ZodType) {
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
  schema: z.ZodType;
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
        out[part.slice(0, eq)] = coerceScalar(kindOf(part.slice(0, eq)), part.slice(eq + 1));
    }
  } else {
    for (let i = 0; i + 1 < parts.length; i += 2)
      out[parts[i]!] = coerceScalar(kindOf(parts[i]!), parts[i + 1]!);
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
        out[prop] = coerceScalar(spec.props?.[prop] ?? 'string', v[0]!);
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
  for (const s of specs) shape[s.name] = s.required ? s.schema : s.schema.optional();
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
// #endregion prelude

export { typed, branch, params, decodeParam, coerceScalar };
export type { ParamSpec, ParamKind };
