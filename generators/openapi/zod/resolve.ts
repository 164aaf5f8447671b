/**
 * Which schema decides how a raw string (a parameter, a form field) is coerced, and into
 * what kind of value. Pure; shared by the parameter and form-body validators.
 */
import { mediaKind } from '../../../runtime/media-types.js';
import type { SchemaObject } from '../ir.js';
import { componentSchemaName } from '../normalise/pointer.js';
import type { ParamKind } from '../../../runtime/zod-prelude.js';

/** What resolving needs of a SchemaPlan: the component schemas by name. */
export interface SchemaLookup {
  schemas: Record<string, SchemaObject>;
}

/** Follows refs (bounded) to the schema that decides how a raw string is coerced. */
export function resolved(s: SchemaObject, plan: SchemaLookup): SchemaObject {
  let cur = s;
  for (let i = 0; i < 20 && cur.$ref; i++) {
    const name = componentSchemaName(cur.$ref);
    const next = name !== undefined ? plan.schemas[name] : undefined;
    if (!next) return {};
    cur = next;
  }
  if (!cur.type && (cur.anyOf || cur.oneOf)) {
    const options = (cur.anyOf ?? cur.oneOf)!
      .map((o) => resolved(o, plan))
      .filter((o) => o.type !== 'null');
    if (options.length === 1) return options[0]!;
  }
  if (!cur.type && cur.allOf?.length === 1) return resolved(cur.allOf[0]!, plan);
  return cur;
}

export function kindOf(s: SchemaObject, plan: SchemaLookup): ParamKind {
  const r = resolved(s, plan);
  const types = (Array.isArray(r.type) ? r.type : r.type ? [r.type] : []).filter(
    (t) => t !== 'null',
  );
  if (types.length === 0 && r.enum) {
    const first = r.enum.find((v) => v !== null);
    return typeof first === 'number' ? 'number' : typeof first === 'boolean' ? 'boolean' : 'string';
  }
  if (types.length !== 1)
    return types.includes('string') || types.length === 0 ? 'string' : 'unknown';
  const t = types[0]!;
  return t === 'integer' || t === 'number' || t === 'boolean' || t === 'string' ? t : 'unknown';
}

/**
 * A response body a handler may send as raw bytes or a stream (`BinaryBody`): a media type
 * the runtime does not serialise (see runtime/media-types.ts) whose schema says bytes, a
 * plain string or nothing at all. Other schemas keep their own types and validators.
 */
export function isBinaryResponse(
  contentType: string,
  schema: SchemaObject,
  plan: SchemaLookup,
): boolean {
  const kind = mediaKind(contentType);
  const r = resolved(schema, plan);
  if (r.format === 'binary') return kind === 'binary' || kind === 'text';
  if (kind !== 'binary') return false;
  const keys = Object.keys(r).filter((k) => !ANNOTATIONS.has(k) && !k.startsWith('x-'));
  return keys.length === 0 || (r.type === 'string' && keys.every((k) => k === 'type'));
}

const ANNOTATIONS = new Set([
  'title',
  'description',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
]);
