/**
 * The only error type the auth module throws on bad credentials. Verification code must
 * turn every malformed input into one of these (never a TypeError, never a 500), so the
 * authenticator can map it to a 401 problem without leaking which check failed.
 */
export type AuthErrorCode =
  | 'malformed'
  | 'unsupported_alg'
  | 'unknown_kid'
  | 'bad_signature'
  | 'bad_type'
  | 'missing_claim'
  | 'bad_claim'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'revoked';

export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A backing store (Redis) failed: the caller decides fail-open or fail-closed. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(
    readonly store: 'denylist' | 'ratelimit' | 'session',
    options?: { cause?: unknown },
  ) {
    super(`${store} store unavailable`, options);
  }
}
