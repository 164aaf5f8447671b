/**
 * The first admin (POL-R-001): registration can never choose `admin`, so the
 * first one comes from ADMIN_EMAIL / ADMIN_PASSWORD at start-up (or a CLI calling this).
 * Idempotent: an existing account with that email is left as it is.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { users } from '../../generated/db/schema.js';
import { writeAudit } from '../audit/write.js';
import type { Logger } from '../telemetry/logger.js';
import { checkPasswordPolicy, PASSWORD_PROBLEM_TEXT, type PasswordHasher } from './passwords.js';
import { normaliseEmail } from './email.js';

export async function ensureAdminAccount(
  deps: { db: Database; hasher: PasswordHasher; now: () => number },
  input: { email: string; password: string; displayName?: string },
): Promise<'created' | 'exists'> {
  const email = normaliseEmail(input.email);
  const problem = checkPasswordPolicy(input.password, { email });
  if (problem) throw new Error(`ADMIN_PASSWORD: ${PASSWORD_PROBLEM_TEXT[problem]}`);
  const [existing] = await deps.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  if (existing) return 'exists';
  const passwordHash = await deps.hasher.hash(input.password);
  const at = new Date(deps.now());
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({
        email,
        passwordHash,
        displayName: input.displayName ?? 'Administrator',
        roleCode: 'admin',
        createdAt: at,
        updatedAt: at,
      })
      // A concurrent bootstrap (another replica) created it first.
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (!row) return 'exists' as const;
    await writeAudit(
      tx,
      {
        action: 'auth.admin_bootstrapped',
        actorId: null,
        targetType: 'user',
        targetId: row.id,
      },
      {},
      at,
    );
    return 'created' as const;
  });
}

export async function bootstrapAdminFromEnv(
  env: Record<string, string | undefined>,
  service: {
    ensureAdmin(input: { email: string; password: string }): Promise<'created' | 'exists'>;
  },
  logger: Logger,
): Promise<'created' | 'exists' | 'skipped'> {
  const email = env.ADMIN_EMAIL && normaliseEmail(env.ADMIN_EMAIL);
  const password = env.ADMIN_PASSWORD;
  if (!email && !password) return 'skipped';
  if (!email || !password) throw new Error('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  const outcome = await service.ensureAdmin({ email, password });
  logger.info(
    { email },
    outcome === 'created' ? 'first admin created' : 'admin bootstrap: account already exists',
  );
  return outcome;
}
