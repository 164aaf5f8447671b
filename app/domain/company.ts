/**
 * Companies (POL-J-001): the creator becomes the company's owner in company_members;
 * only members edit it. A company profile is public, so a non-member's edit is a 403
 * (its existence is no secret), an unknown id a 404.
 */
import { and, eq } from 'drizzle-orm';
import { companies, companyMembers, type CompaniesRow } from '../../generated/db/schema.js';
import type { components } from '../../generated/openapi/types.js';
import type { Database, Executor } from '../db/client.js';
import { fail, forbidden, notFound, ok, type Result } from './result.js';

type Company = components['schemas']['Company'];
type CompanyCreate = components['schemas']['CompanyCreate'];
type CompanyUpdate = components['schemas']['CompanyUpdate'];

export function toCompany(row: CompaniesRow): Company {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    website: row.website,
    location: row.location,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** True when `userId` acts for the company (owner or member). */
export async function isCompanyMember(
  db: Executor,
  companyId: string,
  userId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ userId: companyMembers.userId })
    .from(companyMembers)
    .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, userId)))
    .limit(1);
  return row !== undefined;
}

export async function createCompany(
  db: Database,
  userId: string,
  input: CompanyCreate,
  now: Date,
): Promise<Company> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(companies)
      .values({
        name: input.name,
        description: input.description ?? null,
        website: input.website ?? null,
        location: input.location ?? null,
        createdBy: userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx
      .insert(companyMembers)
      .values({ companyId: row!.id, userId, memberRole: 'owner', createdAt: now });
    return toCompany(row!);
  });
}

export async function getCompany(db: Executor, companyId: string): Promise<Company | undefined> {
  const [row] = await db.select().from(companies).where(eq(companies.id, companyId)).limit(1);
  return row ? toCompany(row) : undefined;
}

export async function updateCompany(
  db: Database,
  userId: string,
  companyId: string,
  patch: CompanyUpdate,
  now: Date,
): Promise<Result<Company, 403 | 404>> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(companies)
      .where(eq(companies.id, companyId))
      .for('update');
    if (!current) return fail(notFound('No company with this id.'));
    if (!(await isCompanyMember(tx, companyId, userId))) {
      return fail(forbidden("Only the company's employers may edit it."));
    }
    const [row] = await tx
      .update(companies)
      .set({
        // `undefined` leaves a column alone; `null` clears it (CompanyUpdate's contract).
        name: patch.name,
        description: patch.description,
        website: patch.website,
        location: patch.location,
        updatedAt: laterOf(now, current.createdAt),
      })
      .where(eq(companies.id, companyId))
      .returning();
    return ok(toCompany(row!));
  });
}

/** updated_at >= created_at is a table check; a clock behind the row's creation must not break it. */
export function laterOf(now: Date, notBefore: Date): Date {
  // +1 ms: a stored microsecond timestamp may sit just after its millisecond.
  return now.getTime() > notBefore.getTime() ? now : new Date(notBefore.getTime() + 1);
}
