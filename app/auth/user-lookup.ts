/**
 * The login lookup: a user by email. Kept as a query builder of its own so a test can
 * take the exact SQL drizzle sends (`.toSQL()`) and EXPLAIN it: it must be an index scan
 * on users_email_key, because it runs on every login (test/contracts/login-lookup.test.ts).
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { users } from '../../generated/db/schema.js';
import { normaliseEmail } from './email.js';

/** The credentials-check view of the user with this email (any casing), as a query. */
export function userByEmailQuery(db: Executor, email: string) {
  return db
    .select({
      id: users.id,
      passwordHash: users.passwordHash,
      status: users.status,
      role: users.roleCode,
    })
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
    .limit(1);
}

export async function findUserByEmail(db: Executor, email: string) {
  const [user] = await userByEmailQuery(db, email);
  return user;
}
