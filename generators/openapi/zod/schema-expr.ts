/**
 * One normalised schema → one zod v4 expression (source text). Pure. Keyword families
 * each have one function; `toZod` dispatches. Documented choices (tested in
 * emit-zod.test.ts):
 * - objects without `additionalProperties` strip unknown keys (z.object); `false` rejects
 *   them (z.strictObject); `true` keeps them (z.looseObject); a schema → `.catchall`;
 *   an object with no properties and no `false` is a record of the extra values;
 * - `oneOf` is a first-match union (exclusivity is not enforced) unless a discriminator
 *   lets it dispatch (`z.discriminatedUnion` over `branch(...)`);
 * - request shapes drop readOnly properties, response shapes drop writeOnly ones.
 */
import type { JsonType, SchemaObject } from '../ir.js';
import { componentSchemaName } from '../normalise/pointer.js';
import { lit, key } from './literal.js';
import type { Mode, SchemaPlan, Unit } from './plan.js';

export interface ExprContext {
  plan: SchemaPlan;
  mode: Mode;
  /** The component const being defined, for lazy back-references; absent in operations. */
  unit?: Unit;
  indent: string;
}

const deeper = (ctx: ExprContext): ExprContext => ({ ...ctx, indent: `${ctx.indent}  ` });

export function toZod(schema: SchemaObject, ctx: ExprContext): string {
  if (schema.$ref) return refExpr(schema.$ref, ctx);
  if (schema.not && Object.keys(schema.not).length === 0 && !schema.type) return 'z.never()';

  const parts: string[] = [];
  const composed = compositionExpr(schema, ctx);
  const own = ownExpr(schema, ctx, composed !== undefined);
  if (composed) parts.push(composed);
  if (own) parts.push(own);
  let expr =
    parts.length === 0
      ? 'z.unknown()'
      : parts.length === 1
        ? parts[0]!
        : `z.intersection(${parts[0]}, ${parts[1]})`;
  if (schema.not)
    expr = `${expr}.refine((v) => !${toZod(schema.not, ctx)}.safeParse(v).success, ${lit('must not match the "not" schema')})`;
  return expr;
}

function refExpr(ref: string, ctx: ExprContext): string {
  const name = componentSchemaName(ref);
  if (name === undefined || ctx.plan.schemas[name] === undefined) return 'z.unknown()';
  const ident = ctx.plan.identFor(name, ctx.mode);
  return ctx.unit && ctx.plan.isDeferred(ctx.unit, name, ctx.mode)
    ? `z.lazy(() => ${ident})`
    : ident;
}

/** Does this schema say anything about the value beyond composition keywords? */
function hasOwnConstraints(s: SchemaObject): boolean {
  return (
    s.type !== undefined ||
    s.enum !== undefined ||
    'const' in s ||
    s.properties !== undefined ||
    s.items !== undefined ||
    s.prefixItems !== undefined ||
    (s.additionalProperties !== undefined && s.additionalProperties !== true)
  );
}

function typesOf(s: SchemaObject): JsonType[] {
  if (Array.isArray(s.type)) return s.type;
  if (s.type) return [s.type];
  if (s.properties || s.additionalProperties !== undefined) return ['object'];
  if (s.items || s.prefixItems) return ['array'];
  return [];
}

function ownExpr(s: SchemaObject, ctx: ExprContext, composed: boolean): string | undefined {
  if (composed && !hasOwnConstraints(s)) return undefined;
  if ('const' in s) return constExpr(s.const);
  if (s.enum) return enumExpr(s.enum);
  const types = typesOf(s);
  if (types.length === 0) return composed ? undefined : 'z.unknown()';
  const nonNull = types.filter((t) => t !== 'null');
  const nullable = types.includes('null');
  if (nonNull.length === 0) return 'z.null()';
  const exprs = nonNull.map((t) => typedExpr(t, s, ctx));
  const base = exprs.length === 1 ? exprs[0]! : `z.union([${exprs.join(', ')}])`;
  return nullable ? `${base}.nullable()` : base;
}

function constExpr(value: unknown): string {
  if (value === null) return 'z.null()';
  if (['string', 'number', 'boolean'].includes(typeof value)) return `z.literal(${lit(value)})`;
  return `z.unknown().refine((v) => JSON.stringify(v) === ${lit(JSON.stringify(value))}, ${lit('must equal the const value')})`;
}

function enumExpr(values: unknown[]): string {
  const prims = values.filter((v) => ['string', 'number', 'boolean'].includes(typeof v));
  const hasNull = values.includes(null);
  const others = values.filter((v) => v !== null && !prims.includes(v));
  let expr: string;
  if (prims.length > 0 && prims.every((v) => typeof v === 'string')) expr = `z.enum(${lit(prims)})`;
  else if (prims.length === 1) expr = `z.literal(${lit(prims[0])})`;
  else if (prims.length > 0) expr = `z.literal(${lit(prims)})`;
  else expr = hasNull ? 'z.null()' : 'z.never()';
  if (others.length > 0) {
    const json = lit(others.map((o) => JSON.stringify(o)));
    expr = `z.union([${expr}, z.unknown().refine((v) => ${json}.includes(JSON.stringify(v)))])`;
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
};

/** A pattern as a RegExp source text, or undefined when JavaScript cannot compile it. */
export function regexExpr(pattern: string): string | undefined {
  for (const flags of ['', 'u']) {
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
  if (s.minLength !== undefined) expr += `.min(${s.minLength})`;
  if (s.maxLength !== undefined) expr += `.max(${s.maxLength})`;
  if (s.pattern !== undefined) {
    const re = regexExpr(s.pattern);
    if (re) expr += `.regex(${re})`;
  }
  return expr;
}

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
  const items = s.items ? toZod(s.items, ctx) : 'z.unknown()';
  let expr = s.prefixItems
    ? `z.tuple([${s.prefixItems.map((p) => toZod(p, ctx)).join(', ')}]).rest(${items})`
    : `z.array(${items})`;
  if (s.minItems !== undefined)
    expr += s.prefixItems ? `.refine((a) => a.length >= ${s.minItems})` : `.min(${s.minItems})`;
  if (s.maxItems !== undefined)
    expr += s.prefixItems ? `.refine((a) => a.length <= ${s.maxItems})` : `.max(${s.maxItems})`;
  if (s.uniqueItems) {
    expr += `.refine((a) => new Set(a.map((v) => JSON.stringify(v))).size === a.length, ${lit('items must be unique')})`;
  }
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

const jsonTypeOf = (v: unknown): JsonType =>
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

/**
 * Whether a `default` can be applied: public specs carry defaults that contradict their
 * own schema (`default: null` on a non-nullable string). Those are ignored, not emitted.
 */
export function defaultFits(s: SchemaObject, value: unknown): boolean {
  if (value === undefined) return false;
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) return false;
  const types = typesOf(s);
  if (types.length === 0) return !s.$ref;
  const t = jsonTypeOf(value);
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

function objectExpr(s: SchemaObject, ctx: ExprContext): string {
  const inner = deeper(ctx);
  const required = new Set(s.required ?? []);
  const entries = Object.entries(s.properties ?? {}).filter(([, p]) => !isHidden(p, ctx));
  const ap = s.additionalProperties;
  let expr: string;
  if (entries.length === 0 && s.properties === undefined && ap !== false) {
    const values = ap && typeof ap === 'object' ? toZod(ap, inner) : 'z.unknown()';
    expr = `z.record(z.string(), ${values})`;
  } else {
    const fields = entries.map(([name, p]) => {
      let v = toZod(p, inner);
      if (!required.has(name))
        v += defaultFits(p, p.default) ? `.default(${lit(p.default)})` : '.optional()';
      return `${inner.indent}${key(name)}: ${v},`;
    });
    const shape = fields.length === 0 ? '{}' : `{\n${fields.join('\n')}\n${ctx.indent}}`;
    const ctor = ap === false ? 'z.strictObject' : ap === true ? 'z.looseObject' : 'z.object';
    expr = `${ctor}(${shape})`;
    if (ap && typeof ap === 'object') expr += `.catchall(${toZod(ap, inner)})`;
  }
  if (s.minProperties !== undefined)
    expr += `.refine((o) => Object.keys(o).length >= ${s.minProperties})`;
  if (s.maxProperties !== undefined)
    expr += `.refine((o) => Object.keys(o).length <= ${s.maxProperties})`;
  return expr;
}

function compositionExpr(s: SchemaObject, ctx: ExprContext): string | undefined {
  const parts: string[] = [];
  if (s.allOf) {
    const all = s.allOf.map((p) => toZod(p, ctx));
    parts.push(all.reduce((acc, p) => `z.intersection(${acc}, ${p})`));
  }
  for (const list of [s.oneOf, s.anyOf]) if (list) parts.push(unionExpr(list, s, ctx));
  if (parts.length === 0) return undefined;
  return parts.reduce((acc, p) => `z.intersection(${acc}, ${p})`);
}

function unionExpr(options: SchemaObject[], parent: SchemaObject, ctx: ExprContext): string {
  const isNull = (o: SchemaObject) => o.type === 'null';
  const rest = options.filter((o) => !isNull(o));
  const nullable = rest.length < options.length;
  let expr: string;
  if (rest.length === 0) expr = 'z.null()';
  else if (rest.length === 1) expr = toZod(rest[0]!, ctx);
  else
    expr =
      discriminatedExpr(rest, parent, ctx) ??
      `z.union([${rest.map((o) => toZod(o, ctx)).join(', ')}])`;
  return nullable && rest.length > 0 ? `${expr}.nullable()` : expr;
}

/**
 * With a discriminator, each mapping value (or, unmapped, each option's schema name)
 * dispatches to one option, validated in full. Undecidable cases fall back to z.union.
 */
function discriminatedExpr(
  options: SchemaObject[],
  parent: SchemaObject,
  ctx: ExprContext,
): string | undefined {
  const d = parent.discriminator;
  if (!d) return undefined;
  const branches: string[] = [];
  const seen = new Set<string>();
  const mapped = new Set<string>();
  for (const [value, ref] of Object.entries(d.mapping ?? {}).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    if (!options.some((o) => o.$ref === ref)) continue;
    mapped.add(ref);
    seen.add(value);
    branches.push(`branch(${lit(d.propertyName)}, ${lit(value)}, ${toZod({ $ref: ref }, ctx)})`);
  }
  for (const o of options) {
    if (o.$ref && mapped.has(o.$ref)) continue;
    const name = o.$ref ? componentSchemaName(o.$ref) : undefined;
    if (name === undefined || seen.has(name)) return undefined;
    seen.add(name);
    branches.push(`branch(${lit(d.propertyName)}, ${lit(name)}, ${toZod(o, ctx)})`);
  }
  if (branches.length < 2) return undefined;
  return `z.discriminatedUnion(${lit(d.propertyName)}, [${branches.join(', ')}])`;
}
