/**
 * Differential oracle: instances sampled from a spec's component schemas (valid samples
 * from openapi-sampler, then mutations of them), judged by the generated zod validator and
 * by upstream Ajv on the same schema. Deterministic for a seed.
 */
import { sample } from 'openapi-sampler';
import type { ApiIR, SchemaObject } from '../../generators/openapi/ir.js';
import { loadApi } from '../../generators/openapi/load.js';
import { componentSchemaName } from '../../generators/openapi/normalise/pointer.js';
import { importEmitted } from '../support/load-emitted.js';
import { documentOracle } from './oracle.js';

export type MutationClass =
  | 'valid-sample'
  | 'missing-required'
  | 'wrong-type'
  | 'null'
  | 'unknown-property'
  | 'bounds'
  | 'length'
  | 'pattern'
  | 'format'
  | 'enum'
  | 'array-items'
  | 'array-size'
  | 'oneof-ambiguity'
  | 'discriminator-mismatch';

/** Why a disagreement is expected (docs/validation.md), or undefined for a real one. */
export type Exception = 'format-strictness' | 'int-beyond-2^53' | 'discriminator-enforced';

export interface Disagreement {
  spec: string;
  schema: string;
  mutation: MutationClass;
  instance: unknown;
  zod: boolean;
  ajv: boolean;
  exception?: Exception;
}

export interface DifferentialStats {
  instances: number;
  agreements: number;
  byClass: Record<string, { instances: number; disagreements: number }>;
  disagreements: Disagreement[];
}

/** mulberry32: small, seedable, good enough to pick mutations. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function resolve(s: SchemaObject | undefined, ir: ApiIR): SchemaObject {
  let cur = s ?? {};
  for (let i = 0; i < 20 && cur.$ref; i++)
    cur = ir.schemas[componentSchemaName(cur.$ref) ?? ''] ?? {};
  return cur;
}

/** Own and allOf members' properties/required, for picking mutation targets. */
function objectView(s: SchemaObject, ir: ApiIR, depth = 0) {
  const r = resolve(s, ir);
  const props: Record<string, SchemaObject> = { ...(r.properties ?? {}) };
  const required = new Set(r.required ?? []);
  if (depth < 6)
    for (const m of r.allOf ?? []) {
      const v = objectView(m, ir, depth + 1);
      Object.assign(props, v.props);
      for (const q of v.required) required.add(q);
    }
  return { props, required, schema: r };
}

const WRONG: unknown[] = ['x', 12345, true, [], {}, 1.5];

/** Mutations of a valid sample, each tagged with its class. */
function mutations(
  value: unknown,
  s: SchemaObject,
  ir: ApiIR,
  rand: () => number,
): [MutationClass, unknown][] {
  const out: [MutationClass, unknown][] = [];
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
  out.push(['wrong-type', pick(WRONG)]);
  out.push(['null', null]);
  if (!isRecord(value)) return out;
  const { props, required, schema } = objectView(s, ir);
  for (const q of required) {
    if (!(q in value)) continue;
    const v = clone(value);
    delete v[q];
    out.push(['missing-required', v]);
  }
  out.push(['unknown-property', { ...clone(value), zzUnknownProperty: 1 }]);
  const set = (cls: MutationClass, name: string, v: unknown) => {
    const copy = clone(value);
    copy[name] = v;
    out.push([cls, copy]);
  };
  for (const [name, raw] of Object.entries(props)) {
    const p = resolve(raw, ir);
    set('wrong-type', name, pick(WRONG));
    set('null', name, null);
    if (p.enum || 'const' in p) set('enum', name, 'zz-not-allowed');
    if (typeof p.minimum === 'number') set('bounds', name, p.minimum - 1);
    if (typeof p.maximum === 'number') set('bounds', name, p.maximum + 1);
    if (typeof p.exclusiveMinimum === 'number') set('bounds', name, p.exclusiveMinimum);
    if (typeof p.exclusiveMaximum === 'number') set('bounds', name, p.exclusiveMaximum);
    if (typeof p.minLength === 'number' && p.minLength > 0)
      set('length', name, 'a'.repeat(p.minLength - 1));
    if (typeof p.maxLength === 'number') set('length', name, 'a'.repeat(p.maxLength + 1));
    if (typeof p.pattern === 'string') set('pattern', name, '\u0000 !');
    if (typeof p.format === 'string') set('format', name, `not-a-${p.format}`);
    const current = value[name];
    if (Array.isArray(current)) {
      set('array-items', name, [...clone(current), pick(WRONG)]);
      if (typeof p.minItems === 'number' && p.minItems > 0)
        set('array-size', name, clone(current).slice(0, p.minItems - 1));
      if (typeof p.maxItems === 'number')
        set(
          'array-size',
          name,
          Array.from({ length: p.maxItems + 1 }, () => clone(current[0] ?? 'x')),
        );
    }
  }
  const d = schema.discriminator;
  if (d && d.propertyName in value) {
    const copy = clone(value);
    copy[d.propertyName] = 'zz-unknown-kind';
    out.push(['discriminator-mismatch', copy]);
  }
  return out;
}

/** Valid samples of a oneOf's members merged into one object: usually matches several. */
function ambiguity(s: SchemaObject, ir: ApiIR, doc: Record<string, unknown>): unknown[] {
  const r = resolve(s, ir);
  if (!r.oneOf || r.oneOf.length < 2) return [];
  const parts = r.oneOf.slice(0, 3).map((m) => trySample(m, doc));
  if (!parts.every(isRecord)) return [];
  return [Object.assign({}, ...parts.map((p) => clone(p)))];
}

function trySample(s: SchemaObject, doc: Record<string, unknown>): unknown {
  try {
    // The raw component (not the IR) is what the sampler understands; refs resolve in doc.
    const ref = s.$ref ?? undefined;
    const schema = ref ? { $ref: ref } : s;
    return sample(schema as never, { skipWriteOnly: true, quiet: true } as never, doc);
  } catch {
    return undefined;
  }
}

const BIG = (v: unknown): boolean =>
  typeof v === 'number'
    ? Number.isInteger(v) && !Number.isSafeInteger(v)
    : Array.isArray(v)
      ? v.some(BIG)
      : isRecord(v)
        ? Object.values(v).some(BIG)
        : false;

export interface DifferentialOptions {
  seed: number;
  /** At most this many component schemas per spec (sorted by name, evenly spread). */
  maxSchemas?: number;
}

export async function differential(
  specFile: string,
  opts: DifferentialOptions,
  stats: DifferentialStats,
): Promise<void> {
  const ir = await loadApi(specFile);
  const { module } = await importEmitted(ir, { format: false });
  const doc = ir.document;
  const oracle = documentOracle(doc);
  const rand = rng(opts.seed);
  let names = Object.keys(ir.schemas).filter(
    (n) => module.schemas[n] === module.inputSchemas[n], // no readOnly/writeOnly variants
  );
  if (opts.maxSchemas && names.length > opts.maxSchemas) {
    const step = names.length / opts.maxSchemas;
    names = Array.from({ length: opts.maxSchemas }, (_, i) => names[Math.floor(i * step)]!);
  }
  for (const name of names) {
    const check = oracle.validator(name);
    if (!check) continue;
    const zod = module.schemas[name]!;
    const ref: SchemaObject = {
      $ref: `#/components/schemas/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`,
    };
    const valid = trySample(ref, doc);
    const cases: [MutationClass, unknown][] = [];
    if (valid !== undefined) {
      cases.push(['valid-sample', valid]);
      cases.push(...mutations(valid, ref, ir, rand));
    }
    for (const a of ambiguity(ref, ir, doc)) cases.push(['oneof-ambiguity', a]);
    for (const [mutation, instance] of cases) {
      const z = zod.safeParse(clone(instance)).success;
      const j = check.full(instance);
      const row = (stats.byClass[mutation] ??= { instances: 0, disagreements: 0 });
      row.instances++;
      stats.instances++;
      if (z === j) {
        stats.agreements++;
        continue;
      }
      row.disagreements++;
      const exception: Exception | undefined = BIG(instance)
        ? 'int-beyond-2^53'
        : check.noFormats(instance) !== j
          ? 'format-strictness'
          : mutation === 'discriminator-mismatch'
            ? 'discriminator-enforced'
            : undefined;
      stats.disagreements.push({
        spec: specFile,
        schema: name,
        mutation,
        instance,
        zod: z,
        ajv: j,
        ...(exception ? { exception } : {}),
      });
    }
  }
}

export function emptyStats(): DifferentialStats {
  return { instances: 0, agreements: 0, byClass: {}, disagreements: [] };
}
