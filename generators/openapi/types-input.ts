/**
 * The bundled document as openapi-typescript needs it. Valid OpenAPI that its bundler or
 * printer mishandles is rewritten into an equivalent form; these run on a clone, never on
 * the IR's document (which is also published at /openapi.json).
 */
import { mediaKind } from '../../runtime/media-types.js';
import { decodePointerToken, schemaRef } from './normalise/pointer.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every object in the tree, once each, parents before children. */
function eachObject(root: unknown, visit: (node: Json) => void): void {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) stack.push(...node);
    else {
      visit(node as Json);
      stack.push(...Object.values(node));
    }
  }
}

/**
 * OpenAPI lets a discriminator mapping value be a bare schema name (`Dog`), but
 * openapi-typescript's bundler reads every value as a `$ref` and fails on the name.
 * Names of existing component schemas become refs (as the loader's normaliser reads
 * them); anything else is left for openapi-typescript to report.
 */
export function mappingNamesToRefs(document: Json): void {
  const components = isObject(document.components) ? document.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  eachObject(document, (node) => {
    const mapping = isObject(node.discriminator) ? node.discriminator.mapping : undefined;
    if (!isObject(mapping)) return;
    for (const [value, target] of Object.entries(mapping)) {
      if (typeof target === 'string' && !target.startsWith('#') && Object.hasOwn(schemas, target))
        mapping[value] = schemaRef(target);
    }
  });
}

/**
 * Refs openapi-typescript prints as an index path that does not type-check: into
 * operations, and into the middle of a parameter, header, response or request body
 * component (`#/components/parameters/id/schema`: it types the parameter as its schema,
 * so `["schema"]` does not exist on it), and into a schema's `definitions`/`$defs`, which
 * it does not print.
 */
const INTO_PATHS =
  /^#\/(paths|webhooks)\/|^#\/components\/(parameters|headers|responses|requestBodies)\/[^/]+\/.|^#\/components\/schemas\/[^/]+\/(definitions|\$defs)\//;

function lookup(doc: Json, ref: string): unknown {
  let node: unknown = doc;
  for (const token of ref.slice(2).split('/').map(decodePointerToken)) {
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Json)[token];
  }
  return node;
}

/**
 * A `$ref` into an operation (`#/paths/~1a/post/requestBody/.../schema`) or into a
 * non-schema component (see INTO_PATHS) makes
 * openapi-typescript print `paths["/a"]["post"]["requestBody"]["content"]...`, which does
 * not type-check (requestBody is optional there). Such refs are replaced by a copy of
 * their target, as the zod side's normaliser does; a cycle through them becomes `{}`.
 */
export function inlineOperationRefs(document: Json): void {
  const copy = (value: unknown, active: Set<string>): unknown => {
    if (Array.isArray(value)) return value.map((v) => copy(v, active));
    if (!isObject(value)) return value;
    const ref = value.$ref;
    if (typeof ref === 'string' && INTO_PATHS.test(ref)) {
      if (active.has(ref)) return {};
      active.add(ref);
      const target = copy(lookup(document, ref), active);
      active.delete(ref);
      const { $ref: _drop, ...siblings } = value;
      return isObject(target) ? { ...(copy(siblings, active) as Json), ...target } : value;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v, active)]));
  };
  const refs: Json[] = [];
  eachObject(document, (node) => {
    if (typeof node.$ref === 'string' && INTO_PATHS.test(node.$ref)) refs.push(node);
  });
  // Resolve all targets first, then write: a target may itself hold one of these refs.
  const replacements = refs.map((node) => copy(node, new Set()) as Json);
  refs.forEach((node, i) => {
    for (const k of Object.keys(node)) delete node[k];
    Object.assign(node, replacements[i]);
  });
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Request bodies of media types the runtime hands over as raw bytes (runtime/media-types.ts:
 * octet-stream, images, XML, wildcards…) reach handlers as a `Blob` whatever their schema
 * says (often none, or `type: string`), so their schema becomes `format: binary`, which
 * `emitTypes` types as `Blob`.
 */
export function binaryRequestBodies(document: Json): void {
  const bodies: unknown[] = [];
  const components = isObject(document.components) ? document.components : {};
  if (isObject(components.requestBodies)) bodies.push(...Object.values(components.requestBodies));
  for (const item of Object.values(isObject(document.paths) ? document.paths : {})) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (isObject(op)) bodies.push(op.requestBody);
    }
  }
  for (const body of bodies) {
    if (!isObject(body) || !isObject(body.content)) continue;
    for (const [type, media] of Object.entries(body.content)) {
      if (!isObject(media) || mediaKind(type) !== 'binary') continue;
      const description = isObject(media.schema) ? media.schema.description : undefined;
      media.schema = {
        type: 'string',
        format: 'binary',
        ...(typeof description === 'string' ? { description } : {}),
      };
    }
  }
}

/** A clone of `document` that openapi-typescript turns into type-correct output. */
export function documentForTypes(document: Json): Json {
  const clone = structuredClone(document);
  mappingNamesToRefs(clone);
  inlineOperationRefs(clone);
  binaryRequestBodies(clone);
  return clone;
}
