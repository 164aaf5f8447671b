/**
 * MatchService on this process's database (drizzle only). The rows a request fetches and
 * scores are bounded: recommendations score at most CANDIDATE_CAP published jobs sharing a
 * skill (`tags && skills`: the GIN index jobs_tags_idx for rare skills, the newest-first
 * walk of jobs_published_cursor_idx under the LIMIT for common ones); candidates score at
 * most CANDIDATE_CAP applications of one job (applications_job_idx). Rarity is not bounded
 * the same way: one count per skill (at most 20) plus a count of published jobs, which
 * grow with the data (docs/adr/0006 has the measurements and what replaces them).
 *
 * Pages are keyset positions in the ranking (rank desc, id asc), signed like every other
 * cursor (app/domain/cursor.ts). The ranking is recomputed per page, so a job published,
 * or a rarity that changed, between two requests can move an item across a page boundary
 * (skipped or shown twice); within one response the order is exact.
 */
import { and, arrayContains, arrayOverlaps, count, desc, eq, inArray, ne } from 'drizzle-orm';
import {
  applications,
  jobs,
  seekerProfiles,
  type SeekerProfilesRow,
} from '../../generated/db/schema.js';
import type { Database, Executor } from '../db/client.js';
import { isCompanyMember, laterOf } from '../domain/company.js';
import { badCursor, UUID, type CursorCodec } from '../domain/cursor.js';
import { jobColumns, toJob } from '../domain/job.js';
import { salaryErrors } from '../domain/job-rules.js';
import { fail, invalid, notFound, ok, type Result } from '../domain/result.js';
import { byRank, rarity, scoreMatch, type ProfileFacts, type Scored } from './scoring.js';
import type { MatchPage, MatchService, SeekerProfile } from './service.js';

/** Most rows one request scores (see the module comment). */
export const CANDIDATE_CAP = 500;

const NO_PROFILE: ProfileFacts = {
  skills: [],
  desiredLocations: [],
  remotePreference: 'any',
  salaryMin: null,
  salaryMax: null,
  currency: null,
};

function toProfile(row: SeekerProfilesRow): SeekerProfile {
  return {
    userId: row.userId,
    headline: row.headline,
    skills: row.skills,
    desiredLocations: row.desiredLocations,
    remotePreference: row.remotePreference,
    employmentTypes: row.employmentTypes,
    salaryMin: row.salaryMin,
    salaryMax: row.salaryMax,
    currency: row.currency,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** How many published jobs carry `tag` (all published jobs without one). Exported for EXPLAIN. */
export function publishedCount(db: Executor, tag?: string) {
  return db
    .select({ n: count() })
    .from(jobs)
    .where(
      and(
        eq(jobs.status, 'published'),
        tag === undefined ? undefined : arrayContains(jobs.tags, [tag]),
      ),
    );
}

/** Rarity weights of `tags` among published jobs (a missing tag counts as df 0). */
export async function rarityWeights(
  db: Executor,
  tags: readonly string[],
): Promise<(tag: string) => number> {
  const [total] = await publishedCount(db);
  const weights = new Map<string, number>();
  for (const tag of new Set(tags)) {
    const [df] = await publishedCount(db, tag);
    weights.set(tag, rarity(df!.n, total!.n));
  }
  return (tag) => weights.get(tag) ?? rarity(0, total!.n);
}

/**
 * The published jobs a profile is scored against: sharing a skill (GIN jobs_tags_idx),
 * of a wanted employment type, newest CANDIDATE_CAP. Exported for the EXPLAIN test.
 */
// POL-M-001 / POL-J-002: only published jobs are ever recommended.
export function candidateJobs(
  db: Executor,
  profile: Pick<SeekerProfilesRow, 'skills' | 'employmentTypes'>,
) {
  return db
    .select(jobColumns)
    .from(jobs)
    .where(
      and(
        eq(jobs.status, 'published'),
        arrayOverlaps(jobs.tags, profile.skills),
        profile.employmentTypes.length
          ? inArray(jobs.employmentType, profile.employmentTypes)
          : undefined,
      ),
    )
    .orderBy(desc(jobs.publishedAt), desc(jobs.id))
    .limit(CANDIDATE_CAP);
}

/** One page of a ranking: the items strictly after the cursor's (rank, id) position. */
function rankedPage<T extends Scored & { id: string }, I>(
  cursors: CursorCodec,
  scope: string,
  ranked: T[],
  page: MatchPage,
  toItem: (x: T) => I,
): Result<{ items: I[]; nextCursor: string | null }, 400> {
  const limit = page.limit ?? 20;
  let rest = ranked.sort(byRank);
  if (page.cursor) {
    const key = cursors.decode(page.cursor, scope);
    if (!key || typeof key.k !== 'number' || typeof key.id !== 'string' || !UUID.test(key.id)) {
      return badCursor();
    }
    const at = { rank: key.k, id: key.id };
    rest = rest.filter((x) => byRank(at, x) < 0);
  }
  const items = rest.slice(0, limit);
  const last = items.at(-1);
  return ok({
    items: items.map(toItem),
    nextCursor:
      rest.length > limit && last ? cursors.encode({ s: scope, k: last.rank, id: last.id }) : null,
  });
}

export function createLocalMatchService(deps: {
  db: Database;
  cursors: CursorCodec;
  clock: () => Date;
}): MatchService {
  const { db, cursors, clock } = deps;

  const profileRow = async (userId: string) =>
    (await db.select().from(seekerProfiles).where(eq(seekerProfiles.userId, userId)).limit(1))[0];

  return {
    async getProfile(userId) {
      const row = await profileRow(userId);
      return row ? ok(toProfile(row)) : fail(notFound('No profile saved yet.'));
    },

    async putProfile(userId, input) {
      const fields = {
        headline: input.headline ?? null,
        skills: input.skills,
        desiredLocations: input.desiredLocations ?? [],
        remotePreference: input.remotePreference ?? 'any',
        employmentTypes: input.employmentTypes ?? [],
        salaryMin: input.salaryMin ?? null,
        salaryMax: input.salaryMax ?? null,
        currency: input.currency ?? null,
      };
      const errors = salaryErrors(fields, input);
      if (errors.length) return fail(invalid(...errors));
      const now = clock();
      return db.transaction(async (tx) => {
        const [current] = await tx
          .select({ createdAt: seekerProfiles.createdAt })
          .from(seekerProfiles)
          .where(eq(seekerProfiles.userId, userId))
          .for('update');
        const updatedAt = current ? laterOf(now, current.createdAt) : now;
        const [row] = await tx
          .insert(seekerProfiles)
          .values({ userId, ...fields, createdAt: now, updatedAt: now })
          .onConflictDoUpdate({ target: seekerProfiles.userId, set: { ...fields, updatedAt } })
          .returning();
        return ok(toProfile(row!));
      });
    },

    async recommend(userId, page) {
      const profile = await profileRow(userId);
      if (!profile || profile.skills.length === 0) {
        return page.cursor && !cursors.decode(page.cursor, 'recommendations')
          ? badCursor()
          : ok({ items: [], nextCursor: null });
      }
      const rows = await candidateJobs(db, profile);
      const weightOf = await rarityWeights(db, profile.skills);
      const now = clock();
      const ranked = rows.map((job) => ({
        id: job.id,
        job,
        ...scoreMatch(profile, job, { basis: 'profile', weightOf, now }),
      }));
      return rankedPage(cursors, 'recommendations', ranked, page, (x) => ({
        job: toJob(x.job),
        score: x.score,
        reasons: x.reasons,
      }));
    },

    async candidates(employerId, jobId, page) {
      // POL-M-001: only the job's company sees its ranked applicants; others as if no job.
      const [job] = await db.select(jobColumns).from(jobs).where(eq(jobs.id, jobId)).limit(1);
      if (!job || !(await isCompanyMember(db, job.companyId, employerId))) {
        return fail(notFound('No job with this id.'));
      }
      const rows = await db
        .select({
          id: applications.id,
          applicantId: applications.applicantId,
          status: applications.status,
          profile: seekerProfiles,
        })
        .from(applications)
        .leftJoin(seekerProfiles, eq(seekerProfiles.userId, applications.applicantId))
        .where(and(eq(applications.jobId, jobId), ne(applications.status, 'withdrawn')))
        .orderBy(desc(applications.createdAt), desc(applications.id))
        .limit(CANDIDATE_CAP);
      const weightOf = await rarityWeights(db, job.tags);
      const now = clock();
      const ranked = rows.map((r) => ({
        ...r,
        ...scoreMatch(r.profile ?? NO_PROFILE, job, { basis: 'job', weightOf, now }),
      }));
      return rankedPage(cursors, 'candidates', ranked, page, (x) => ({
        applicationId: x.id,
        applicantId: x.applicantId,
        applicationStatus: x.status,
        score: x.score,
        reasons: x.reasons,
      }));
    },
  };
}
