/**
 * Form bodies (`application/x-www-form-urlencoded`, `multipart/form-data`): the prelude's
 * `FormField` list for a media type, from its schema's properties and its `encoding`, with
 * OpenAPI's defaults applied here so the generated code carries no rules of its own:
 * - urlencoded: `style: form`, `explode: true` (arrays as repeated keys, objects spread
 *   over top-level keys); `deepObject` reads `name[prop]`;
 * - multipart: arrays are repeated parts; objects (and arrays of objects) are JSON parts;
 *   `format: binary` parts stay files (Blob);
 * - an `encoding.contentType` of JSON makes the field (or each item) JSON text.
 * Pure.
 */
import type { EncodingIR, MediaIR, SchemaObject } from '../ir.js';
import { isJsonMediaType } from '../../../runtime/media-types.js';
import type { SchemaPlan } from './plan.js';
import type { FormField, FormKind } from '../../../runtime/zod-prelude.js';
import { kindOf, resolved } from './resolve.js';

const typesOf = (s: SchemaObject) => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

const isObjectLike = (s: SchemaObject) =>
  typesOf(s).includes('object') ||
  s.properties !== undefined ||
  (typeof s.additionalProperties === 'object' && !typesOf(s).length);

/** The kind of one value: binary, JSON (objects, nested arrays) or a parameter kind. */
export function valueKind(s: SchemaObject, plan: SchemaPlan): FormKind {
  const r = resolved(s, plan);
  if (r.format === 'binary') return 'binary';
  if (isObjectLike(r) || typesOf(r).includes('array') || r.items) return 'json';
  return kindOf(s, plan);
}

/**
 * Properties of a body schema through `$ref`s and `allOf` (and, for decoding only, the
 * options of `oneOf`/`anyOf`): the first declaration of a name wins.
 */
export function formProperties(
  schema: SchemaObject,
  plan: SchemaPlan,
  seen = new Set<SchemaObject>(),
): [string, SchemaObject][] {
  const r = resolved(schema, plan);
  if (seen.has(r)) return [];
  seen.add(r);
  const out = new Map<string, SchemaObject>(Object.entries(r.properties ?? {}));
  for (const part of [...(r.allOf ?? []), ...(r.oneOf ?? []), ...(r.anyOf ?? [])]) {
    for (const [name, s] of formProperties(part, plan, seen)) if (!out.has(name)) out.set(name, s);
  }
  return [...out];
}

function field(
  name: string,
  s: SchemaObject,
  encoding: EncodingIR | undefined,
  plan: SchemaPlan,
): FormField {
  const r = resolved(s, plan);
  const json = encoding?.contentType !== undefined && isJsonMediaType(encoding.contentType);
  const style = encoding?.style ?? 'form';
  const explode = encoding?.explode ?? style === 'form';
  if (typesOf(r).includes('array') || r.items) {
    const kind = json ? 'json' : r.items ? valueKind(r.items, plan) : 'string';
    return { name, style, explode, shape: 'array', kind };
  }
  if (isObjectLike(r)) {
    const props: Record<string, NonNullable<FormField['props']>[string]> = {};
    for (const [p, ps] of formProperties(r, plan)) props[p] = kindOf(ps, plan);
    return { name, style, explode, shape: 'object', kind: 'json', props };
  }
  return { name, style, explode, shape: 'primitive', kind: json ? 'json' : valueKind(s, plan) };
}

export interface FormPlan {
  fields: FormField[];
  /** The kind of undeclared fields (`additionalProperties` schema), if it says one. */
  extra: FormKind | undefined;
}

export function formPlan(media: MediaIR, plan: SchemaPlan): FormPlan {
  const fields = formProperties(media.schema, plan).map(([name, s]) =>
    field(name, s, media.encoding?.[name], plan),
  );
  const ap = resolved(media.schema, plan).additionalProperties;
  return { fields, extra: ap && typeof ap === 'object' ? valueKind(ap, plan) : undefined };
}
