/**
 * Ed25519 signing keys and the JWKS document (POL-A-001).
 *
 * Several keys may be configured, each with a `kid`; exactly one (the active key, which
 * must have its private half) signs, the others only verify. Rotation without downtime:
 * publish the new key verify-only, wait for caches, make it active, keep the old one
 * verify-only for one access-token TTL, then drop it.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type JsonWebKeyInput,
  type KeyObject,
} from 'node:crypto';

/** One configured key: a PEM string or a JWK (object or JSON text) for either half. */
export interface KeySpec {
  kid?: string;
  privateKey?: string | JsonWebKey;
  publicKey?: string | JsonWebKey;
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** The public JWK shape published at /.well-known/jwks.json. */
// A type alias, not an interface, so it is assignable to the spec's open `Jwk` shape.
export type PublicJwk = {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
};

export interface KeyRing {
  readonly active: SigningKey;
  /** Verification key by kid; undefined for unknown kids (never a fallback key). */
  publicKey(kid: string): KeyObject | undefined;
  jwks(): { keys: PublicJwk[] };
  /** True when no key was configured and a throwaway development pair was generated. */
  readonly generated: boolean;
}

export interface KeyRingOptions {
  activeKid?: string;
  warn?: (message: string) => void;
}

function toKeyObject(
  material: string | JsonWebKey,
  kind: 'private' | 'public',
  label: string,
): KeyObject {
  let input: string | JsonWebKeyInput;
  if (typeof material === 'string') {
    const text = material.trim();
    if (text.startsWith('{')) {
      try {
        input = { key: JSON.parse(text) as JsonWebKey, format: 'jwk' };
      } catch {
        throw new Error(`${label}: ${kind} key is neither PEM nor valid JWK JSON`);
      }
    } else if (text.startsWith('-----BEGIN')) {
      input = text;
    } else {
      throw new Error(`${label}: ${kind} key must be a PEM block or a JWK`);
    }
  } else {
    input = { key: material, format: 'jwk' };
  }
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(input) : createPublicKey(input);
  } catch (err) {
    throw new Error(`${label}: cannot read ${kind} key (${(err as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `${label}: ${kind} key is ${key.asymmetricKeyType ?? 'symmetric'}, expected Ed25519 (EdDSA)`,
    );
  }
  return key;
}

function publicX(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('Ed25519 public key without x');
  return jwk.x;
}

/** RFC 7638 thumbprint: the default kid for keys configured without one. */
export function jwkThumbprint(publicKey: KeyObject): string {
  const canonical = JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x: publicX(publicKey) });
  return createHash('sha256').update(canonical).digest('base64url');
}

interface LoadedKey {
  kid: string;
  publicKey: KeyObject;
  privateKey?: KeyObject;
}

function loadSpec(spec: KeySpec, index: number): LoadedKey {
  const label = `auth key #${index + 1}${spec.kid ? ` (kid ${spec.kid})` : ''}`;
  if (!spec.privateKey && !spec.publicKey)
    throw new Error(`${label}: needs privateKey or publicKey`);
  const privateKey = spec.privateKey ? toKeyObject(spec.privateKey, 'private', label) : undefined;
  const derived = privateKey ? createPublicKey(privateKey) : undefined;
  const publicKey = spec.publicKey ? toKeyObject(spec.publicKey, 'public', label) : derived!;
  if (derived && publicX(derived) !== publicX(publicKey)) {
    throw new Error(`${label}: publicKey does not match privateKey`);
  }
  const kid = spec.kid ?? jwkThumbprint(publicKey);
  if (!/^[\x21-\x7e]{1,128}$/.test(kid))
    throw new Error(`${label}: kid must be 1..128 printable ASCII characters`);
  return { kid, publicKey, privateKey };
}

export function generateDevelopmentKey(): KeySpec {
  const { privateKey } = generateKeyPairSync('ed25519');
  const publicKey = createPublicKey(privateKey);
  return {
    kid: `dev-${jwkThumbprint(publicKey).slice(0, 16)}`,
    privateKey: privateKey.export({ format: 'jwk' }),
  };
}

export function createKeyRing(specs: readonly KeySpec[], options: KeyRingOptions = {}): KeyRing {
  const generated = specs.length === 0;
  if (generated) {
    options.warn?.(
      'No AUTH_KEYS / AUTH_PRIVATE_KEY configured: generated a throwaway Ed25519 development key; ' +
        "tokens will not survive a restart and replicas will not accept each other's tokens.",
    );
  }
  const loaded = (generated ? [generateDevelopmentKey()] : specs).map(loadSpec);
  const byKid = new Map<string, LoadedKey>();
  for (const key of loaded) {
    if (byKid.has(key.kid)) throw new Error(`auth keys: duplicate kid ${key.kid}`);
    byKid.set(key.kid, key);
  }
  const activeEntry = options.activeKid
    ? byKid.get(options.activeKid)
    : loaded.find((k) => k.privateKey);
  if (!activeEntry) {
    throw new Error(
      options.activeKid
        ? `auth keys: active kid ${options.activeKid} is not configured`
        : 'auth keys: no key has a private half to sign with',
    );
  }
  if (!activeEntry.privateKey)
    throw new Error(`auth keys: active kid ${activeEntry.kid} has no private key`);
  const active: SigningKey = {
    kid: activeEntry.kid,
    privateKey: activeEntry.privateKey,
    publicKey: activeEntry.publicKey,
  };

  // Active key first, then by kid: a stable document for caches and diffs.
  const ordered = [
    activeEntry,
    ...[...byKid.values()]
      .filter((k) => k !== activeEntry)
      .sort((a, b) => (a.kid < b.kid ? -1 : 1)),
  ];
  const jwks = {
    keys: ordered.map((k): PublicJwk => ({
      kty: 'OKP',
      crv: 'Ed25519',
      x: publicX(k.publicKey),
      kid: k.kid,
      alg: 'EdDSA',
      use: 'sig',
    })),
  };
  const frozen = JSON.stringify(jwks);
  return {
    active,
    generated,
    publicKey: (kid) => byKid.get(kid)?.publicKey,
    jwks: () => JSON.parse(frozen) as { keys: PublicJwk[] },
  };
}

/**
 * Key specs from the environment:
 * - `AUTH_KEYS`: JSON array of `{ kid?, privateKey?, publicKey? }` (PEM strings or JWKs);
 * - or `AUTH_PRIVATE_KEY` (PEM or JWK JSON) with optional `AUTH_KEY_ID`;
 * - `AUTH_ACTIVE_KID` picks the signing key (default: the first with a private half).
 */
export function keySpecsFromEnv(env: Record<string, string | undefined>): {
  specs: KeySpec[];
  activeKid?: string;
} {
  const specs: KeySpec[] = [];
  if (env.AUTH_KEYS?.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.AUTH_KEYS);
    } catch {
      throw new Error('AUTH_KEYS must be a JSON array of { kid, privateKey?, publicKey? }');
    }
    if (!Array.isArray(parsed)) throw new Error('AUTH_KEYS must be a JSON array');
    for (const item of parsed) {
      if (typeof item !== 'object' || item === null)
        throw new Error('AUTH_KEYS entries must be objects');
      specs.push(item as KeySpec);
    }
  }
  if (env.AUTH_PRIVATE_KEY?.trim()) {
    specs.push({
      kid: env.AUTH_KEY_ID?.trim() || undefined,
      privateKey: env.AUTH_PRIVATE_KEY.replace(/\\n/g, '\n'),
    });
  }
  const activeKid = env.AUTH_ACTIVE_KID?.trim() || undefined;
  return { specs, activeKid };
}
