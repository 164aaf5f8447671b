/**
 * Idempotency-Key (POL-J-004): the first response to (user, key) is stored and replayed for
 * a retry of the same request; the same key with a different request is refused (422).
 *
 * The key row is inserted in the SAME transaction as the work it guards. A concurrent
 * twin therefore blocks on the key's primary key until the first commits, then replays
 * its response; if the work throws, the transaction rolls back and the key is free again.
 * Only results the operation returned are stored (2xx and expected 4xx), never a 500.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { idempotencyKeys, type JsonValue } from '../../generated/db/schema.js';
import type { Transaction } from '../db/client.js';
import { conflict, unprocessable, type Failure } from './result.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` hash alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Lower-case hex SHA-256 of the operation and its canonical request (path + body). */
export function requestHash(operationId: string, request: unknown): string {
  return createHash('sha256')
    .update(operationId)
    .update('\n')
    .update(canonicalJson(request))
    .digest('hex');
}

export interface StoredResult {
  status: number;
  body: unknown;
}

export interface IdempotencyRequest {
  userId: string;
  key: string;
  operationId: string;
  hash: string;
  now: Date;
}

export type IdempotentOutcome<R> =
  | { kind: 'fresh'; result: R }
  | { kind: 'replay'; result: StoredResult }
  | { kind: 'refused'; failure: Failure<409 | 422> };

export async function runIdempotent<R extends StoredResult>(
  tx: Transaction,
  req: IdempotencyRequest,
  work: () => Promise<R>,
): Promise<IdempotentOutcome<R>> {
  const ours = and(eq(idempotencyKeys.userId, req.userId), eq(idempotencyKeys.key, req.key));
  const row = {
    userId: req.userId,
    key: req.key,
    operationId: req.operationId,
    requestHash: req.hash,
    createdAt: req.now,
    expiresAt: new Date(req.now.getTime() + IDEMPOTENCY_TTL_MS),
  };
  const inserted = await tx
    .insert(idempotencyKeys)
    .values(row)
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length === 0) {
    const [existing] = await tx.select().from(idempotencyKeys).where(ours).for('update');
    if (existing && existing.expiresAt > req.now) {
      if (existing.operationId !== req.operationId || existing.requestHash !== req.hash) {
        return {
          kind: 'refused',
          failure: unprocessable('This Idempotency-Key was already used with a different request.'),
        };
      }
      if (existing.responseStatus === null) {
        return {
          kind: 'refused',
          failure: conflict('A request with this Idempotency-Key is still being processed.'),
        };
      }
      return {
        kind: 'replay',
        result: { status: existing.responseStatus, body: existing.responseBody },
      };
    }
    // Expired (or deleted meanwhile): the key starts over for this request.
    await tx.delete(idempotencyKeys).where(ours);
    await tx.insert(idempotencyKeys).values(row);
  }
  const result = await work();
  await tx
    .update(idempotencyKeys)
    .set({ responseStatus: result.status, responseBody: result.body as JsonValue })
    .where(ours);
  return { kind: 'fresh', result };
}
