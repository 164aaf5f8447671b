/**
 * A comparable view of one normalised schema: its `$ref` resolved against the document's
 * component schemas, `allOf` merged, and `null` pulled out into a `nullable` flag (the
 * normaliser writes 3.0 `nullable` as a `null` type, a `null` enum member or an
 * `anyOf [X, {type: null}]`). Nested properties stay as written; the comparer views them
 * lazily, so recursive schemas cost one level per step.
 */
import type { JsonType, SchemaObject } from '../openapi/ir.js';

export interface SchemaView {
  schema: SchemaObject;
  nullable: boolean;
  /** Non-null types; undefined = any type. */
  types?: JsonType[];
  /** Component schema name when the viewed schema is (or wraps) a `$ref`, for cycle guards. */
  ref?: string;
}

const REF_PREFIX = '#/components/schemas/';

export function refName(s: SchemaObject | undefined): string | undefined {
  if (!s?.$ref?.startsWith(REF_PREFIX)) return undefined;
  return decodeURIComponent(s.$ref.slice(REF_PREFIX.length))
    .replace(/~1/g, '/')
    .replace(/~0/g, '~');
}

const isNullSchema = (s: SchemaObject): boolean =>
  s.type === 'null' || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null);

/** `$ref` and `allOf` resolved into one flat schema; `seen` stops reference cycles. */
function flatten(
  s: SchemaObject,
  schemas: Record<string, SchemaObject>,
  seen: ReadonlySet<string>,
): SchemaObject {
  const name = refName(s);
  if (name !== undefined) {
    const target = schemas[name];
    if (!target || seen.has(name)) return {};
    const rest: SchemaObject = { ...s };
    delete rest.$ref;
    const resolved = flatten(target, schemas, new Set([...seen, name]));
    return { ...resolved, ...rest };
  }
  if (!s.allOf) return s;
  let out: SchemaObject = { ...s };
  delete out.allOf;
  for (const member of s.allOf) out = mergeAll(out, flatten(member, schemas, seen));
  return out;
}

const STRICTER_MIN = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const STRICTER_MAX = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];

/** The conjunction of two schemas, as far as the comparer needs it. */
function mergeAll(a: SchemaObject, b: SchemaObject): SchemaObject {
  const out: Record<string, unknown> = { ...b, ...a };
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of STRICTER_MIN)
    if (typeof ra[k] === 'number' && typeof rb[k] === 'number')
      out[k] = Math.max(ra[k] as number, rb[k] as number);
  for (const k of STRICTER_MAX)
    if (typeof ra[k] === 'number' && typeof rb[k] === 'number')
      out[k] = Math.min(ra[k] as number, rb[k] as number);
  if (a.type !== undefined && b.type !== undefined) {
    const tb = new Set(typeList(b.type));
    const both = typeList(a.type).filter((t) => tb.has(t));
    out.type = both.length === 1 ? both[0] : both;
  }
  if (a.enum && b.enum) {
    const eb = new Set(b.enum.map((v) => JSON.stringify(v)));
    out.enum = a.enum.filter((v) => eb.has(JSON.stringify(v)));
  }
  if (a.properties || b.properties) {
    const props: Record<string, SchemaObject> = { ...b.properties };
    for (const [k, v] of Object.entries(a.properties ?? {}))
      props[k] = props[k] ? { allOf: [v, props[k]] } : v;
    out.properties = props;
  }
  if (a.required || b.required)
    out.required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
  if (a.additionalProperties === false || b.additionalProperties === false)
    out.additionalProperties = false;
  if (a.readOnly || b.readOnly) out.readOnly = true;
  if (a.writeOnly || b.writeOnly) out.writeOnly = true;
  return out as SchemaObject;
}

function typeList(t: JsonType | JsonType[]): JsonType[] {
  return Array.isArray(t) ? t : [t];
}

export function viewSchema(
  s: SchemaObject | undefined,
  schemas: Record<string, SchemaObject>,
): SchemaView {
  if (!s) return { schema: {}, nullable: false };
  const ref = refName(s);
  let flat = flatten(s, schemas, new Set());
  let nullable = false;
  // anyOf [X, null] → X, nullable (the normaliser's form for a nullable $ref/composition).
  for (let guard = 0; guard < 4 && flat.anyOf?.some(isNullSchema); guard++) {
    nullable = true;
    const rest = flat.anyOf.filter((b) => !isNullSchema(b));
    const outer: SchemaObject = { ...flat };
    delete outer.anyOf;
    flat = rest.length === 1 ? mergeAll(outer, flatten(rest[0]!, schemas, new Set())) : outer;
    if (rest.length > 1) flat.anyOf = rest;
  }
  let types: JsonType[] | undefined;
  if (flat.type !== undefined) {
    const list = typeList(flat.type);
    if (list.includes('null')) nullable = true;
    const nonNull = list.filter((t) => t !== 'null');
    types = nonNull.length > 0 ? [...new Set(nonNull)].sort() : undefined;
    if (nonNull.length === 0 && list.length > 0) types = [];
  }
  if (flat.enum?.includes(null)) {
    nullable = true;
    flat = { ...flat, enum: flat.enum.filter((v) => v !== null) };
  }
  if ((flat as Record<string, unknown>)['x-nullable'] === true) nullable = true;
  return { schema: flat, nullable, ...(types ? { types } : {}), ...(ref ? { ref } : {}) };
}
