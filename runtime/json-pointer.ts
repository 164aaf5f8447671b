/** RFC 6901 JSON pointers, as used in problem `errors[].path`. */

function escapeToken(token: PropertyKey): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `['tags', 3]` → `/tags/3`; `[]` → `''` (the whole document). */
export function toJsonPointer(path: readonly PropertyKey[]): string {
  return path.map((t) => `/${escapeToken(t)}`).join('');
}
