/**
 * Opaque keyset cursors: base64url of a small JSON record holding the sort the page was
 * made with and the last row's sort key + id. Pages stay stable while rows are added (no
 * OFFSET), ties are broken by id, and a cursor made for another sort or list is refused
 * (400) rather than silently returning a wrong page.
 */
import { z } from 'zod';
import { fail, invalid } from './result.js';

/** What a cursor carries: `s` the list and sort it belongs to, `k` the sort key, `id`. */
const cursorShape = z.strictObject({
  s: z.string().max(40),
  k: z.union([z.string().max(64), z.number(), z.null()]),
  id: z.union([z.string().max(64), z.number()]),
});

export type CursorKey = z.infer<typeof cursorShape>;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The cursor's key if it is well formed and was made for `scope`; undefined otherwise. */
export function decodeCursor(cursor: string, scope: string): CursorKey | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const result = cursorShape.safeParse(parsed);
  return result.success && result.data.s === scope ? result.data : undefined;
}

/** A timestamp key as the cursor stores it; undefined if the cursor's value is not one. */
export function cursorDate(k: CursorKey['k']): Date | undefined {
  if (typeof k !== 'string') return undefined;
  const d = new Date(k);
  return Number.isNaN(d.getTime()) || d.toISOString() !== k ? undefined : d;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A (created-at, uuid) keyset position made for `scope`; undefined for any other cursor. */
export function decodeTimeCursor(
  cursor: string,
  scope: string,
): { at: Date; id: string } | undefined {
  const key = decodeCursor(cursor, scope);
  const at = key ? cursorDate(key.k) : undefined;
  return key && at && typeof key.id === 'string' && UUID.test(key.id)
    ? { at, id: key.id }
    : undefined;
}

/** The 400 every list answers for a cursor it cannot use, naming the parameter. */
export const badCursor = (message = 'Invalid cursor, or one made for another list') =>
  fail(invalid({ in: 'query', path: '/cursor', message }));

/** One page from `limit + 1` rows: the extra row only says whether another page exists. */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  toItem: (row: R) => T,
  keyOf: (row: R) => CursorKey,
): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map(toItem),
    nextCursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
