/**
 * Upstream Ajv as the oracle (never `@redocly/ajv`, whose compiled validators keep state
 * between calls): Ajv2020 for OpenAPI 3.1 / draft 2020-12, ajv-draft-04 for draft 4, and
 * draft-04 with `nullable` rewritten for OpenAPI 3.0 schemas.
 */
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft4Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';

export type Dialect = 'draft2020-12' | 'draft4';

// CommonJS packages: the class/function is `default` under tsx, the module itself elsewhere.
const AjvDraft4 = ((AjvDraft4Module as unknown as { default?: typeof AjvDraft4Module }).default ??
  AjvDraft4Module) as unknown as typeof Ajv2020;
type AddFormats = typeof addFormatsModule.default;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as AddFormats;

/** The package that `ajv` resolves to here (checked by a test: it must be upstream). */
export function ajvPackageName(): string {
  const require = createRequire(import.meta.url);
  return (require('ajv/package.json') as { name: string }).name;
}

const OPENAPI_KEYWORDS = [
  'discriminator',
  'xml',
  'externalDocs',
  'example',
  'nullable',
  'readOnly',
  'writeOnly',
];

function makeAjv(dialect: Dialect | 'draft7', formats = true) {
  const opts = {
    strict: false,
    allErrors: false,
    validateFormats: formats,
    logger: false,
  } as const;
  const ajv =
    dialect === 'draft4'
      ? new AjvDraft4(opts)
      : dialect === 'draft7'
        ? new Ajv(opts)
        : new Ajv2020(opts);
  addFormats(ajv);
  for (const k of OPENAPI_KEYWORDS) {
    try {
      ajv.addKeyword(k);
    } catch {
      // already known to this dialect (readOnly, writeOnly in 2020-12)
    }
  }
  // OpenAPI's own formats without an Ajv meaning: annotations only.
  for (const f of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password'])
    if (!ajv.formats[f]) ajv.addFormat(f, true);
  return ajv;
}

/** A fresh compiler per dialect and call site: compiled validators are pure functions. */
export function oracleFor(dialect: Dialect): (schema: unknown) => (value: unknown) => boolean {
  const ajv = makeAjv(dialect);
  return (schema) => {
    const validate = ajv.compile(schema as object);
    return (value) => validate(value) === true;
  };
}

/**
 * OpenAPI 3.0 schema → draft-07 schema: `nullable: true` adds `null` (to the type, or as an
 * `anyOf` alternative when there is no type); boolean `exclusiveMinimum`/`exclusiveMaximum`
 * become the numeric form. Refs stay as written. (Draft-04 mode would read every `id`
 * property of an example as a schema id.)
 */
export function fromOpenApi30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fromOpenApi30);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node))
    if (k !== 'nullable') out[k] = k.startsWith('x-') ? v : fromOpenApi30(v);
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else delete out[flag];
  }
  if ((node as { nullable?: unknown }).nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

export interface SchemaOracle {
  /** Ajv with formats asserted (as the generated validators do). */
  full(value: unknown): boolean;
  /** The same schema with formats as annotations: tells format disagreements apart. */
  noFormats(value: unknown): boolean;
}

/**
 * Validators for a whole OpenAPI document's component schemas, refs resolved inside the
 * document (3.0 through draft-04 after the `nullable` rewrite, 3.1 through Ajv2020).
 */
export function documentOracle(document: Record<string, unknown>) {
  const legacy = String(document.openapi ?? '').startsWith('3.0.');
  const doc = (legacy ? fromOpenApi30(document) : document) as Record<string, unknown>;
  const make = (formats: boolean) => {
    const ajv = makeAjv(legacy ? 'draft7' : 'draft2020-12', formats);
    ajv.addSchema({ ...doc, $id: 'openapi:doc' } as object);
    return ajv;
  };
  const withFormats = make(true);
  const without = make(false);
  return {
    validator(name: string): SchemaOracle | undefined {
      const pointer = `openapi:doc#/components/schemas/${encodeURIComponent(name.replace(/~/g, '~0').replace(/\//g, '~1'))}`;
      try {
        const a = withFormats.getSchema(pointer);
        const b = without.getSchema(pointer);
        if (!a || !b) return undefined;
        return { full: (v) => a(v) === true, noFormats: (v) => b(v) === true };
      } catch {
        return undefined;
      }
    },
  };
}
