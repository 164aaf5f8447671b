/**
 * Values from the spec's own schemas, with a seeded generator: `sample` makes a value the
 * schema allows; `mutate` breaks one thing about it (the classes a client gets wrong: missing
 * required, wrong type, null, unknown property, off-by-one bounds, huge sizes, bad formats and
 * enums, control characters, unicode edge cases). Whether a result is still valid is decided
 * afterwards by Ajv, never assumed here.
 */
import { deref, type Json } from './spec.js';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function createRng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
export type Rng = ReturnType<typeof createRng>;

const UNICODE = ['é', 'ß', '日本', 'ئ', '\u0301', 'Ω', '🚀', '👩‍💻', '\u200b', 'ﬁ'];

export function uuid(rng: Rng): string {
  const hex = () => rng.int(0, 15).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-${rng.pick(['8', '9', 'a', 'b'])}${part(3)}-${part(12)}`;
}

function text(rng: Rng, min: number, max: number, unicode: boolean): string {
  const length = rng.int(min, Math.max(min, Math.min(max, min + 24)));
  let out = '';
  // Lengths count code points (JSON Schema), so a 2-unit emoji is one character here.
  for (let i = 0; i < length; i += 1)
    out +=
      unicode && rng.chance(0.15) ? [...rng.pick(UNICODE)][0] : rng.pick([...'abcdefghij klmnop']);
  if (length > 0 && out.trim() === '') out = 'x'.repeat(length);
  return out;
}

function stringFor(schema: Json, rng: Rng): string {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? min + 40;
  switch (schema.format) {
    case 'uuid':
      return uuid(rng);
    case 'email':
      return `fuzz${rng.int(0, 1e9)}@example.com`;
    case 'date-time':
      return new Date(Date.UTC(2020, 0, 1) + rng.int(0, 2e9) * 1000).toISOString();
    case 'uri':
      return `https://example.com/${rng.int(0, 1e6)}`;
  }
  if (schema.pattern === '^https?://') return `https://example.com/${rng.int(0, 1e6)}`;
  if (schema.pattern === '^[A-Z]{3}$') return rng.pick(['EUR', 'USD', 'GBP', 'JPY']);
  if (schema.pattern === '^[\\x21-\\x7E]+$') return `key-${rng.int(0, 1e9)}`.slice(0, max);
  if (schema.pattern) return typeof schema.example === 'string' ? schema.example : 'x';
  return text(rng, min, max, true);
}

function numberFor(schema: Json, rng: Rng): number {
  const integer = schema.type === 'integer';
  let min = schema.minimum ?? (integer ? -1000 : -1000.5);
  let max = schema.maximum ?? min + 100_000;
  if (schema.exclusiveMinimum === true) min += integer ? 1 : 0.001;
  if (schema.exclusiveMaximum === true) max -= integer ? 1 : 0.001;
  if (schema.multipleOf) {
    const k = rng.int(Math.ceil(min / schema.multipleOf), Math.floor(max / schema.multipleOf));
    return k * schema.multipleOf;
  }
  if (integer) return rng.chance(0.2) ? rng.pick([min, max]) : rng.int(min, max);
  return min + rng.next() * (max - min);
}

/** A value `schema` allows (for requests: readOnly properties are left out). */
export function sample(doc: Json, node: Json, rng: Rng, depth = 0): unknown {
  const schema = deref(doc, node);
  if (schema.nullable && rng.chance(0.1)) return null;
  if (schema.enum) return rng.pick(schema.enum);
  if (schema.allOf) {
    const merged = schema.allOf.map((s: Json) => sample(doc, s, rng, depth + 1));
    return Object.assign({}, ...merged);
  }
  if (schema.oneOf || schema.anyOf)
    return sample(doc, rng.pick(schema.oneOf ?? schema.anyOf), rng, depth + 1);
  switch (schema.type) {
    case 'string':
      return stringFor(schema, rng);
    case 'integer':
    case 'number':
      return numberFor(schema, rng);
    case 'boolean':
      return rng.chance(0.5);
    case 'array': {
      const min = schema.minItems ?? 0;
      const count = depth > 3 ? min : rng.int(min, Math.min(schema.maxItems ?? min + 3, min + 3));
      const items: unknown[] = [];
      for (let i = 0, tries = 0; items.length < count && tries < count * 10; tries += 1, i += 1) {
        const item = sample(doc, schema.items ?? {}, rng, depth + 1);
        if (schema.uniqueItems && items.some((x) => JSON.stringify(x) === JSON.stringify(item)))
          continue;
        items.push(item);
      }
      return items;
    }
    default: {
      if (!schema.properties) return {};
      const out: Record<string, unknown> = {};
      const required = new Set<string>(schema.required ?? []);
      for (const [name, prop] of Object.entries<Json>(schema.properties)) {
        if (deref(doc, prop).readOnly) continue;
        if (required.has(name) || rng.chance(0.5)) out[name] = sample(doc, prop, rng, depth + 1);
      }
      return out;
    }
  }
}

export const MUTATIONS = [
  'missing-required',
  'wrong-type',
  'null',
  'unknown-property',
  'below-minimum',
  'above-maximum',
  'huge-string',
  'huge-array',
  'bad-format',
  'bad-enum',
  'control-character',
  'lone-surrogate',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

interface Slot {
  schema: Json;
  get: () => unknown;
  set: (value: unknown) => void;
}

/** Every place in `value` with the schema that governs it (the value itself included). */
function slots(doc: Json, node: Json, value: unknown, set: (v: unknown) => void): Slot[] {
  const schema = deref(doc, node);
  const here: Slot = { schema, get: () => value, set };
  if (Array.isArray(value) && schema.items)
    return [
      here,
      ...value.flatMap((item, i) => slots(doc, schema.items, item, (v) => (value[i] = v))),
    ];
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const props: Json = schema.allOf
      ? Object.assign({}, ...schema.allOf.map((s: Json) => deref(doc, s).properties ?? {}))
      : (schema.properties ?? {});
    const record = value as Record<string, unknown>;
    return [
      here,
      ...Object.entries(record).flatMap(([name, child]) =>
        props[name] ? slots(doc, props[name], child, (v) => (record[name] = v)) : [],
      ),
    ];
  }
  return [here];
}

/**
 * Applies `mutation` somewhere it fits in `value` (a fresh copy); undefined when nothing in
 * the value can take it (an enum mutation on a value without enums).
 */
export function mutate(
  doc: Json,
  schema: Json,
  original: unknown,
  mutation: Mutation,
  rng: Rng,
): { value: unknown } | undefined {
  const box = { value: structuredClone(original) };
  const all = slots(doc, schema, box.value, (v) => (box.value = v));
  const typeOf = (s: Json) => s.type ?? (s.properties ? 'object' : undefined);
  const fits = all.filter((slot) => {
    const s = slot.schema;
    const v = slot.get();
    switch (mutation) {
      case 'missing-required':
        return (
          typeOf(s) === 'object' && (s.required ?? []).some((k: string) => v && k in (v as object))
        );
      case 'wrong-type':
      case 'null':
        return typeOf(s) !== undefined && !(mutation === 'null' && s.nullable);
      case 'unknown-property':
        return typeOf(s) === 'object' && s.additionalProperties === false && v !== null;
      case 'below-minimum':
        return s.minimum !== undefined || (s.minLength ?? 0) > 0 || (s.minItems ?? 0) > 0;
      case 'above-maximum':
        return s.maximum !== undefined || s.maxLength !== undefined || s.maxItems !== undefined;
      case 'huge-string':
      case 'control-character':
      case 'lone-surrogate':
        return s.type === 'string' && !s.enum;
      case 'huge-array':
        return s.type === 'array';
      case 'bad-format':
        return s.type === 'string' && (s.format || s.pattern);
      case 'bad-enum':
        return Array.isArray(s.enum);
    }
  });
  if (fits.length === 0) return undefined;
  const slot = rng.pick(fits);
  const s = slot.schema;
  const v = slot.get();
  switch (mutation) {
    case 'missing-required': {
      const present = (s.required as string[]).filter((k) => k in (v as object));
      delete (v as Record<string, unknown>)[rng.pick(present)];
      break;
    }
    case 'wrong-type':
      slot.set(
        typeOf(s) === 'string'
          ? rng.pick([42, true, [], {}])
          : typeOf(s) === 'object'
            ? 'text'
            : rng.pick(['text', {}]),
      );
      break;
    case 'null':
      slot.set(null);
      break;
    case 'unknown-property':
      (v as Record<string, unknown>)[rng.pick(['isAdmin', 'role_code', '__fuzz', 'id'])] = 1;
      break;
    case 'below-minimum':
      if (s.minimum !== undefined)
        slot.set(s.exclusiveMinimum ? s.minimum : s.minimum - (s.type === 'integer' ? 1 : 0.5));
      else if ((s.minLength ?? 0) > 0) slot.set('y'.repeat(s.minLength - 1));
      else slot.set([]);
      break;
    case 'above-maximum':
      if (s.maximum !== undefined)
        slot.set(s.exclusiveMaximum ? s.maximum : s.maximum + (s.type === 'integer' ? 1 : 0.5));
      else if (s.maxLength !== undefined) slot.set('z'.repeat(s.maxLength + 1));
      else slot.set(Array.from({ length: s.maxItems + 1 }, () => sample(doc, s.items ?? {}, rng)));
      break;
    case 'huge-string':
      slot.set('h'.repeat(rng.pick([10_000, 200_000])));
      break;
    case 'huge-array':
      slot.set(Array.from({ length: 20_000 }, () => 'a'));
      break;
    case 'bad-format':
      slot.set(rng.pick(['not-a-uuid', 'no-at-sign', 'yesterday', 'ftp:/x', '12', '']));
      break;
    case 'bad-enum':
      slot.set('not_an_enum_value');
      break;
    case 'control-character': {
      const text = String(v ?? '');
      const at = rng.int(0, text.length);
      slot.set(`${text.slice(0, at)}${rng.pick(['\u0000', '\u0001', '\u007f'])}${text.slice(at)}`);
      break;
    }
    case 'lone-surrogate':
      slot.set(`${String(v ?? '')}\ud800`);
      break;
  }
  return { value: box.value };
}
