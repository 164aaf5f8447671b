/**
 * SQL names → TypeScript names. Property keys follow kysely's CamelCasePlugin rule
 * exactly (drop `_`, upper-case the next character, keep everything else), so the
 * drizzle models and the kysely-codegen cross-check agree on every key.
 */

export function camelKey(name: string): string {
  if (name.length === 0) return name;
  let out = name[0]!;
  for (let i = 1; i < name.length; i++) {
    const c = name[i]!;
    if (c === '_') continue;
    out += name[i - 1] === '_' ? c.toUpperCase() : c;
  }
  return out;
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends ' +
    'false finally for function if import in instanceof new null return super switch this throw ' +
    'true try typeof var void while with yield let static implements interface package private ' +
    'protected public await sql relations'
  ).split(' '),
);

/** A valid, non-reserved identifier for a table or enum constant. */
export function identifier(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let id = words
    .map((w, i) => (i === 0 ? w[0]!.toLowerCase() + w.slice(1) : w[0]!.toUpperCase() + w.slice(1)))
    .join('');
  if (id === '' || /^[0-9]/.test(id)) id = `_${id}`;
  return RESERVED.has(id) ? `${id}Table` : id;
}

export const pascal = (name: string): string => {
  const id = identifier(name).replace(/^_/, '');
  return id[0]!.toUpperCase() + id.slice(1);
};

/** Object keys are quoted only when they are not plain identifiers. */
export const propertyKey = (key: string): string =>
  /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);

/** Good enough for relation names; never used for anything a user must type exactly. */
export function singular(word: string): string {
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(sh|ch|x|ss)es$/.test(word)) return word.replace(/es$/, '');
  if (/s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** A TypeScript template literal body: the SQL text exactly, with JS escapes only. */
export function templateBody(sqlText: string): string {
  return sqlText.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

/** A JSDoc block, or nothing. `*\/` inside the text is defused. */
export function jsDoc(text: string | null, indent = ''): string {
  if (!text) return '';
  const lines = text.replace(/\*\//g, '*\\/').split('\n');
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}
