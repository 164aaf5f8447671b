/**
 * allOf / anyOf / oneOf (+ discriminator) and what they evaluate for
 * `unevaluatedProperties`. JSON Schema semantics:
 * - allOf: every member (zod intersection; each member's own rules judge unknown keys);
 * - anyOf: the first matching member's output (z.union);
 * - oneOf: exactly one member (`z.xor`), unless the members are provably disjoint (their
 *   JSON types, or a required property pinned to different values), where the cheaper
 *   first-match union is equivalent; a discriminator dispatches on its property
 *   (mapping, else each member's own `const`/`enum` pin, else OpenAPI's implicit
 *   schema-name mapping).
 */
import { isDeepStrictEqual } from 'node:util';
import type { JsonType, SchemaObject } from '../ir.js';
import { componentSchemaName } from '../normalise/pointer.js';
import { key, lit } from './literal.js';
import { toZod, type ExprContext } from './schema-expr.js';

export function compositionExprs(s: SchemaObject, ctx: ExprContext): string[] {
  const parts: string[] = [];
  if (s.allOf) {
    const all = withoutConflictingDefaults(s.allOf, ctx).map((p) => toZod(p, ctx));
    parts.push(all.reduce((acc, p) => `z.intersection(${acc}, ${p})`));
  }
  if (s.oneOf) parts.push(oneOfExpr(s.oneOf, s, ctx));
  if (s.anyOf) parts.push(anyOfExpr(s.anyOf, s, ctx));
  return parts;
}

const isNullSchema = (o: SchemaObject) => o.type === 'null' && Object.keys(o).length === 1;

function anyOfExpr(options: SchemaObject[], parent: SchemaObject, ctx: ExprContext): string {
  const rest = options.filter((o) => !isNullSchema(o));
  const nullable = rest.length < options.length;
  let expr: string;
  if (rest.length === 0) return 'z.null()';
  if (rest.length === 1) expr = toZod(rest[0]!, ctx);
  else
    expr =
      (parent.oneOf ? undefined : discriminatedExpr(rest, parent, ctx)) ??
      `z.union([${rest.map((o) => toZod(o, ctx)).join(', ')}])`;
  return nullable ? `${expr}.nullable()` : expr;
}

function oneOfExpr(options: SchemaObject[], parent: SchemaObject, ctx: ExprContext): string {
  const rest = options.filter((o) => !isNullSchema(o));
  // A lone `{type: 'null'}` member is disjoint from the others unless one also takes null.
  const nullable = rest.length < options.length && rest.every((o) => !acceptsNull(o, ctx));
  const members = nullable ? rest : options;
  if (members.length === 0) return 'z.null()';
  let expr: string;
  if (members.length === 1) expr = toZod(members[0]!, ctx);
  else {
    const exprs = members.map((o) => toZod(o, ctx));
    expr =
      discriminatedExpr(members, parent, ctx) ??
      (disjoint(members, ctx) ? `z.union([${exprs.join(', ')}])` : `z.xor([${exprs.join(', ')}])`);
  }
  return nullable ? `${expr}.nullable()` : expr;
}

/**
 * `default` is an annotation, so allOf members may disagree on one (placekit.co's `reverse`
 * body: its `parameters` component says `countryByIP: false`, the inline member `true`).
 * zod's intersection would fill in both and throw on the differing outputs, a 500 on a
 * valid request. The first member's default applies: a later inline member's conflicting
 * default is dropped (a later `$ref` member is shared and cannot be rewritten; such a
 * conflict stays).
 */
function withoutConflictingDefaults(members: SchemaObject[], ctx: ExprContext): SchemaObject[] {
  const seen = new Map<string, unknown>();
  return members.map((member) => {
    const own = member.$ref ? undefined : member.properties;
    let props = own;
    for (const [name, defaultValue] of propertyDefaults(member, ctx)) {
      if (!seen.has(name)) {
        seen.set(name, defaultValue);
        continue;
      }
      const prop = own?.[name];
      if (
        prop &&
        !prop.$ref &&
        'default' in prop &&
        !isDeepStrictEqual(seen.get(name), prop.default)
      ) {
        const { default: _dropped, ...rest } = prop;
        props = { ...props, [name]: rest };
      }
    }
    return props === own ? member : { ...member, properties: props };
  });
}

/** Property defaults a member sets (own, through `$ref`s and its allOf), first one per name. */
function propertyDefaults(s: SchemaObject, ctx: ExprContext, depth = 0): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const r = resolve(s, ctx);
  for (const [name, p] of Object.entries(r.properties ?? {})) {
    const pr = resolve(p, ctx);
    if ('default' in pr) out.set(name, pr.default);
  }
  if (depth < 5)
    for (const m of r.allOf ?? [])
      for (const [name, v] of propertyDefaults(m, ctx, depth + 1))
        if (!out.has(name)) out.set(name, v);
  return out;
}

/** Follows component refs (bounded) to the schema itself. */
function resolve(s: SchemaObject, ctx: ExprContext): SchemaObject {
  let cur = s;
  for (let i = 0; i < 20 && cur.$ref; i++) {
    const name = componentSchemaName(cur.$ref);
    const next = name !== undefined ? ctx.plan.schemas[name] : undefined;
    if (!next) return {};
    cur = next;
  }
  return cur;
}

function acceptsNull(s: SchemaObject, ctx: ExprContext): boolean {
  const types = typeSet(s, ctx);
  return types === undefined || types.has('null');
}

/** The JSON types a schema can accept, or undefined when that is not evident. */
function typeSet(s: SchemaObject, ctx: ExprContext, depth = 0): Set<JsonType> | undefined {
  const r = resolve(s, ctx);
  if (r.type) return new Set(Array.isArray(r.type) ? r.type : [r.type]);
  if (depth < 5 && r.allOf) {
    for (const m of r.allOf) {
      const t = typeSet(m, ctx, depth + 1);
      if (t) return t;
    }
  }
  return undefined;
}

/** Values a member pins `prop` to (const / enum, own or through allOf), if it does. */
function pinnedValues(
  s: SchemaObject,
  prop: string,
  ctx: ExprContext,
  depth = 0,
): unknown[] | undefined {
  const r = resolve(s, ctx);
  const p = r.properties?.[prop];
  const pr = p ? resolve(p, ctx) : undefined;
  if (pr && 'const' in pr) return [pr.const];
  if (pr?.enum) return pr.enum;
  if (depth < 5)
    for (const m of r.allOf ?? []) {
      const v = pinnedValues(m, prop, ctx, depth + 1);
      if (v) return v;
    }
  return undefined;
}

function requires(s: SchemaObject, prop: string, ctx: ExprContext, depth = 0): boolean {
  const r = resolve(s, ctx);
  if (r.required?.includes(prop)) return true;
  return depth < 5 && (r.allOf ?? []).some((m) => requires(m, prop, ctx, depth + 1));
}

const overlaps = (a: Set<JsonType>, b: Set<JsonType>) =>
  [...a].some(
    (t) => b.has(t) || (t === 'integer' && b.has('number')) || (t === 'number' && b.has('integer')),
  );

/** Provably at most one member matches: pairwise-disjoint types, or a pinned property. */
function disjoint(members: SchemaObject[], ctx: ExprContext): boolean {
  const sets = members.map((m) => typeSet(m, ctx));
  if (sets.every((t) => t !== undefined)) {
    const ok = sets.every((a, i) => sets.every((b, j) => j <= i || !overlaps(a!, b!)));
    if (ok) return true;
  }
  const first = resolve(members[0]!, ctx);
  for (const prop of Object.keys(first.properties ?? {})) {
    const pins = members.map((m) =>
      requires(m, prop, ctx) ? pinnedValues(m, prop, ctx) : undefined,
    );
    if (pins.some((p) => p === undefined)) continue;
    const seen = new Set<string>();
    let clash = false;
    for (const p of pins)
      for (const v of p!) {
        const k = JSON.stringify(v);
        if (seen.has(k)) clash = true;
        seen.add(k);
      }
    if (!clash) return true;
  }
  return false;
}

/**
 * With a discriminator each value dispatches to one member, validated in full.
 * Undecidable cases (a member with no value, a value claimed twice) return undefined.
 */
function discriminatedExpr(
  options: SchemaObject[],
  parent: SchemaObject,
  ctx: ExprContext,
): string | undefined {
  const d = parent.discriminator;
  if (!d) return undefined;
  const byValue = new Map<string, [unknown, SchemaObject]>();
  const claim = (value: unknown, o: SchemaObject) => {
    if (!['string', 'number', 'boolean'].includes(typeof value)) return false;
    const k = JSON.stringify(value);
    if (byValue.has(k)) return false;
    byValue.set(k, [value, o]);
    return true;
  };
  const mapped = new Set<string>();
  const mapping = Object.entries(d.mapping ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [value, ref] of mapping) {
    if (!options.some((o) => o.$ref === ref)) continue;
    mapped.add(ref);
    if (!claim(value, { $ref: ref })) return undefined;
  }
  for (const o of options) {
    if (o.$ref && mapped.has(o.$ref)) continue;
    const pins = pinnedValues(o, d.propertyName, ctx);
    const name = o.$ref ? componentSchemaName(o.$ref) : undefined;
    const values = pins ?? (name !== undefined ? [name] : undefined);
    if (!values || values.length === 0) return undefined;
    for (const v of values) if (!claim(v, o)) return undefined;
  }
  if (byValue.size < 2) return undefined;
  const branches = [...byValue.values()].map(
    ([value, o]) => `branch(${lit(d.propertyName)}, ${lit(value)}, ${toZod(o, ctx)})`,
  );
  return `z.discriminatedUnion(${lit(d.propertyName)}, [${branches.join(', ')}])`;
}

interface Evaluated {
  names: Set<string>;
  patterns: Set<string>;
  all: boolean;
}

/** Properties a schema evaluates statically: its own and its allOf/$ref members'. */
function evaluated(s: SchemaObject, ctx: ExprContext, depth = 0, acc?: Evaluated): Evaluated {
  const out = acc ?? { names: new Set<string>(), patterns: new Set<string>(), all: false };
  const r = resolve(s, ctx);
  for (const n of Object.keys(r.properties ?? {})) out.names.add(n);
  for (const p of Object.keys(r.patternProperties ?? {})) out.patterns.add(p);
  if (r.additionalProperties !== undefined || r.unevaluatedProperties !== undefined) out.all = true;
  if (depth < 10) for (const m of r.allOf ?? []) evaluated(m, ctx, depth + 1, out);
  return out;
}

function evaluatedLiteral(e: Evaluated): string {
  const patterns = [...e.patterns].map((p) => `new RegExp(${lit(p)}, 'u')`);
  return `{ names: ${lit([...e.names])}, patterns: [${patterns.join(', ')}]${e.all ? ', all: true' : ''} }`;
}

/**
 * The `unevaluated` entry of the object rule: static members (own, allOf, $ref) plus
 * dynamic ones that count only when they match (anyOf/oneOf members, if/then/else,
 * dependentSchemas). Nested unevaluated* inside the dynamic members are not followed.
 */
export function unevaluatedSpec(s: SchemaObject, ctx: ExprContext): string | undefined {
  const u = s.unevaluatedProperties;
  if (u === undefined || u === true || s.additionalProperties !== undefined) return undefined;
  const own: SchemaObject = { ...s };
  delete own.unevaluatedProperties;
  const stat = evaluated(own, ctx);
  if (stat.all) return undefined;
  const dynamic: string[] = [];
  collectDynamic(own, ctx, dynamic, 0);
  const schema = u === false ? 'false' : toZod(u, ctx);
  return `{ schema: ${schema}, static: ${evaluatedLiteral(stat)}, dynamic: [${dynamic.join(', ')}] }`;
}

/** Conditional evaluations of a schema and (statically reached) its allOf/$ref members. */
function collectDynamic(s: SchemaObject, ctx: ExprContext, out: string[], depth: number): void {
  const r = resolve(s, ctx);
  const add = (cond: string, e: Evaluated) => out.push(`[${cond}, ${evaluatedLiteral(e)}]`);
  for (const m of [...(r.anyOf ?? []), ...(r.oneOf ?? [])]) add(toZod(m, ctx), evaluated(m, ctx));
  if (r.if) {
    const cond = toZod(r.if, ctx);
    const thenEval = evaluated(r.if, ctx);
    if (r.then) evaluated(r.then, ctx, 0, thenEval);
    add(cond, thenEval);
    if (r.else)
      add(`z.unknown().refine((v) => !${cond}.safeParse(v).success)`, evaluated(r.else, ctx));
  }
  for (const [k, d] of Object.entries(r.dependentSchemas ?? {}))
    add(`z.looseObject({ ${key(k)}: z.unknown() })`, evaluated(d, ctx));
  if (depth < 10) for (const m of r.allOf ?? []) collectDynamic(m, ctx, out, depth + 1);
}
