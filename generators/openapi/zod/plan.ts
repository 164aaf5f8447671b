/**
 * Decides WHAT to emit for the component schemas before any text is written: which
 * schemas need separate request/response shapes, their identifiers, and an order in
 * which every const is defined before its direct uses (cycles use `z.lazy`).
 *
 * Naming: `<Ident>` is the response shape (writeOnly properties removed) and, when the
 * schema (transitively) has no readOnly/writeOnly property, also the request shape.
 * Otherwise `<Ident>Input` is the request shape (readOnly properties removed).
 */
import type { SchemaObject } from '../ir.js';
import { componentSchemaName } from '../normalise/pointer.js';
import { baseIdent, IdentAllocator } from './idents.js';

export type Mode = 'response' | 'request';

export interface Unit {
  name: string;
  mode: Mode;
  ident: string;
}

export interface SchemaPlan {
  /** Emission order: dependencies first. */
  units: Unit[];
  /** The identifier to use for a ref to `name` in `mode`. */
  identFor(name: string, mode: Mode): string;
  /** True when the ref must be deferred (`z.lazy`) because the target is defined later. */
  isDeferred(from: Unit, target: string, mode: Mode): boolean;
  hasVariant(name: string): boolean;
  schemas: Record<string, SchemaObject>;
}

/** Every `$ref` target name under a schema (not following refs). */
export function refsOf(schema: SchemaObject, out = new Set<string>()): Set<string> {
  if (schema.$ref) {
    const name = componentSchemaName(schema.$ref);
    if (name !== undefined) out.add(name);
  }
  for (const s of childSchemas(schema)) refsOf(s, out);
  return out;
}

export function childSchemas(schema: SchemaObject): SchemaObject[] {
  const out: SchemaObject[] = [];
  if (schema.items) out.push(schema.items);
  if (schema.prefixItems) out.push(...schema.prefixItems);
  if (schema.properties) out.push(...Object.values(schema.properties));
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
    out.push(schema.additionalProperties);
  for (const list of [schema.allOf, schema.oneOf, schema.anyOf]) if (list) out.push(...list);
  for (const map of [schema.patternProperties, schema.dependentSchemas])
    if (map) out.push(...Object.values(map));
  for (const one of [
    schema.not,
    schema.contains,
    schema.propertyNames,
    schema.if,
    schema.then,
    schema.else,
  ])
    if (one) out.push(one);
  if (schema.unevaluatedProperties && typeof schema.unevaluatedProperties === 'object')
    out.push(schema.unevaluatedProperties);
  return out;
}

/**
 * Names of schemas that, following refs, contain a property flagged `flag` (directly, or
 * as a ref to a schema flagged at its top level). Reverse-graph reachability: linear.
 */
export function schemasWithFlag(
  schemas: Record<string, SchemaObject>,
  flag: 'readOnly' | 'writeOnly',
): Set<string> {
  const flaggedProp = (p: SchemaObject): boolean => {
    if (p[flag] === true) return true;
    const target = p.$ref ? componentSchemaName(p.$ref) : undefined;
    if (target !== undefined && schemas[target]?.[flag] === true) return true;
    return (p.anyOf ?? []).some((m) => m[flag] === true);
  };
  const direct = (s: SchemaObject): boolean =>
    (s.properties !== undefined && Object.values(s.properties).some(flaggedProp)) ||
    childSchemas(s).some(direct);
  const usedBy = new Map<string, string[]>();
  const found = new Set<string>();
  const queue: string[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    for (const t of refsOf(schema)) {
      const users = usedBy.get(t);
      if (users) users.push(name);
      else usedBy.set(t, [name]);
    }
    if (direct(schema)) {
      found.add(name);
      queue.push(name);
    }
  }
  while (queue.length > 0) {
    for (const user of usedBy.get(queue.pop()!) ?? []) {
      if (!found.has(user)) {
        found.add(user);
        queue.push(user);
      }
    }
  }
  return found;
}

export function planSchemas(schemas: Record<string, SchemaObject>): SchemaPlan {
  const names = Object.keys(schemas).sort();
  const variant = new Set([
    ...schemasWithFlag(schemas, 'readOnly'),
    ...schemasWithFlag(schemas, 'writeOnly'),
  ]);

  const alloc = new IdentAllocator();
  const baseIds = new Map<string, string>();
  for (const n of names) baseIds.set(n, alloc.take(baseIdent(n)));
  const inputIds = new Map<string, string>();
  for (const n of names) if (variant.has(n)) inputIds.set(n, alloc.take(`${baseIds.get(n)!}Input`));

  const unitKey = (name: string, mode: Mode) =>
    mode === 'request' && variant.has(name) ? `${name}\u0000request` : name;
  const unitOf = new Map<string, Unit>();
  const allUnits: Unit[] = [];
  for (const n of names) {
    const u: Unit = { name: n, mode: 'response', ident: baseIds.get(n)! };
    unitOf.set(unitKey(n, 'response'), u);
    allUnits.push(u);
    if (variant.has(n)) {
      const r: Unit = { name: n, mode: 'request', ident: inputIds.get(n)! };
      unitOf.set(unitKey(n, 'request'), r);
      allUnits.push(r);
    }
  }

  // Depth-first post-order: a unit is placed after everything it references, except
  // along cycles, where the later-placed end becomes a deferred (lazy) reference.
  const order: Unit[] = [];
  const state = new Map<Unit, 'visiting' | 'done'>();
  const deps = (u: Unit) =>
    [...refsOf(schemas[u.name]!)]
      .filter((t) => schemas[t] !== undefined)
      .sort()
      .map((t) => unitOf.get(unitKey(t, u.mode))!);
  const visit = (root: Unit) => {
    // Iterative DFS: GitHub's schema graph is deep enough to matter for the stack.
    const stack: { unit: Unit; next: Unit[] }[] = [];
    const enter = (u: Unit) => {
      state.set(u, 'visiting');
      stack.push({ unit: u, next: deps(u) });
    };
    if (state.has(root)) return;
    enter(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const child = top.next.shift();
      if (child === undefined) {
        stack.pop();
        state.set(top.unit, 'done');
        order.push(top.unit);
      } else if (!state.has(child)) enter(child);
    }
  };
  for (const u of allUnits) visit(u);
  const position = new Map(order.map((u, i) => [u, i]));

  return {
    units: order,
    schemas,
    hasVariant: (name) => variant.has(name),
    identFor: (name, mode) =>
      mode === 'request' && variant.has(name) ? inputIds.get(name)! : baseIds.get(name)!,
    isDeferred: (from, target, mode) => {
      const t = unitOf.get(unitKey(target, mode));
      if (!t) return false;
      return position.get(t)! >= position.get(from)!;
    },
  };
}
