/**
 * One normalised schema → one zod v4 expression (source text). Pure. The validator accepts
 * exactly what JSON Schema accepts (test/conformance runs the official suite and compares
 * with Ajv); docs/validation.md lists the documented exceptions. Shape of the output:
 * - a base: the declared `type`s, each with its own keywords, or, untyped, one branch per
 *   keyword family plus `otherThan(...)` (keywords constrain only their own type);
 * - intersected with the compositions (`allOf`, `anyOf`, `oneOf`, see compose.ts);
 * - wrapped in `rules(...)` for keywords zod has no combinator for (not, if/then/else,
 *   patternProperties, dependent*, contains, uniqueItems, unevaluatedProperties, …): they
 *   judge the raw instance before zod strips or transforms it (runtime/zod-keywords.ts).
 * Documented zod choices: objects without `additionalProperties` strip unknown keys;
 * request shapes drop readOnly properties, response shapes drop writeOnly ones.
 */
import type { JsonType, SchemaObject } from '../ir.js';
import { componentSchemaName } from '../normalise/pointer.js';
import { compositionExprs, unevaluatedSpec } from './compose.js';
import { lit, key } from './literal.js';
import type { Mode, SchemaPlan, Unit } from './plan.js';

export interface ExprContext {
  plan: SchemaPlan;
  mode: Mode;
  /** The component const being defined, for lazy back-references; absent in operations. */
  unit?: Unit;
  indent: string;
}

type Family = 'object' | 'array' | 'string' | 'number';

const FAMILY_KEYS: Record<Family, (keyof SchemaObject)[]> = {
  object: [
    'properties',
    'required',
    'additionalProperties',
    'patternProperties',
    'propertyNames',
    'dependentRequired',
    'dependentSchemas',
    'minProperties',
    'maxProperties',
    'unevaluatedProperties',
  ],
  array: ['items', 'prefixItems', 'contains', 'minItems', 'maxItems', 'uniqueItems'],
  string: ['minLength', 'maxLength', 'pattern'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
};

const deeper = (ctx: ExprContext): ExprContext => ({ ...ctx, indent: `${ctx.indent}  ` });

export function toZod(schema: SchemaObject, ctx: ExprContext): string {
  if (schema.$ref) return refExpr(schema.$ref, ctx);
  if (schema.not && Object.keys(schema.not).length === 0) return 'z.never()';
  const parts: string[] = [];
  const base = baseExpr(schema, ctx);
  if (base) parts.push(base);
  parts.push(...compositionExprs(schema, ctx));
  const expr =
    parts.length === 0 ? 'z.unknown()' : parts.reduce((a, p) => `z.intersection(${a}, ${p})`);
  const rules = ruleExprs(schema, ctx);
  return rules.length === 0 ? expr : `rules(${expr}, ${rules.join(', ')})`;
}

export function refExpr(ref: string, ctx: ExprContext): string {
  const name = componentSchemaName(ref);
  if (name === undefined || ctx.plan.schemas[name] === undefined) return 'z.unknown()';
  const ident = ctx.plan.identFor(name, ctx.mode);
  return ctx.unit && ctx.plan.isDeferred(ctx.unit, name, ctx.mode)
    ? `z.lazy(() => ${ident})`
    : ident;
}

const declaredTypes = (s: SchemaObject): JsonType[] =>
  Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];

/** Keyword families this schema constrains (a string `format` counts for strings). */
function familiesOf(s: SchemaObject): Family[] {
  return (Object.keys(FAMILY_KEYS) as Family[]).filter(
    (f) =>
      FAMILY_KEYS[f].some((k) => s[k] !== undefined) ||
      (f === 'string' && s.format !== undefined && s.format in STRING_FORMATS),
  );
}

const valueType = (v: unknown): JsonType =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'object'
        ? 'object'
        : typeof v === 'number'
          ? Number.isInteger(v)
            ? 'integer'
            : 'number'
          : typeof v === 'boolean'
            ? 'boolean'
            : 'string';

function typeAllows(types: JsonType[], v: unknown): boolean {
  if (types.length === 0) return true;
  const t = valueType(v);
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

/** `const`/`enum` values, or undefined when the schema has neither. */
const allowedValues = (s: SchemaObject): unknown[] | undefined =>
  'const' in s ? [s.const] : s.enum;

/**
 * When the values are the whole validator: no keyword family beyond strings and numbers,
 * whose keywords are then applied to the values here (see `valueFits`).
 */
const valuesOnly = (s: SchemaObject) =>
  allowedValues(s) !== undefined &&
  familiesOf(s).every((f) => f === 'string' || f === 'number') &&
  (s.format === undefined || s.format === 'binary' || !(s.format in STRING_FORMATS));

/** A string/number value against its own family's keywords, at generation time. */
function valueFits(s: SchemaObject, v: unknown): boolean {
  if (typeof v === 'string') {
    if (s.minLength !== undefined && v.length < s.minLength) return false;
    if (s.maxLength !== undefined && v.length > s.maxLength) return false;
    if (s.pattern !== undefined && regexExpr(s.pattern)) {
      try {
        if (!new RegExp(s.pattern, 'u').test(v)) return false;
      } catch {
        if (!new RegExp(s.pattern).test(v)) return false;
      }
    }
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) return false;
    if (s.maximum !== undefined && v > s.maximum) return false;
    if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) return false;
    if (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum) return false;
    if (s.multipleOf !== undefined && s.multipleOf > 0) {
      const q = v / s.multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9) return false;
    }
  }
  return true;
}

function baseExpr(s: SchemaObject, ctx: ExprContext): string | undefined {
  const types = declaredTypes(s);
  const values = allowedValues(s);
  if (values && valuesOnly(s))
    return valuesExpr(values.filter((v) => typeAllows(types, v) && valueFits(s, v)));
  if (types.length > 0) {
    const nonNull = types.filter((t): t is Exclude<JsonType, 'null'> => t !== 'null');
    if (nonNull.length === 0) return 'z.null()';
    const exprs = nonNull.map((t) => typedExpr(t, s, ctx));
    const expr = exprs.length === 1 ? exprs[0]! : `z.union([${exprs.join(', ')}])`;
    return types.includes('null') ? `${expr}.nullable()` : expr;
  }
  const families = familiesOf(s);
  if (families.length === 0) return values ? 'z.unknown()' : undefined;
  const exprs = families.map((f) => typedExpr(f, s, ctx));
  return `z.union([${exprs.join(', ')}, otherThan(${lit(families)})])`;
}

function valuesExpr(values: unknown[]): string {
  const prims = values.filter((v) => ['string', 'number', 'boolean'].includes(typeof v));
  const hasNull = values.includes(null);
  const others = values.filter((v) => v !== null && !prims.includes(v));
  let expr: string;
  if (prims.length > 0 && prims.every((v) => typeof v === 'string')) expr = `z.enum(${lit(prims)})`;
  else if (prims.length === 1) expr = `z.literal(${lit(prims[0])})`;
  else if (prims.length > 0) expr = `z.literal(${lit(prims)})`;
  else expr = hasNull ? 'z.null()' : 'z.never()';
  if (others.length > 0) {
    const structured = `rules(z.unknown(), oneOfValues(${lit(others)}))`;
    expr = prims.length === 0 && !hasNull ? structured : `z.union([${expr}, ${structured}])`;
  }
  return hasNull && prims.length + others.length > 0 ? `${expr}.nullable()` : expr;
}

function typedExpr(t: Exclude<JsonType, 'null'>, s: SchemaObject, ctx: ExprContext): string {
  switch (t) {
    case 'string':
      return stringExpr(s);
    case 'integer':
    case 'number':
      return numberExpr(t, s);
    case 'boolean':
      return 'z.boolean()';
    case 'array':
      return arrayExpr(s, ctx);
    case 'object':
      return objectExpr(s, ctx);
  }
}

const STRING_FORMATS: Record<string, string> = {
  uuid: 'z.uuid()',
  email: 'z.email()',
  'date-time': 'z.iso.datetime({ offset: true })',
  date: 'z.iso.date()',
  time: 'z.iso.time()',
  uri: 'z.url()',
  url: 'z.url()',
  ipv4: 'z.ipv4()',
  ipv6: 'z.ipv6()',
  byte: 'z.base64()',
  hostname: 'z.hostname()',
  binary: 'binary',
};

/**
 * A pattern as a RegExp source text, or undefined when JavaScript cannot compile it.
 * JSON Schema (and Ajv) read patterns in Unicode mode; it only changes the meaning of
 * property escapes, code-point escapes and characters beyond the BMP, so those use it and
 * the rest stay in legacy mode, which also accepts patterns Unicode mode rejects (`[\w-.]`).
 */
export function regexExpr(pattern: string): string | undefined {
  const unicode = /\\[pPu]\{|[\ud800-\udfff]/.test(pattern);
  for (const flags of unicode ? ['u', ''] : ['', 'u']) {
    try {
      new RegExp(pattern, flags);
      return flags ? `new RegExp(${lit(pattern)}, 'u')` : `new RegExp(${lit(pattern)})`;
    } catch {
      // try the next flag set; unknown dialects are dropped below
    }
  }
  return undefined;
}

function stringExpr(s: SchemaObject): string {
  // Bytes, not characters: length and pattern keywords do not apply (prelude `binary`).
  if (s.format === 'binary') return 'binary';
  let expr = (s.format && STRING_FORMATS[s.format]) || 'z.string()';
  // zod counts UTF-16 units, JSON Schema code points: they differ only beyond the BMP
  // (emoji), a documented exception (docs/validation.md) that keeps zod's own checks.
  if (s.minLength !== undefined) expr += `.min(${s.minLength})`;
  if (s.maxLength !== undefined) expr += `.max(${s.maxLength})`;
  if (s.pattern !== undefined) {
    const re = regexExpr(s.pattern);
    if (re) expr += `.regex(${re})`;
  }
  return expr;
}

/**
 * `integer` is zod's safe integer (|n| <= 2^53 - 1): larger values are not exact after
 * JSON.parse, so they are rejected rather than silently rounded (docs/validation.md).
 */
function numberExpr(t: 'integer' | 'number', s: SchemaObject): string {
  let expr = t === 'number' ? 'z.number()' : s.format === 'int32' ? 'z.int32()' : 'z.int()';
  if (s.minimum !== undefined) expr += `.min(${lit(s.minimum)})`;
  if (s.maximum !== undefined) expr += `.max(${lit(s.maximum)})`;
  if (s.exclusiveMinimum !== undefined) expr += `.gt(${lit(s.exclusiveMinimum)})`;
  if (s.exclusiveMaximum !== undefined) expr += `.lt(${lit(s.exclusiveMaximum)})`;
  if (s.multipleOf !== undefined && s.multipleOf > 0) expr += `.multipleOf(${lit(s.multipleOf)})`;
  return expr;
}

function arrayExpr(s: SchemaObject, ctx: ExprContext): string {
  const items = s.items ? toZod(s.items, ctx) : undefined;
  // prefixItems: positions are optional and later items follow `items` (runtime `tuple`);
  // bounds then go to the raw array rule (see ruleExprs).
  if (s.prefixItems)
    return `tuple([${s.prefixItems.map((p) => toZod(p, ctx)).join(', ')}]${items ? `, ${items}` : ''})`;
  let expr = `z.array(${items ?? 'z.unknown()'})`;
  if (s.minItems !== undefined) expr += `.min(${s.minItems})`;
  if (s.maxItems !== undefined) expr += `.max(${s.maxItems})`;
  return expr;
}

/** A property the current mode drops: readOnly in requests, writeOnly in responses. */
function isHidden(p: SchemaObject, ctx: ExprContext): boolean {
  const flag = ctx.mode === 'request' ? 'readOnly' : 'writeOnly';
  if (p[flag] === true) return true;
  const target = p.$ref ? componentSchemaName(p.$ref) : undefined;
  if (target !== undefined && ctx.plan.schemas[target]?.[flag] === true) return true;
  return (p.anyOf ?? []).some((m) => m[flag] === true);
}

/** Top-level property names a mode drops (used for the static `Omit<…>` types). */
export function hiddenProperties(s: SchemaObject, plan: SchemaPlan, mode: Mode): string[] {
  const ctx: ExprContext = { plan, mode, indent: '' };
  return Object.entries(s.properties ?? {})
    .filter(([, p]) => isHidden(p, ctx))
    .map(([n]) => n);
}

function typesOf(s: SchemaObject): JsonType[] {
  const types = declaredTypes(s);
  if (types.length > 0) return types;
  if (s.properties || s.additionalProperties !== undefined) return ['object'];
  if (s.items || s.prefixItems) return ['array'];
  return [];
}

/**
 * Whether a `default` can be applied: public specs carry defaults that contradict their
 * own schema (`default: null` on a non-nullable string). Those are ignored, not emitted.
 */
export function defaultFits(s: SchemaObject, value: unknown): boolean {
  if (value === undefined) return false;
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) return false;
  const types = typesOf(s);
  if (types.length === 0) return !s.$ref;
  return typeAllows(types, value);
}

/**
 * Declared properties become the zod shape; `required` names declared elsewhere (an
 * `allOf` sibling, a base schema) join it as `z.unknown()`, so presence is still checked.
 * Unknown keys are judged by the raw object rule whenever zod's own handling would be
 * wrong: `additionalProperties: false` inside an intersection, and `patternProperties`.
 */
function objectExpr(s: SchemaObject, ctx: ExprContext): string {
  const inner = deeper(ctx);
  const declared = s.properties ?? {};
  const required = new Set(s.required ?? []);
  const extraRequired = [...required].filter((n) => !Object.hasOwn(declared, n));
  const entries = Object.entries(declared).filter(([, p]) => !isHidden(p, ctx));
  const ap = s.additionalProperties;
  const patterns = s.patternProperties !== undefined;
  if (entries.length === 0 && extraRequired.length === 0 && !patterns && ap !== false) {
    if (s.properties === undefined || ap === true || typeof ap === 'object') {
      const values = ap && typeof ap === 'object' ? toZod(ap, inner) : 'z.unknown()';
      return `z.record(z.string(), ${values})`;
    }
  }
  const fields = entries.map(([name, p]) => {
    let v = toZod(p, inner);
    if (!required.has(name))
      v += defaultFits(p, p.default) ? `.default(${lit(p.default)})` : '.optional()';
    return `${inner.indent}${key(name)}: ${v},`;
  });
  for (const name of extraRequired) fields.push(`${inner.indent}${key(name)}: z.unknown(),`);
  const shape = fields.length === 0 ? '{}' : `{\n${fields.join('\n')}\n${ctx.indent}}`;
  let expr: string;
  // zod's strictObject is exact on its own; inside an intersection it only rejects keys
  // every side rejects, so compositions add a raw known-keys rule (strictRules below).
  if (ap === false && !patterns) expr = `z.strictObject(${shape})`;
  else if (ap === false || ap === true || patterns) expr = `z.looseObject(${shape})`;
  else if (ap && typeof ap === 'object') expr = `z.object(${shape}).catchall(${toZod(ap, inner)})`;
  else expr = `z.object(${shape})`;
  const inherited = [...Object.keys(declared), ...extraRequired].some((n) => n in Object.prototype);
  return inherited ? `ownProps(${expr})` : expr;
}

/** Keywords checked over the raw value by runtime/zod-keywords.ts, as rule expressions. */
function ruleExprs(s: SchemaObject, ctx: ExprContext): string[] {
  const out: string[] = [];
  const values = allowedValues(s);
  if (values && !valuesOnly(s)) out.push(`oneOfValues(${lit(values)})`);
  if (s.not) out.push(`notRule(${toZod(s.not, ctx)})`);
  if (s.if && (s.then || s.else)) {
    const opt = (b?: SchemaObject) => (b ? toZod(b, ctx) : 'undefined');
    out.push(`ifRule(${toZod(s.if, ctx)}, ${opt(s.then)}, ${opt(s.else)})`);
  }
  out.push(...strictRules(s, ctx));
  const obj = objectRuleSpec(s, ctx);
  if (obj.length > 0) out.push(`objectRule({ ${obj.join(', ')} })`);
  const arr: string[] = [];
  if (s.contains) {
    arr.push(`contains: ${toZod(s.contains, ctx)}`);
    if (s.minContains !== undefined) arr.push(`minContains: ${s.minContains}`);
    if (s.maxContains !== undefined) arr.push(`maxContains: ${s.maxContains}`);
  }
  if (s.uniqueItems) arr.push('unique: true');
  if (s.prefixItems && s.minItems !== undefined) arr.push(`minItems: ${s.minItems}`);
  if (s.prefixItems && s.maxItems !== undefined) arr.push(`maxItems: ${s.maxItems}`);
  if (arr.length > 0) out.push(`arrayRule({ ${arr.join(', ')} })`);
  return out;
}

const visibleNames = (s: SchemaObject, ctx: ExprContext) =>
  Object.entries(s.properties ?? {})
    .filter(([, p]) => !isHidden(p, ctx))
    .map(([n]) => n);

/** Follows component refs (bounded). */
function resolveRef(s: SchemaObject, ctx: ExprContext): SchemaObject {
  let cur = s;
  for (let i = 0; i < 20 && cur.$ref; i++)
    cur = ctx.plan.schemas[componentSchemaName(cur.$ref) ?? ''] ?? {};
  return cur;
}

/**
 * `additionalProperties: false` of a schema that is intersected (its own, beside
 * compositions, and each allOf member's, through refs) as raw known-keys rules: JSON
 * Schema rejects a key any side rejects (see objectExpr).
 */
function strictRules(s: SchemaObject, ctx: ExprContext): string[] {
  const strict = (m: SchemaObject) =>
    m.additionalProperties === false && m.patternProperties === undefined;
  const sides: SchemaObject[] = [];
  const composed = s.allOf !== undefined || s.anyOf !== undefined || s.oneOf !== undefined;
  if (composed && strict(s) && familiesOf(s).includes('object')) sides.push(s);
  if (s.allOf && (s.allOf.length > 1 || composed))
    for (const m of s.allOf) {
      const r = resolveRef(m, ctx);
      if (strict(r)) sides.push(r);
    }
  return sides.map((m) => `objectRule({ known: ${lit(visibleNames(m, ctx))}, additional: false })`);
}

function objectRuleSpec(s: SchemaObject, ctx: ExprContext): string[] {
  const spec: string[] = [];
  const ap = s.additionalProperties;
  const patterns = Object.entries(s.patternProperties ?? {}).flatMap(([p, schema]) => {
    const re = regexExpr(p);
    return re ? [`[${re}, ${toZod(schema, ctx)}]`] : [];
  });
  if (patterns.length > 0 && ap !== undefined && ap !== true) {
    spec.push(`known: ${lit(visibleNames(s, ctx))}`);
    spec.push(`additional: ${ap === false ? 'false' : toZod(ap as SchemaObject, ctx)}`);
  }
  if (patterns.length > 0) spec.push(`patterns: [${patterns.join(', ')}]`);
  if (s.propertyNames) spec.push(`propertyNames: ${toZod(s.propertyNames, ctx)}`);
  if (s.dependentRequired) spec.push(`dependentRequired: ${lit(s.dependentRequired)}`);
  if (s.dependentSchemas) {
    const deps = Object.entries(s.dependentSchemas).map(([k, d]) => `${key(k)}: ${toZod(d, ctx)}`);
    spec.push(`dependentSchemas: { ${deps.join(', ')} }`);
  }
  if (s.minProperties !== undefined) spec.push(`minProperties: ${s.minProperties}`);
  if (s.maxProperties !== undefined) spec.push(`maxProperties: ${s.maxProperties}`);
  const unevaluated = unevaluatedSpec(s, ctx);
  if (unevaluated) spec.push(`unevaluated: ${unevaluated}`);
  return spec;
}
