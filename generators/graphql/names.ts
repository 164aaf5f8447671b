/**
 * GraphQL names from OpenAPI names: sanitised to `/[_A-Za-z][_0-9A-Za-z]*`/ and made unique
 * deterministically (first come keeps the name, later ones get `_2`, `_3`, … in the order
 * the emitter visits them, which follows the IR's sorted order).
 */

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** Names graphql-js defines itself or our emitter declares; never given to a spec type. */
export const RESERVED_TYPE_NAMES = [
  'Query',
  'Mutation',
  'Subscription',
  'String',
  'Int',
  'Float',
  'Boolean',
  'ID',
  'JSON',
  'DateTime',
  'UUID',
  'Email',
  'Int64',
];

export function isGraphqlName(name: string): boolean {
  return NAME.test(name) && !name.startsWith('__');
}

/**
 * `foo-bar` → `foo_bar`, `2fa` → `_2fa`, `__x` → `x__x` (a leading `__` is reserved for
 * introspection), `` → `_`.
 */
export function sanitizeName(raw: string): string {
  let out = raw.replace(/[^_0-9A-Za-z]/g, '_');
  if (out === '') out = '_';
  if (/^[0-9]/.test(out)) out = `_${out}`;
  if (out.startsWith('__')) out = `x${out}`;
  return out;
}

/** Enum values additionally may not be `true`, `false` or `null`. */
export function sanitizeEnumValue(raw: string): string {
  const out = sanitizeName(raw);
  return out === 'true' || out === 'false' || out === 'null' ? `${out}_` : out;
}

/** `list-jobs` / `repos/get` / `listJobs` → `ListJobs` / `ReposGet` / `ListJobs`. */
export function pascalName(text: string): string {
  const out = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  return sanitizeName(out || 'Unnamed');
}

/** Hands out unique names within one scope (the schema's types, one type's fields, …). */
export class NameScope {
  private readonly taken = new Set<string>();

  constructor(reserved: readonly string[] = []) {
    for (const name of reserved) this.taken.add(name);
  }

  /** The sanitised name, or the first free `<name>_<n>` (n from 2). */
  claim(raw: string, sanitize: (raw: string) => string = sanitizeName): string {
    const base = sanitize(raw);
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}_${n}`;
    this.taken.add(name);
    return name;
  }
}
