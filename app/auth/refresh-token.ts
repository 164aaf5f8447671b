/**
 * Opaque refresh tokens (POL-A-004): 256 random bits, shown to the client once, stored
 * only as a SHA-256 hex digest (the column's format). A prefix makes them recognisable
 * in logs and secret scanners, and can never parse as a JWS.
 */
import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'rt_';
const FORMAT = /^rt_[A-Za-z0-9_-]{43}$/;

export function newRefreshToken(): { token: string; hash: string } {
  const token = PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Cheap shape check so garbage never reaches the database. */
export function looksLikeRefreshToken(token: unknown): token is string {
  return typeof token === 'string' && FORMAT.test(token);
}
