import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createKeyRing, jwkThumbprint, keySpecsFromEnv } from './keys.js';

function ed25519Pem() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privateJwk: privateKey.export({ format: 'jwk' }),
    publicJwk: publicKey.export({ format: 'jwk' }),
    publicKey,
  };
}

describe('createKeyRing', () => {
  it('generates a development key with a warning when none is configured', () => {
    const warn = vi.fn();
    const ring = createKeyRing([], { warn });
    expect(ring.generated).toBe(true);
    expect(warn).toHaveBeenCalledOnce();
    expect(ring.active.kid).toMatch(/^dev-/);
    expect(ring.jwks().keys).toHaveLength(1);
    expect(ring.jwks().keys[0]).not.toHaveProperty('d');
  });

  it('reads PEM and JWK keys, one active, others verify-only, JWKS ordered active first', () => {
    const a = ed25519Pem();
    const b = ed25519Pem();
    const c = ed25519Pem();
    const ring = createKeyRing(
      [
        { kid: 'z-old', publicKey: a.publicPem },
        { kid: 'new', privateKey: JSON.stringify(b.privateJwk) },
        { kid: 'a-next', privateKey: c.privatePem, publicKey: c.publicJwk },
      ],
      { activeKid: 'new' },
    );
    expect(ring.generated).toBe(false);
    expect(ring.active.kid).toBe('new');
    expect(ring.jwks().keys.map((k) => k.kid)).toEqual(['new', 'a-next', 'z-old']);
    expect(ring.jwks().keys.every((k) => k.alg === 'EdDSA' && k.use === 'sig' && !('d' in k))).toBe(
      true,
    );
    expect(ring.publicKey('z-old')?.asymmetricKeyType).toBe('ed25519');
    expect(ring.publicKey('missing')).toBeUndefined();
  });

  it('defaults the kid to the RFC 7638 thumbprint', () => {
    const a = ed25519Pem();
    const ring = createKeyRing([{ privateKey: a.privatePem }]);
    expect(ring.active.kid).toBe(jwkThumbprint(a.publicKey));
    expect(ring.active.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  const bad: Array<[string, () => unknown, RegExp]> = [
    [
      'garbage key text',
      () => createKeyRing([{ kid: 'x', privateKey: 'hello' }]),
      /PEM block or a JWK/,
    ],
    [
      'RSA key',
      () => {
        const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
          .privateKey.export({ format: 'pem', type: 'pkcs8' })
          .toString();
        return createKeyRing([{ kid: 'x', privateKey: rsa }]);
      },
      /expected Ed25519/,
    ],
    [
      'mismatched halves',
      () =>
        createKeyRing([
          { kid: 'x', privateKey: ed25519Pem().privatePem, publicKey: ed25519Pem().publicPem },
        ]),
      /does not match/,
    ],
    [
      'duplicate kid',
      () => {
        const k = ed25519Pem();
        return createKeyRing([
          { kid: 'x', privateKey: k.privatePem },
          { kid: 'x', publicKey: k.publicPem },
        ]);
      },
      /duplicate kid/,
    ],
    [
      'active kid is verify-only',
      () => createKeyRing([{ kid: 'x', publicKey: ed25519Pem().publicPem }], { activeKid: 'x' }),
      /no private key/,
    ],
    [
      'no private key at all',
      () => createKeyRing([{ kid: 'x', publicKey: ed25519Pem().publicPem }]),
      /no key has a private half/,
    ],
    [
      'unknown active kid',
      () => createKeyRing([{ kid: 'x', privateKey: ed25519Pem().privatePem }], { activeKid: 'y' }),
      /not configured/,
    ],
    ['empty spec', () => createKeyRing([{ kid: 'x' }]), /needs privateKey or publicKey/],
  ];
  it.each(bad)('rejects %s with a clear message', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });
});

describe('keySpecsFromEnv', () => {
  it('reads AUTH_KEYS, AUTH_PRIVATE_KEY (with escaped newlines) and AUTH_ACTIVE_KID', () => {
    const a = ed25519Pem();
    const b = ed25519Pem();
    const env = {
      AUTH_KEYS: JSON.stringify([{ kid: 'old', publicKey: a.publicJwk }]),
      AUTH_PRIVATE_KEY: b.privatePem.replace(/\n/g, '\\n'),
      AUTH_KEY_ID: 'cur',
      AUTH_ACTIVE_KID: 'cur',
    };
    const { specs, activeKid } = keySpecsFromEnv(env);
    const ring = createKeyRing(specs, { activeKid });
    expect(ring.active.kid).toBe('cur');
    expect(ring.jwks().keys.map((k) => k.kid)).toEqual(['cur', 'old']);
  });

  it.each([['not json'], ['{"kid":"x"}'], ['[1]']])('rejects AUTH_KEYS=%s', (value) => {
    expect(() => keySpecsFromEnv({ AUTH_KEYS: value })).toThrow(/AUTH_KEYS/);
  });
});
