/**
 * JSON Schema keywords zod has no combinator for, as checks over the RAW value (before zod
 * strips or transforms it): what JSON Schema judges is the instance as sent. Generated
 * schemas reach these through runtime/zod-prelude.ts; the generator decides which apply.
 */
import { z } from 'zod';

type JsonKind = 'null' | 'boolean' | 'object' | 'array' | 'number' | 'string';

/** The JSON Schema type family of a parsed JSON value (integers are numbers). */
function kindOf(v: unknown): JsonKind | undefined {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  if (t === 'object') return 'object';
  if (t === 'number' || t === 'string' || t === 'boolean') return t;
  return undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => kindOf(v) === 'object';

/** Equality as JSON Schema defines it for enum/const/uniqueItems: key order is ignored. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return false;
  if (ka === 'array') {
    const x = a as unknown[];
    const y = b as unknown[];
    return x.length === y.length && x.every((v, i) => jsonEqual(v, y[i]));
  }
  if (ka === 'object') {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const keys = Object.keys(x);
    return (
      keys.length === Object.keys(y).length &&
      keys.every((k) => Object.hasOwn(y, k) && jsonEqual(x[k], y[k]))
    );
  }
  return false;
}

/** Lengths count code points (JSON Schema), not UTF-16 units (String#length). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** `.refine` predicate for minLength/maxLength. */
function length(min: number | undefined, max: number | undefined) {
  return (s: string): boolean => {
    const n = codePoints(s);
    return (min === undefined || n >= min) && (max === undefined || n <= max);
  };
}

/**
 * A zod schema as generated code hands it to these helpers. Not `z.ZodType`: tsc would then
 * compare each inferred argument type (`ZodObject<…>`, `ZodUnion<…>`) with `z.ZodType`
 * member by member, which on big specs costs more than the rest of the output together.
 * Generated code builds nothing but zod schemas, so `asZod` casting back is sound.
 */
type Schema = { _zod: object };
const asZod = (schema: Schema) => schema as z.ZodType;

type Ctx = z.RefinementCtx;
type Rule = (value: unknown, ctx: Ctx) => void;

const fail = (ctx: Ctx, message: string, path: PropertyKey[] = []) =>
  ctx.addIssue({ code: 'custom', message, path });

const passes = (schema: Schema, v: unknown) => asZod(schema).safeParse(v).success;

/** Runs `rules` over the raw value, then `base` over it; any failing rule rejects. */
function rules(base: Schema, ...list: Rule[]): z.ZodType {
  return z
    .unknown()
    .superRefine((v, ctx) => {
      for (const r of list) r(v, ctx);
    })
    .pipe(base as z.ZodType<unknown, unknown>);
}

/** Values of other JSON types than `kinds` pass untouched (untyped schemas, JSON Schema §6.1). */
function otherThan(kinds: JsonKind[]): z.ZodType {
  return z.unknown().refine((v) => !kinds.includes(kindOf(v)!), {
    message: `expected a value of another type than ${kinds.join('/')}`,
  });
}

/** enum/const over any JSON values (objects and arrays by value). */
function oneOfValues(values: unknown[]): Rule {
  return (v, ctx) => {
    if (!values.some((e) => jsonEqual(v, e))) fail(ctx, 'must be one of the allowed values');
  };
}

function notRule(schema: Schema): Rule {
  return (v, ctx) => {
    if (passes(schema, v)) fail(ctx, 'must not match the "not" schema');
  };
}

function ifRule(cond: Schema, then?: Schema, otherwise?: Schema): Rule {
  return (v, ctx) => {
    const branch = passes(cond, v) ? then : otherwise;
    if (branch && !passes(branch, v))
      fail(ctx, `must match the "${branch === then ? 'then' : 'else'}" schema`);
  };
}

/** Properties another keyword evaluates: names, patterns, or everything (`true`). */
interface Evaluated {
  names: string[];
  patterns: RegExp[];
  all?: boolean;
}

interface ObjectSpec {
  /** Declared property names (`properties`). */
  known?: string[];
  patterns?: [RegExp, Schema][];
  /** For keys matched by neither `known` nor `patterns`: false rejects, a schema validates. */
  additional?: false | Schema;
  propertyNames?: Schema;
  dependentRequired?: Record<string, string[]>;
  dependentSchemas?: Record<string, Schema>;
  minProperties?: number;
  maxProperties?: number;
  /**
   * unevaluatedProperties: `static` is what this schema and its allOf members evaluate;
   * each `dynamic` entry adds its properties when its schema matches (anyOf/oneOf/if).
   */
  unevaluated?: {
    schema: false | Schema;
    static: Evaluated;
    dynamic: [Schema, Evaluated][];
  };
}

const matches = (e: Evaluated, k: string) =>
  e.all === true || e.names.includes(k) || e.patterns.some((re) => re.test(k));

function objectRule(spec: ObjectSpec): Rule {
  const known = new Set(spec.known ?? []);
  return (v, ctx) => {
    if (!isRecord(v)) return;
    const keys = Object.keys(v);
    if (spec.minProperties !== undefined && keys.length < spec.minProperties)
      fail(ctx, `must have at least ${spec.minProperties} properties`);
    if (spec.maxProperties !== undefined && keys.length > spec.maxProperties)
      fail(ctx, `must have at most ${spec.maxProperties} properties`);
    const active = spec.unevaluated?.dynamic.filter(([s]) => passes(s, v)).map(([, e]) => e);
    for (const k of keys) {
      let matched = known.has(k);
      for (const [re, schema] of spec.patterns ?? []) {
        if (!re.test(k)) continue;
        matched = true;
        if (!passes(schema, v[k])) fail(ctx, `property does not match its pattern schema`, [k]);
      }
      if (!matched && spec.additional !== undefined) {
        if (spec.additional === false) fail(ctx, 'Unknown property', [k]);
        else if (!passes(spec.additional, v[k])) fail(ctx, 'invalid additional property', [k]);
      }
      if (spec.propertyNames && !passes(spec.propertyNames, k))
        fail(ctx, `invalid property name "${k}"`, [k]);
      const u = spec.unevaluated;
      if (u && !matches(u.static, k) && !active!.some((e) => matches(e, k))) {
        if (u.schema === false || !passes(u.schema, v[k]))
          fail(ctx, `unevaluated property "${k}"`, [k]);
      }
    }
    for (const [name, deps] of Object.entries(spec.dependentRequired ?? {})) {
      if (!Object.hasOwn(v, name)) continue;
      for (const d of deps)
        if (!Object.hasOwn(v, d)) fail(ctx, `"${d}" is required when "${name}" is present`);
    }
    for (const [name, schema] of Object.entries(spec.dependentSchemas ?? {})) {
      if (Object.hasOwn(v, name) && !passes(schema, v))
        fail(ctx, `must match the schema that "${name}" depends on`);
    }
  };
}

interface ArraySpec {
  contains?: Schema;
  minContains?: number;
  maxContains?: number;
  unique?: boolean;
}

function arrayRule(spec: ArraySpec): Rule {
  return (v, ctx) => {
    if (!Array.isArray(v)) return;
    if (spec.contains) {
      const n = v.filter((item) => passes(spec.contains!, item)).length;
      const min = spec.minContains ?? 1;
      if (n < min) fail(ctx, `must contain at least ${min} matching items`);
      if (spec.maxContains !== undefined && n > spec.maxContains)
        fail(ctx, `must contain at most ${spec.maxContains} matching items`);
    }
    if (spec.unique) {
      for (let i = 1; i < v.length; i++)
        for (let j = 0; j < i; j++)
          if (jsonEqual(v[i], v[j])) return fail(ctx, 'items must be unique', [i]);
    }
  };
}

/**
 * prefixItems: position i validated by `prefix[i]`, later ones by `rest` (absent = any);
 * shorter arrays are fine. The output carries each item's parsed value.
 */
function tuple(prefix: Schema[], rest?: Schema): z.ZodType {
  return z.array(z.unknown()).transform((a, ctx) => {
    const out = a.slice();
    a.forEach((item, i) => {
      const schema = i < prefix.length ? prefix[i] : rest;
      if (!schema) return;
      const r = asZod(schema).safeParse(item);
      if (r.success) out[i] = r.data;
      else
        for (const issue of r.error.issues)
          ctx.addIssue({ code: 'custom', message: issue.message, path: [i, ...issue.path] });
    });
    return out;
  });
}

/**
 * Objects whose schema names a property of Object.prototype (`toString`, `constructor`,
 * `__proto__`): zod would read the inherited member as if it were sent. A prototype-free
 * copy holds only what the client sent.
 */
function ownProps(schema: Schema): z.ZodType {
  return z.preprocess(
    (v) => (isRecord(v) ? Object.assign(Object.create(null) as object, v) : v),
    schema as z.ZodType<unknown, unknown>,
  );
}

export {
  ownProps,
  kindOf,
  jsonEqual,
  codePoints,
  length as lengthIn,
  rules,
  otherThan,
  oneOfValues,
  notRule,
  ifRule,
  objectRule,
  arrayRule,
  tuple,
};
export type { JsonKind, Rule, ObjectSpec, ArraySpec, Evaluated, Schema };
