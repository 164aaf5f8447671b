/** JSON Pointer (RFC 6901) look-ups inside one bundled document. */

const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;

export function decodePointerToken(token: string): string {
  return decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The component schema name a ref names directly, or undefined for any other ref. */
export function componentSchemaName(ref: string): string | undefined {
  const m = SCHEMA_REF.exec(ref);
  return m ? decodePointerToken(m[1]!) : undefined;
}

export function schemaRef(name: string): string {
  return `#/components/schemas/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** Resolves a local ref (`#/...`); throws with the ref in the message when it dangles. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`unsupported non-local $ref after bundling: ${ref}`);
  const tokens = ref.slice(1).split('/').slice(1).map(decodePointerToken);
  let node: unknown = doc;
  for (const t of tokens) {
    if (node === null || typeof node !== 'object' || !(t in (node as object))) {
      throw new Error(`dangling $ref: ${ref}`);
    }
    node = (node as Record<string, unknown>)[t];
  }
  return node;
}

/** Follows `$ref` chains (ref → ref → object) with a loop guard. */
export function deref<T>(doc: unknown, value: unknown): T {
  let node = value;
  const seen = new Set<string>();
  while (
    node &&
    typeof node === 'object' &&
    typeof (node as { $ref?: unknown }).$ref === 'string'
  ) {
    const ref = (node as { $ref: string }).$ref;
    if (seen.has(ref)) throw new Error(`$ref cycle: ${[...seen, ref].join(' -> ')}`);
    seen.add(ref);
    node = resolvePointer(doc, ref);
  }
  return node as T;
}
