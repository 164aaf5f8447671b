/**
 * Every string from a spec reaches generated code through these functions: JSON encoding
 * escapes quotes, backslashes, control characters and (explicitly) U+2028/U+2029; comment
 * text cannot close its comment.
 */

/** A JS literal for any JSON value (strings, numbers, booleans, null, arrays, objects). */
export function lit(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  if (typeof value === 'bigint') return `${value.toString()}`;
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A single-line `/** … *\/` comment, or '' when there is nothing to say. */
export function docComment(text: string | undefined, indent = ''): string {
  if (!text) return '';
  const oneLine = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\*\//g, '*\\/')
    .replace(/[\u2028\u2029]/g, ' ');
  if (!oneLine) return '';
  const clipped = oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
  return `${indent}/** ${clipped} */\n`;
}

/**
 * An object key: always quoted, so any name is safe. `__proto__` is computed, because
 * a literal `"__proto__": x` in an object literal sets the prototype instead of a property.
 */
export function key(name: string): string {
  return name === '__proto__' ? `[${lit(name)}]` : lit(name);
}
