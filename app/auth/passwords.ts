/**
 * Password policy and hashing (POL-A-003, POL-A-006, ASVS V6).
 *
 * bcrypt reads only the first 72 bytes of its input. Rather than reject long passphrases
 * (the policy allows 128 characters, up to 512 UTF-8 bytes), every password is pre-hashed:
 * bcrypt(base64(HMAC-SHA256(domain key, NFKC(password)))). The 44-byte base64 digest has
 * no NUL bytes and fits bcrypt whole, so nothing is ever truncated. The HMAC key is a fixed
 * domain-separation constant, not a secret: it stops "password shucking" with leaked plain
 * SHA-256 corpora. Stored hashes are ordinary `$2b$` strings.
 */
import { createHmac } from 'node:crypto';
import bcrypt from 'bcrypt';
import { dictionary } from '@zxcvbn-ts/language-common';
import { Semaphore } from './semaphore.js';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
const PREHASH_KEY = 'jobboard-spec-suite/bcrypt-prehash/v1';

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_email';

export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  too_short: `Password must be at least ${PASSWORD_MIN_LENGTH} characters.`,
  too_long: `Password must be at most ${PASSWORD_MAX_LENGTH} characters.`,
  common: 'Password is too common; choose another.',
  contains_email: 'Password must not contain your email address.',
};

let commonPasswords: Set<string> | undefined;

/** ~49k common passwords from zxcvbn-ts's list, loaded on first use. */
function isCommon(normalized: string): boolean {
  commonPasswords ??= new Set(dictionary.passwords.map((p) => p.toLowerCase()));
  return commonPasswords.has(normalized.toLowerCase());
}

function normalize(password: string): string {
  return password.normalize('NFKC');
}

/** Pure policy check; length is counted in Unicode code points after NFKC. */
export function checkPasswordPolicy(
  password: string,
  context: { email?: string } = {},
): PasswordProblem | null {
  const normalized = normalize(password);
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (isCommon(normalized)) return 'common';
  const email = context.email?.toLowerCase();
  if (email) {
    const local = email.split('@')[0] ?? '';
    const lower = normalized.toLowerCase();
    if (lower.includes(email) || (local.length >= 4 && lower.includes(local)))
      return 'contains_email';
  }
  return null;
}

export function bcryptInput(password: string): string {
  return createHmac('sha256', PREHASH_KEY).update(normalize(password), 'utf8').digest('base64');
}

export interface PasswordHasherOptions {
  /** bcrypt cost factor; production config enforces >= 10. */
  cost: number;
  /** At most this many hashes/compares run at once (the rest wait their turn). */
  concurrency: number;
}

export class PasswordHasher {
  private readonly gate: Semaphore;
  private dummyHash: Promise<string> | undefined;

  constructor(readonly options: PasswordHasherOptions) {
    if (!Number.isInteger(options.cost) || options.cost < 4 || options.cost > 31)
      throw new Error('bcrypt cost must be 4..31');
    this.gate = new Semaphore(options.concurrency);
  }

  get queued(): number {
    return this.gate.queued;
  }

  hash(password: string): Promise<string> {
    return this.gate.use(() => bcrypt.hash(bcryptInput(password), this.options.cost));
  }

  /** False for a malformed stored hash too: a corrupt row must not become a 500. */
  verify(password: string, hash: string): Promise<boolean> {
    return this.gate.use(async () => {
      try {
        return await bcrypt.compare(bcryptInput(password), hash);
      } catch {
        return false;
      }
    });
  }

  /**
   * Spends the same time as a real comparison when the email is unknown, so response
   * timing does not reveal whether an account exists (POL-A-006). Always false.
   */
  async verifyDummy(password: string): Promise<false> {
    this.dummyHash ??= bcrypt.hash(bcryptInput('dummy-password-for-timing'), this.options.cost);
    await this.verify(password, await this.dummyHash);
    return false;
  }

  /** True when a stored hash was made with a lower cost than configured (rehash on login). */
  needsRehash(hash: string): boolean {
    try {
      return bcrypt.getRounds(hash) < this.options.cost;
    } catch {
      return true;
    }
  }
}
