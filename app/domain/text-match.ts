/**
 * LIKE patterns from user text. `%`, `_` and the escape character are literal in what a
 * user types, so they are escaped (PostgreSQL's default LIKE escape is the backslash).
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `ilike` pattern matching `text` anywhere. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** Search terms: whitespace-separated words, de-duplicated, at most `max`. */
export function searchTerms(q: string, max = 8): string[] {
  return [...new Set(q.trim().toLowerCase().split(/\s+/).filter(Boolean))].slice(0, max);
}
