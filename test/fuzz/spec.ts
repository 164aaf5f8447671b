/**
 * The fuzzer's own reading of openapi/api-spec.yaml: the raw YAML, `$ref`s resolved here, and
 * upstream Ajv (not our generated zod, not our IR) as the judge of what the contract allows.
 * OpenAPI 3.0's `nullable` becomes JSON Schema's `null` type; everything else is draft-07.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import { parse } from 'yaml';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw OpenAPI JSON
export type Json = any;

const root = resolve(import.meta.dirname, '../..');
export const SPEC_PATH = resolve(root, 'openapi/api-spec.yaml');

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Json;
}

export interface Operation {
  id: string;
  method: string;
  path: string;
  /** Permissions of which any one suffices; null when the operation is public. */
  permission: string[] | null;
  optionalAuth: boolean;
  parameters: Parameter[];
  body: { required: boolean; schema: Json } | null;
  /** Status code (or `default`) → schema of its JSON or problem+json body (null: no body). */
  responses: Map<string, { mediaType: string; schema: Json } | null>;
}

export function loadSpec(path = SPEC_PATH): Json {
  return parse(readFileSync(path, 'utf8'));
}

/** Follows local `$ref`s (`#/components/...`) once, at the top of `node`. */
export function deref(doc: Json, node: Json): Json {
  let current = node;
  for (let hops = 0; current && typeof current === 'object' && '$ref' in current; hops += 1) {
    if (hops > 32) throw new Error(`$ref cycle at ${String(node.$ref)}`);
    const pointer = String(current.$ref).replace(/^#\//, '').split('/');
    current = pointer.reduce(
      (at: Json, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
      doc,
    );
    if (current === undefined) throw new Error(`unresolved $ref ${String(node.$ref)}`);
  }
  return current;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

export function listOperations(doc: Json): Operation[] {
  const found: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const security: Json[] = op.security ?? doc.security ?? [];
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: Json) =>
        deref(doc, p),
      );
      const body = op.requestBody ? deref(doc, op.requestBody) : null;
      const responses = new Map<string, { mediaType: string; schema: Json } | null>();
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        const content = deref(doc, response).content ?? {};
        const mediaType = Object.keys(content)[0];
        responses.set(status, mediaType ? { mediaType, schema: content[mediaType].schema } : null);
      }
      const permission = op['x-permission'];
      found.push({
        id: op.operationId,
        method: method.toUpperCase(),
        path,
        permission: permission === undefined ? null : [permission].flat(),
        optionalAuth:
          security.some((r: Json) => Object.keys(r).length === 0) && security.length > 1,
        parameters: params.map((p: Json) => ({
          name: p.name,
          in: p.in,
          required: p.required === true,
          schema: p.schema,
        })),
        body: body
          ? { required: body.required === true, schema: body.content['application/json'].schema }
          : null,
        responses,
      });
    }
  }
  return found;
}

/** OpenAPI 3.0 Schema Object → JSON Schema (draft-07), with `$ref`s into `#/definitions`. */
export function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries<Json>(node)) {
    if (key === '$ref') out.$ref = String(value).replace('#/components/schemas/', '#/definitions/');
    else if (
      key === 'nullable' ||
      key === 'example' ||
      key === 'discriminator' ||
      key.startsWith('x-')
    )
      continue;
    else if (key === 'properties')
      out.properties = Object.fromEntries(
        Object.entries<Json>(value).map(([name, schema]) => [name, toJsonSchema(schema)]),
      );
    else out[key] = toJsonSchema(value);
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    if (!out.type && !out.enum) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

export interface Judge {
  /** Null when `value` satisfies `schema` (an OpenAPI schema of the spec), else the errors. */
  check: (schema: Json, value: unknown, direction: 'request' | 'response') => string | null;
}

/**
 * Ajv over the spec's components. readOnly properties may not be sent and writeOnly ones are
 * never received, so each direction strips the other's properties from `required` first.
 */
export function createJudge(doc: Json): Judge {
  const cache = new Map<string, ValidateFunction>();
  const compilers = new Map<string, Ajv>();
  const compiler = (direction: string) => {
    let ajv = compilers.get(direction);
    if (!ajv) {
      ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
      // CommonJS default export under NodeNext.
      (formats as unknown as { default: (a: Ajv) => void }).default(ajv);
      ajv.addFormat('int64', true);
      const definitions = Object.fromEntries(
        Object.entries<Json>(doc.components.schemas).map(([name, schema]) => [
          name,
          directional(toJsonSchema(schema), direction),
        ]),
      );
      ajv.addSchema({ $id: 'spec', definitions });
      compilers.set(direction, ajv);
    }
    return ajv;
  };
  return {
    check(schema, value, direction) {
      const key = `${direction}:${JSON.stringify(schema)}`;
      let validate = cache.get(key);
      if (!validate) {
        const converted = directional(toJsonSchema(schema), direction);
        const withRefs = JSON.parse(
          JSON.stringify(converted).replace(/"#\/definitions\//g, '"spec#/definitions/'),
        );
        validate = compiler(direction).compile(withRefs);
        cache.set(key, validate);
      }
      const run: ValidateFunction = validate;
      if (run(value)) return null;
      return (run.errors ?? [])
        .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
        .join('; ');
    },
  };
}

/** Drops readOnly (request) or writeOnly (response) properties from `required`, recursively. */
function directional(schema: Json, direction: string): Json {
  if (Array.isArray(schema)) return schema.map((s) => directional(s, direction));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries<Json>(schema)) out[key] = directional(value, direction);
  if (schema.properties && Array.isArray(schema.required)) {
    const hidden = direction === 'request' ? 'readOnly' : 'writeOnly';
    out.required = schema.required.filter(
      (name: string) => schema.properties[name]?.[hidden] !== true,
    );
  }
  return out;
}
