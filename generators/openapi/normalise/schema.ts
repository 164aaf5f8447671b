/**
 * One schema dialect for every emitter: OpenAPI 3.0 and 3.1 schemas become the 2020-12
 * flavour described in `ir.ts`. Pure: reads the bundled document, never writes it.
 */
import type { JsonType, SchemaObject, SchemaWarning } from '../ir.js';
import { isBinarySchema } from './binary.js';
import { classifyKeyword, UNSUPPORTED_KEYWORDS } from './keywords.js';
import { componentSchemaName, resolvePointer, schemaRef } from './pointer.js';

export interface SchemaContext {
  doc: Record<string, unknown>;
  /** True for 3.0.x: `nullable`, boolean `exclusiveMinimum`, `example` are rewritten. */
  legacy: boolean;
  /** Non-component refs currently being inlined (cycle guard). */
  inlining?: Set<string>;
  /** JSON pointer of the schema being normalised (`#/components/schemas/Pet`), for warnings. */
  at?: string;
  /** Collects unsupported and unknown keywords; keyed by pointer + keyword (deduplicated). */
  warnings?: Map<string, SchemaWarning>;
}

const escapeToken = (t: string) => t.replace(/~/g, '~0').replace(/\//g, '~1');

/** The context for a subschema at `tokens` below the current one. */
function sub(ctx: SchemaContext, ...tokens: (string | number)[]): SchemaContext {
  if (ctx.at === undefined) return ctx;
  return { ...ctx, at: [ctx.at, ...tokens.map((t) => escapeToken(String(t)))].join('/') };
}

function warnKeywords(raw: Record<string, unknown>, ctx: SchemaContext): void {
  if (!ctx.warnings) return;
  for (const keyword of Object.keys(raw)) {
    const kind = classifyKeyword(keyword);
    if (kind === 'handled' || kind === 'ignored') continue;
    const pointer = `${ctx.at ?? '#'}/${escapeToken(keyword)}`;
    const message =
      kind === 'unsupported'
        ? `unsupported schema keyword "${keyword}": ${UNSUPPORTED_KEYWORDS[keyword]}`
        : `unknown schema keyword "${keyword}" is ignored`;
    ctx.warnings.set(pointer, { pointer, keyword, message });
  }
}

/** Sorted warnings collected in a context (deterministic output). */
export function collectedWarnings(ctx: SchemaContext): SchemaWarning[] {
  return [...(ctx.warnings?.values() ?? [])].sort((a, b) =>
    a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0,
  );
}

const JSON_TYPES = new Set<JsonType>([
  'string',
  'number',
  'integer',
  'boolean',
  'object',
  'array',
  'null',
]);

/** Keywords copied verbatim (after type checks); everything else is dropped, see ir.ts. */
const SCALAR_KEYS = [
  'format',
  'title',
  'description',
  'deprecated',
  'readOnly',
  'writeOnly',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
] as const;

const NUMERIC_KEYS = new Set([
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
]);

/**
 * Keys that make a `$ref` sibling meaningful for validation. Annotations (description,
 * readOnly, …) stay beside the `$ref`; constraints wrap it in `allOf`.
 */
const ANNOTATION_KEYS = new Set([
  '$ref',
  'title',
  'description',
  'deprecated',
  'readOnly',
  'writeOnly',
  'examples',
  'example',
  'default',
  'nullable',
  'xml',
  'externalDocs',
  '$comment',
]);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function normaliseSchema(raw: unknown, ctx: SchemaContext): SchemaObject {
  // 3.1 boolean schemas.
  if (raw === true || raw === undefined || raw === null) return {};
  if (raw === false) return { not: {} };
  if (!isObject(raw)) return {};
  warnKeywords(raw, ctx);

  if (typeof raw.$ref === 'string') return normaliseRef(raw, raw.$ref, ctx);

  const out: SchemaObject = {};
  const types = normaliseType(raw.type);
  let nullable = ctx.legacy ? raw.nullable === true : raw.nullable === true; // tolerated in 3.1 too
  if (types) {
    if (types.includes('null') && types.length > 1) nullable = true;
    const nonNull = types.filter((t) => t !== 'null');
    if (nonNull.length === 0) out.type = 'null';
    else out.type = nullable ? [...nonNull, 'null'] : nonNull.length === 1 ? nonNull[0] : nonNull;
  }

  for (const key of SCALAR_KEYS) {
    const v = raw[key];
    if (v === undefined) continue;
    if (NUMERIC_KEYS.has(key) && typeof v !== 'number') continue;
    if (key === 'pattern' || key === 'format' || key === 'title' || key === 'description') {
      if (typeof v !== 'string') continue;
    }
    if (
      (key === 'deprecated' ||
        key === 'readOnly' ||
        key === 'writeOnly' ||
        key === 'uniqueItems') &&
      typeof v !== 'boolean'
    )
      continue;
    (out as Record<string, unknown>)[key] = v;
  }
  if (raw.type === 'file') out.type = 'string';
  if (isBinarySchema(raw)) {
    out.format = 'binary';
    out.type ??= 'string';
  }

  // 3.0 booleans → 3.1 numbers.
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const v = raw[flag];
    if (typeof v === 'number') out[flag] = v;
    else if (v === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    }
  }

  if (Array.isArray(raw.enum)) {
    out.enum = [...raw.enum];
    if (nullable && !out.enum.includes(null)) out.enum.push(null);
  }
  if ('const' in raw) out.const = raw.const;
  if ('default' in raw) out.default = raw.default;
  if (Array.isArray(raw.examples)) out.examples = [...raw.examples];
  else if ('example' in raw) out.examples = [raw.example];

  if (raw.items !== undefined) {
    if (Array.isArray(raw.items)) {
      // Draft-4 tuple form: `additionalItems` plays the part of 2020-12 `items`.
      out.prefixItems = raw.items.map((s, i) => normaliseSchema(s, sub(ctx, 'items', i)));
      if (raw.additionalItems !== undefined)
        out.items = normaliseSchema(raw.additionalItems, sub(ctx, 'additionalItems'));
    } else out.items = normaliseSchema(raw.items, sub(ctx, 'items'));
  }
  if (Array.isArray(raw.prefixItems))
    out.prefixItems = raw.prefixItems.map((s, i) => normaliseSchema(s, sub(ctx, 'prefixItems', i)));
  if (raw.contains !== undefined)
    out.contains = normaliseSchema(raw.contains, sub(ctx, 'contains'));
  for (const k of ['minContains', 'maxContains'] as const)
    if (typeof raw[k] === 'number') out[k] = raw[k];

  if (isObject(raw.properties)) {
    out.properties = {};
    for (const [name, s] of Object.entries(raw.properties))
      out.properties[name] = normaliseSchema(s, sub(ctx, 'properties', name));
  }
  if (isObject(raw.patternProperties)) {
    out.patternProperties = {};
    for (const [re, s] of Object.entries(raw.patternProperties))
      out.patternProperties[re] = normaliseSchema(s, sub(ctx, 'patternProperties', re));
  }
  if (raw.propertyNames !== undefined)
    out.propertyNames = normaliseSchema(raw.propertyNames, sub(ctx, 'propertyNames'));
  normaliseDependencies(raw, out, ctx);
  if (typeof raw.unevaluatedProperties === 'boolean')
    out.unevaluatedProperties = raw.unevaluatedProperties;
  else if (isObject(raw.unevaluatedProperties))
    out.unevaluatedProperties = normaliseSchema(
      raw.unevaluatedProperties,
      sub(ctx, 'unevaluatedProperties'),
    );
  if (Array.isArray(raw.required)) {
    const req = raw.required.filter((r): r is string => typeof r === 'string');
    if (req.length > 0) out.required = [...new Set(req)];
  }
  if (typeof raw.additionalProperties === 'boolean')
    out.additionalProperties = raw.additionalProperties;
  else if (raw.additionalProperties !== undefined)
    out.additionalProperties = normaliseSchema(
      raw.additionalProperties,
      sub(ctx, 'additionalProperties'),
    );

  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = raw[key];
    if (Array.isArray(list) && list.length > 0)
      out[key] = list.map((s, i) => normaliseSchema(s, sub(ctx, key, i)));
  }
  if (raw.not !== undefined) out.not = normaliseSchema(raw.not, sub(ctx, 'not'));
  // `then`/`else` without `if` have no effect (JSON Schema 2020-12 §10.2.2).
  if (raw.if !== undefined) {
    out.if = normaliseSchema(raw.if, sub(ctx, 'if'));
    for (const k of ['then', 'else'] as const)
      if (raw[k] !== undefined) out[k] = normaliseSchema(raw[k], sub(ctx, k));
  }
  if (isObject(raw.discriminator) && typeof raw.discriminator.propertyName === 'string') {
    out.discriminator = { propertyName: raw.discriminator.propertyName };
    if (isObject(raw.discriminator.mapping)) {
      const mapping: Record<string, string> = {};
      for (const [value, target] of Object.entries(raw.discriminator.mapping)) {
        if (typeof target !== 'string') continue;
        mapping[value] = target.startsWith('#') ? target : schemaRef(target);
      }
      out.discriminator.mapping = mapping;
    }
  }
  for (const [k, v] of Object.entries(raw)) if (k.startsWith('x-')) out[k as `x-${string}`] = v;

  // A 3.0 `nullable` without `type` (enum-only or composition): null joins via anyOf.
  if (nullable && !types && !out.enum) return { anyOf: [out, { type: 'null' }] };
  return out;
}

/** `dependentRequired`/`dependentSchemas`, and draft-4 `dependencies` split into them. */
function normaliseDependencies(
  raw: Record<string, unknown>,
  out: SchemaObject,
  ctx: SchemaContext,
): void {
  const required: Record<string, string[]> = {};
  const schemas: Record<string, SchemaObject> = {};
  const add = (source: unknown, key: string, allowSchemas: boolean, allowLists: boolean) => {
    if (!isObject(source)) return;
    for (const [name, dep] of Object.entries(source)) {
      if (Array.isArray(dep) && allowLists)
        required[name] = dep.filter((d): d is string => typeof d === 'string');
      else if (allowSchemas && (isObject(dep) || typeof dep === 'boolean'))
        schemas[name] = normaliseSchema(dep, sub(ctx, key, name));
    }
  };
  add(raw.dependencies, 'dependencies', true, true);
  add(raw.dependentRequired, 'dependentRequired', false, true);
  add(raw.dependentSchemas, 'dependentSchemas', true, false);
  if (Object.keys(required).length > 0) out.dependentRequired = required;
  if (Object.keys(schemas).length > 0) out.dependentSchemas = schemas;
}

function normaliseType(t: unknown): JsonType[] | undefined {
  const list = Array.isArray(t) ? t : typeof t === 'string' ? [t] : undefined;
  if (!list) return undefined;
  const types = list.filter((x): x is JsonType => JSON_TYPES.has(x as JsonType));
  if (t === 'file') return ['string'];
  return types.length > 0 ? [...new Set(types)] : undefined;
}

function normaliseRef(raw: Record<string, unknown>, ref: string, ctx: SchemaContext): SchemaObject {
  let target: SchemaObject;
  const name = componentSchemaName(ref);
  if (name !== undefined) {
    target = { $ref: schemaRef(name) };
  } else {
    // Refs into the middle of other things (`#/components/schemas/A/properties/b`,
    // `#/paths/...`) are inlined; a cycle through such refs degrades to "any".
    const inlining = ctx.inlining ?? new Set<string>();
    if (inlining.has(ref)) return {};
    inlining.add(ref);
    try {
      const at = ctx.at === undefined ? undefined : ref;
      target = normaliseSchema(resolvePointer(ctx.doc, ref), { ...ctx, inlining, at });
    } finally {
      inlining.delete(ref);
    }
  }

  const siblings = Object.keys(raw).filter((k) => k !== '$ref' && !k.startsWith('x-'));
  const constraining = siblings.filter((k) => !ANNOTATION_KEYS.has(k));
  // 3.0 ignores $ref siblings; 3.1 applies them. Constraints only count in 3.1.
  let out: SchemaObject = target;
  if (!ctx.legacy && constraining.length > 0) {
    const rest = { ...raw };
    delete rest.$ref;
    // unevaluatedProperties sees the target's properties too: it stays on the wrapper.
    const unevaluated = rest.unevaluatedProperties;
    delete rest.unevaluatedProperties;
    out = { allOf: [target, normaliseSchema(rest, ctx)] };
    if (unevaluated !== undefined)
      out.unevaluatedProperties =
        typeof unevaluated === 'boolean'
          ? unevaluated
          : normaliseSchema(unevaluated, sub(ctx, 'unevaluatedProperties'));
  } else {
    out = { ...target };
    for (const k of ['description', 'title', 'deprecated', 'readOnly', 'writeOnly'] as const) {
      if (raw[k] !== undefined) (out as Record<string, unknown>)[k] = raw[k];
    }
    if ('default' in raw) out.default = raw.default;
  }
  if (raw.nullable === true) return { anyOf: [out, { type: 'null' }] };
  return out;
}
