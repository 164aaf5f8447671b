/**
 * Accounts: registration (POL-A-006, POL-R-001), password change (which logs out every
 * device, POL-A-005), the caller's account, and the first admin.
 */
import { eq } from 'drizzle-orm';
import { users } from '../../generated/db/schema.js';
import { writeAudit, type AuditMeta } from '../audit/write.js';
import { fail, invalid, type Result } from '../domain/result.js';
import type { Principal } from './authenticator.js';
import { readAccount } from './account-queries.js';
import { ensureAdminAccount } from './bootstrap-admin.js';
import { normaliseEmail } from './email.js';
import { checkPasswordPolicy, PASSWORD_PROBLEM_TEXT } from './passwords.js';
import type { Revocation } from './revocation.js';
import type { AuthParts } from './service.js';

export const SELF_SERVICE_ROLES = ['job_seeker', 'employer'] as const;
const badField = (path: string, message: string) => fail(invalid({ in: 'body', path, message }));

export class Accounts {
  constructor(
    private readonly deps: AuthParts,
    private readonly revocation: Revocation,
  ) {}

  /**
   * POL-A-006: the same accepted result whether or not the email exists, after the same
   * work (policy check, one bcrypt hash, one insert attempt). POL-R-001: self-service
   * roles only, whatever the body says.
   */
  async register(
    input: { email: string; password: string; displayName: string; role?: string },
    meta: AuditMeta = {},
  ): Promise<Result<{ status: 'accepted' }, 400>> {
    const role = input.role ?? 'job_seeker';
    if (!(SELF_SERVICE_ROLES as readonly string[]).includes(role))
      return badField('/role', 'This role cannot be chosen at registration.');
    const email = normaliseEmail(input.email);
    const problem = checkPasswordPolicy(input.password, { email });
    if (problem) return badField('/password', PASSWORD_PROBLEM_TEXT[problem]);
    const passwordHash = await this.deps.hasher.hash(input.password);
    const at = new Date(this.deps.now());
    await this.deps.db.transaction(async (tx) => {
      const created = await tx
        .insert(users)
        .values({
          email,
          passwordHash,
          displayName: input.displayName.trim(),
          roleCode: role,
          createdAt: at,
          updatedAt: at,
        })
        // Only an existing account with this email is swallowed (POL-A-006); any other
        // constraint violation is a bug and must surface.
        .onConflictDoNothing({ target: users.email })
        .returning({ id: users.id });
      const id = created[0]?.id;
      await writeAudit(
        tx,
        id
          ? {
              action: 'auth.register',
              actorId: id,
              targetType: 'user',
              targetId: id,
              details: { role },
            }
          : { action: 'auth.register', actorId: null, details: { outcome: 'email_taken' } },
        meta,
        at,
      );
    });
    return { ok: true, value: { status: 'accepted' } };
  }

  async changePassword(
    principal: Principal,
    input: { currentPassword: string; newPassword: string },
    meta: AuditMeta = {},
  ): Promise<Result<void, 400>> {
    const { db, hasher } = this.deps;
    const [user] = await db
      .select({ email: users.email, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, principal.userId));
    if (!user || !(await hasher.verify(input.currentPassword, user.passwordHash))) {
      return badField('/currentPassword', 'The current password is not correct.');
    }
    const problem = checkPasswordPolicy(input.newPassword, { email: user.email });
    if (problem) return badField('/newPassword', PASSWORD_PROBLEM_TEXT[problem]);
    const passwordHash = await hasher.hash(input.newPassword);
    await this.revocation.everything(
      principal.userId,
      principal.userId,
      'password_change',
      'auth.password_changed',
      meta,
      passwordHash,
    );
    return { ok: true, value: undefined };
  }

  getMe(principal: Principal) {
    return readAccount(this.deps.db, principal.userId);
  }

  /** The first admin (see bootstrap-admin.ts); an existing account is left untouched. */
  ensureAdmin(input: {
    email: string;
    password: string;
    displayName?: string;
  }): Promise<'created' | 'exists'> {
    return ensureAdminAccount(
      { db: this.deps.db, hasher: this.deps.hasher, now: this.deps.now },
      input,
    );
  }
}
