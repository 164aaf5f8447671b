/**
 * Opaque keyset cursors: a small JSON record holding the list and sort the page was made
 * with and the last row's sort key + id, authenticated with an HMAC under a server secret
 * (POL-I-002). Pages stay stable while rows are added (no OFFSET), ties are broken by id,
 * and a cursor that was not made by this server, was altered, or was made for another sort
 * or list is refused (400) rather than silently returning a wrong page. The MAC makes
 * forging impossible; the shape and range checks below still hold every decoded value to
 * what the columns it is compared with can store, so no cursor can become a 500.
 *
 * Wire form: base64url( MAC[16 bytes] ‖ UTF-8 JSON ). The secret is `CURSOR_SECRET`, or
 * derived from the active token-signing key when that is unset (`cursorSecret`).
 */
import { createHmac, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { fail, invalid } from './result.js';

/** PostgreSQL `integer`: every numeric sort key (salaries) is one. */
const PG_INT_MAX = 2_147_483_647;
const MAC_BYTES = 16;

/** What a cursor carries: `s` the list and sort it belongs to, `k` the sort key, `id`. */
const cursorShape = z.strictObject({
  s: z.string().max(40),
  k: z.union([z.string().max(64), z.int().min(0).max(PG_INT_MAX), z.null()]),
  id: z.union([z.string().max(64), z.int().min(1).max(Number.MAX_SAFE_INTEGER)]),
});

export type CursorKey = z.infer<typeof cursorShape>;

export interface CursorCodec {
  encode(key: CursorKey): string;
  /** The cursor's key if it is authentic, well formed and was made for `scope`. */
  decode(cursor: string, scope: string): CursorKey | undefined;
}

/**
 * The MAC key: `CURSOR_SECRET` when configured, else HKDF of the active signing key (which
 * production requires and every replica shares, so replicas accept each other's cursors;
 * the development key is per process, so are its cursors). Rotating the signing key
 * without a CURSOR_SECRET ends outstanding cursors (a 400: the client starts the list over).
 */
export function cursorSecret(configured: string | undefined, signingKey: KeyObject): Buffer {
  const material = configured
    ? Buffer.from(configured, 'utf8')
    : signingKey.export({ format: 'der', type: 'pkcs8' });
  return Buffer.from(hkdfSync('sha256', material, '', 'jobboard cursor mac v1', 32));
}

export function createCursorCodec(secret: Uint8Array): CursorCodec {
  const mac = (payload: Buffer) =>
    createHmac('sha256', secret).update(payload).digest().subarray(0, MAC_BYTES);
  return {
    encode(key) {
      const payload = Buffer.from(JSON.stringify(key), 'utf8');
      return Buffer.concat([mac(payload), payload]).toString('base64url');
    },
    decode(cursor, scope) {
      if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
      const bytes = Buffer.from(cursor, 'base64url');
      if (bytes.length <= MAC_BYTES) return undefined;
      const payload = bytes.subarray(MAC_BYTES);
      if (!timingSafeEqual(bytes.subarray(0, MAC_BYTES), mac(payload))) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload.toString('utf8'));
      } catch {
        return undefined;
      }
      const result = cursorShape.safeParse(parsed);
      return result.success && result.data.s === scope ? result.data : undefined;
    },
  };
}

/**
 * A timestamp key as the cursor stores it (the canonical ISO form we emit, 1970..9999);
 * undefined if the cursor's value is not one.
 */
export function cursorDate(k: CursorKey['k']): Date | undefined {
  if (typeof k !== 'string' || !/^\d{4}-/.test(k)) return undefined;
  const d = new Date(k);
  return Number.isNaN(d.getTime()) || d.getTime() < 0 || d.toISOString() !== k ? undefined : d;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A (created-at, uuid) keyset position made for `scope`; undefined for any other cursor. */
export function decodeTimeCursor(
  cursors: CursorCodec,
  cursor: string,
  scope: string,
): { at: Date; id: string } | undefined {
  const key = cursors.decode(cursor, scope);
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
  cursors: CursorCodec,
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
    nextCursor: more && last !== undefined ? cursors.encode(keyOf(last)) : null,
  };
}
