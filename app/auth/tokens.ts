/**
 * Access tokens (POL-A-001, RFC 8725, RFC 9068): compact JWS, EdDSA over Ed25519.
 *
 * Verification is synchronous `node:crypto` on purpose: jose's WebCrypto verify runs on
 * libuv's thread pool, which bcrypt also uses, and measured here 8 concurrent logins
 * pushed its p50 from 0.6 ms to 250 ms; the synchronous path stays sub-millisecond.
 * The compact form is parsed here by hand, so every step is explicit: the algorithm is
 * pinned, the key comes only from our key ring by `kid` (jku/x5u/jwk/x5c are never read),
 * and every malformed input ends in an AuthError, never another exception.
 */
import { randomUUID, sign, verify } from 'node:crypto';
import { AuthError } from './errors.js';
import type { KeyRing } from './keys.js';

export const ACCESS_TOKEN_TYPE = 'at+jwt';
const ALG = 'EdDSA';
const MAX_TOKEN_LENGTH = 8192;
const B64URL = /^[A-Za-z0-9_-]+$/;

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
  clockSkewSeconds: number;
}

export interface AccessClaims {
  sub: string;
  role: string;
  /** The device (session) id: revoking a device rejects every token carrying it. */
  sid: string;
  jti: string;
  iat: number;
  exp: number;
  /**
   * The user's token generation at issue (users.token_generation, POL-A-005): a token of
   * an older generation than the user's current one is void. Absent means 0.
   */
  gen: number;
  iss: string;
  aud: string | string[];
  nbf?: number;
}

export interface SubjectInput {
  userId: string;
  role: string;
  deviceId: string;
  /** users.token_generation read with the role; 0 when omitted. */
  generation?: number;
}

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Signs with the key ring's active key. `nowMs` comes from the caller's clock. */
export function signAccessToken(
  keys: KeyRing,
  settings: TokenSettings,
  subject: SubjectInput,
  nowMs: number,
): { token: string; claims: AccessClaims } {
  const iat = Math.floor(nowMs / 1000);
  const claims: AccessClaims = {
    iss: settings.issuer,
    aud: settings.audience,
    sub: subject.userId,
    role: subject.role,
    sid: subject.deviceId,
    jti: randomUUID(),
    iat,
    exp: iat + settings.accessTtlSeconds,
    gen: subject.generation ?? 0,
  };
  const signingInput = `${encodeJson({ alg: ALG, typ: ACCESS_TOKEN_TYPE, kid: keys.active.kid })}.${encodeJson(claims)}`;
  const signature = sign(null, Buffer.from(signingInput), keys.active.privateKey).toString(
    'base64url',
  );
  return { token: `${signingInput}.${signature}`, claims };
}

function decodeJsonObject(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new AuthError('malformed', `${what} is not base64url JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AuthError('malformed', `${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function requireString(claims: Record<string, unknown>, name: string): string {
  const v = claims[name];
  if (v === undefined) throw new AuthError('missing_claim', `missing ${name}`);
  if (typeof v !== 'string' || v.length === 0 || v.length > 256)
    throw new AuthError('bad_claim', `bad ${name}`);
  return v;
}

function requireTime(
  claims: Record<string, unknown>,
  name: string,
  optional = false,
): number | undefined {
  const v = claims[name];
  if (v === undefined && optional) return undefined;
  if (v === undefined) throw new AuthError('missing_claim', `missing ${name}`);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new AuthError('bad_claim', `bad ${name}`);
  return v;
}

/** Splits and checks the header; returns the pieces the signature covers. */
function parseCompact(token: unknown): {
  header: Record<string, unknown>;
  signingInput: string;
  payload: string;
  signature: Buffer;
} {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw new AuthError('malformed', 'token missing or too long');
  }
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) {
    throw new AuthError('malformed', 'not a compact JWS with three base64url parts');
  }
  const [h, p, s] = parts as [string, string, string];
  const signature = Buffer.from(s, 'base64url');
  return {
    header: decodeJsonObject(h, 'header'),
    signingInput: `${h}.${p}`,
    payload: p,
    signature,
  };
}

/**
 * Verifies an access token and returns its claims, or throws AuthError.
 * Order: shape → header (alg, crit, typ, kid) → signature → claims. Claims are read only
 * after the signature holds, so unsigned content never drives a decision.
 */
export function verifyAccessToken(
  token: unknown,
  keys: KeyRing,
  settings: TokenSettings,
  nowMs: number,
): AccessClaims {
  const { header, signingInput, payload, signature } = parseCompact(token);

  if (header.alg !== ALG) throw new AuthError('unsupported_alg', 'algorithm not allowed');
  // We implement no JWS extensions, so any critical one must be refused (RFC 7515 §4.1.11).
  if (header.crit !== undefined) throw new AuthError('malformed', 'crit header not supported');
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : '';
  if (typ !== ACCESS_TOKEN_TYPE && typ !== `application/${ACCESS_TOKEN_TYPE}`) {
    throw new AuthError('bad_type', 'not an access token');
  }
  if (typeof header.kid !== 'string') throw new AuthError('unknown_kid', 'kid missing');
  const key = keys.publicKey(header.kid);
  if (!key) throw new AuthError('unknown_kid', 'unknown kid');

  if (signature.length !== 64) throw new AuthError('bad_signature', 'bad signature');
  let valid = false;
  try {
    valid = verify(null, Buffer.from(signingInput), key, signature);
  } catch {
    valid = false;
  }
  if (!valid) throw new AuthError('bad_signature', 'bad signature');

  const claims = decodeJsonObject(payload, 'payload');
  const sub = requireString(claims, 'sub');
  const jti = requireString(claims, 'jti');
  const sid = requireString(claims, 'sid');
  const role = requireString(claims, 'role');
  const iss = requireString(claims, 'iss');
  const exp = requireTime(claims, 'exp')!;
  const iat = requireTime(claims, 'iat')!;
  const nbf = requireTime(claims, 'nbf', true);
  const gen = claims.gen ?? 0;
  if (typeof gen !== 'number' || !Number.isSafeInteger(gen) || gen < 0)
    throw new AuthError('bad_claim', 'bad gen');
  if (iss !== settings.issuer) throw new AuthError('wrong_issuer', 'wrong issuer');
  const aud = claims.aud;
  const audOk =
    typeof aud === 'string'
      ? aud === settings.audience
      : Array.isArray(aud) && aud.includes(settings.audience);
  if (!audOk) throw new AuthError('wrong_audience', 'wrong audience');

  const now = nowMs / 1000;
  const skew = settings.clockSkewSeconds;
  if (exp <= now - skew) throw new AuthError('expired', 'token expired');
  if (iat > now + skew) throw new AuthError('not_yet_valid', 'token issued in the future');
  if (nbf !== undefined && nbf > now + skew)
    throw new AuthError('not_yet_valid', 'token not yet valid');
  if (exp <= iat) throw new AuthError('bad_claim', 'exp before iat');

  return {
    sub,
    role,
    sid,
    jti,
    iat,
    exp,
    gen,
    iss,
    aud: aud as string | string[],
    ...(nbf !== undefined ? { nbf } : {}),
  };
}
