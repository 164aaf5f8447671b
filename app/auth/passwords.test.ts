import bcrypt from 'bcrypt';
import { describe, expect, it } from 'vitest';
import {
  bcryptInput,
  checkPasswordPolicy,
  PasswordHasher,
  type PasswordProblem,
} from './passwords.js';

describe('checkPasswordPolicy', () => {
  const cases: Array<[string, string, { email?: string }, PasswordProblem | null]> = [
    ['7 characters', 'aB3$xyz', {}, 'too_short'],
    ['8 characters', 'aB3$xyzq', {}, null],
    ['128 characters', 'x9!'.repeat(42) + 'ab', {}, null],
    ['129 characters', 'x9!'.repeat(43), {}, 'too_long'],
    ['8 emoji count as 8 characters', '🦊🐙🦉🐝🦀🐢🦔🐳', {}, null],
    ['7 emoji (14 UTF-16 units) are too short', '🦊🐙🦉🐝🦀🐢🦔', {}, 'too_short'],
    ['common: password', 'password', {}, 'common'],
    ['common: 12345678', '12345678', {}, 'common'],
    ['common, case-insensitive', 'PASSWORD1', {}, 'common'],
    ['common: qwertyuiop', 'qwertyuiop', {}, 'common'],
    ['common after NFKC (fullwidth)', 'ｐａｓｓｗｏｒｄ', {}, 'common'],
    ['contains email', 'alice@example.com!', { email: 'Alice@example.com' }, 'contains_email'],
    ['contains email local part', 'xxalice-2024', { email: 'alice@example.com' }, 'contains_email'],
    ['short local part ignored', 'zz-bob-2024-q', { email: 'bob@example.com' }, null],
    ['fine passphrase', 'correct horse battery staple', {}, null],
  ];
  it.each(cases)('%s', (_name, password, context, expected) => {
    expect(checkPasswordPolicy(password, context)).toBe(expected);
  });
});

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher({ cost: 4, concurrency: 2 });

  it('hashes with bcrypt at the configured cost and verifies', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    expect(hash).toMatch(/^\$2b\$04\$/);
    expect(await hasher.verify('correct horse battery staple', hash)).toBe(true);
    expect(await hasher.verify('correct horse battery stapl', hash)).toBe(false);
  });

  it('does not truncate at 72 bytes: passwords sharing their first 72 bytes differ', async () => {
    const prefix = 'é'.repeat(36); // 72 UTF-8 bytes
    expect(Buffer.byteLength(prefix)).toBe(72);
    const a = `${prefix}-tail-one`;
    const b = `${prefix}-tail-two`;
    // Plain bcrypt would treat them as equal; that is the bug this module prevents.
    const plain = await bcrypt.hash(a, 4);
    expect(await bcrypt.compare(b, plain)).toBe(true);
    const hash = await hasher.hash(a);
    expect(await hasher.verify(a, hash)).toBe(true);
    expect(await hasher.verify(b, hash)).toBe(false);
    expect(bcryptInput(a)).toHaveLength(44);
  });

  it('treats canonically equal Unicode spellings as the same password (NFKC)', async () => {
    const hash = await hasher.hash('caf\u00e9-au-lait');
    expect(await hasher.verify('cafe\u0301-au-lait', hash)).toBe(true);
  });

  it('answers false (never throws) for a malformed stored hash', async () => {
    expect(await hasher.verify('whatever-123', 'not-a-bcrypt-hash')).toBe(false);
  });

  it('queues beyond the concurrency bound', async () => {
    const jobs = Array.from({ length: 6 }, (_, i) => hasher.hash(`pw-number-${i}`));
    expect(hasher.queued).toBe(4);
    await Promise.all(jobs);
    expect(hasher.queued).toBe(0);
  });

  it('flags hashes below the configured cost for rehash', async () => {
    const strong = new PasswordHasher({ cost: 5, concurrency: 1 });
    expect(strong.needsRehash(await hasher.hash('abcdefgh-1'))).toBe(true);
    expect(strong.needsRehash(await strong.hash('abcdefgh-1'))).toBe(false);
  });

  it('spends comparable time on the dummy comparison as on a real one (POL-A-006)', async () => {
    const timed = new PasswordHasher({ cost: 8, concurrency: 1 });
    const hash = await timed.hash('the-real-password');
    await timed.verifyDummy('warm-up');
    // Interleaved rounds, fastest of each: a busy machine only ever adds time, so the
    // minimum is the work itself (a median of a few runs failed under load average 12).
    const elapsed = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    let real = Infinity;
    let dummy = Infinity;
    for (let i = 0; i < 7; i++) {
      real = Math.min(real, await elapsed(() => timed.verify('wrong-password', hash)));
      dummy = Math.min(dummy, await elapsed(() => timed.verifyDummy('wrong-password')));
    }
    expect(await timed.verifyDummy('the-real-password')).toBe(false);
    expect(dummy / real).toBeGreaterThan(0.5);
    expect(dummy / real).toBeLessThan(2);
  });

  it('rejects an out-of-range cost', () => {
    expect(() => new PasswordHasher({ cost: 3, concurrency: 1 })).toThrow();
  });
});
