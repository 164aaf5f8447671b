/**
 * listJobs: published jobs only (POL-J-002), every given filter must match, ordered by
 * an allow-listed sort with id as tie-breaker, keyset-paginated.
 *
 * Text search: the spec asks for full text over the generated `search_vector`, but
 * drizzle's query builder has no tsvector match operator and app/ may not use raw `sql`
 * (spec-coding rule 5), so `q` is matched as case-insensitive substrings: every word of
 * `q` must occur in the title or the description. Tags use "contains all" (`@>`), as
 * the spec's `tags` parameter says ("carrying every one of these tags").
 */
import {
  and,
  arrayContains,
  asc,
  desc,
  eq,
  gt,
  gte,
  ilike,
  isNull,
  lt,
  lte,
  or,
  type SQL,
} from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { jobs } from '../../generated/db/schema.js';
import type { components, operations } from '../../generated/openapi/types.js';
import type { Executor } from '../db/client.js';
import { badCursor, cursorDate, pageOf, UUID, type CursorCodec, type CursorKey } from './cursor.js';
import { jobColumns, toJob, type JobRow } from './job.js';
import { ok, type Result } from './result.js';
import { containsPattern, searchTerms } from './text-match.js';

type JobList = components['schemas']['JobList'];
export type JobSearch = NonNullable<operations['listJobs']['parameters']['query']>;
export type JobSort = NonNullable<JobSearch['sort']>;

interface SortSpec {
  column: PgColumn;
  dir: 'asc' | 'desc';
  /** Jobs may lack the value (salaries are optional; published_at never is). */
  nullable: boolean;
  keyOf: (row: JobRow) => CursorKey['k'];
  /** The cursor's stored key back as a column value; undefined when it is malformed. */
  parse: (k: CursorKey['k']) => Date | number | null | undefined;
}

const dateKey = (k: CursorKey['k']) => cursorDate(k);
const salaryKey = (k: CursorKey['k']) =>
  k === null || (typeof k === 'number' && Number.isInteger(k)) ? k : undefined;

/** The allow-list; jobs without the sorted value (no salary) come last in every order. */
const sorts: Record<JobSort, SortSpec> = {
  '-publishedAt': {
    column: jobs.publishedAt,
    dir: 'desc',
    nullable: false,
    keyOf: (r) => r.publishedAt!.toISOString(),
    parse: dateKey,
  },
  publishedAt: {
    column: jobs.publishedAt,
    dir: 'asc',
    nullable: false,
    keyOf: (r) => r.publishedAt!.toISOString(),
    parse: dateKey,
  },
  '-salaryMax': {
    column: jobs.salaryMax,
    dir: 'desc',
    nullable: true,
    keyOf: (r) => r.salaryMax,
    parse: salaryKey,
  },
  salaryMin: {
    column: jobs.salaryMin,
    dir: 'asc',
    nullable: true,
    keyOf: (r) => r.salaryMin,
    parse: salaryKey,
  },
};

/** Rows strictly after (key, id) in the sort's order, nulls last. */
function after(sort: SortSpec, key: Date | number | null, id: string): SQL | undefined {
  const beyond = sort.dir === 'desc' ? lt : gt;
  if (key === null) return and(isNull(sort.column), beyond(jobs.id, id));
  return or(
    beyond(sort.column, key),
    and(eq(sort.column, key), beyond(jobs.id, id)),
    sort.nullable ? isNull(sort.column) : undefined,
  );
}

function filters(q: JobSearch): (SQL | undefined)[] {
  const textMatch = (term: string) =>
    or(ilike(jobs.title, containsPattern(term)), ilike(jobs.description, containsPattern(term)));
  return [
    eq(jobs.status, 'published'),
    ...(q.q ? searchTerms(q.q).map(textMatch) : []),
    q.location ? ilike(jobs.location, containsPattern(q.location)) : undefined,
    q.remote !== undefined ? eq(jobs.remote, q.remote) : undefined,
    q.employmentType ? eq(jobs.employmentType, q.employmentType) : undefined,
    // Range overlap: the job's range reaches the wanted minimum / starts below the maximum.
    q.salaryMin !== undefined ? gte(jobs.salaryMax, q.salaryMin) : undefined,
    q.salaryMax !== undefined ? lte(jobs.salaryMin, q.salaryMax) : undefined,
    q.tags?.length ? arrayContains(jobs.tags, q.tags) : undefined,
    q.companyId ? eq(jobs.companyId, q.companyId) : undefined,
  ];
}

/**
 * PostgreSQL sorts NULLs last ascending but first descending; drizzle's `desc()` cannot
 * say NULLS LAST, so a descending nullable sort is led by `IS NULL` (false first).
 */
function orderOf(sort: SortSpec): SQL[] {
  const order = sort.dir === 'desc' ? desc : asc;
  const lead = sort.nullable && sort.dir === 'desc' ? [isNull(sort.column)] : [];
  return [...lead, order(sort.column), order(jobs.id)];
}

export async function searchJobs(
  db: Executor,
  q: JobSearch,
  cursors: CursorCodec,
): Promise<Result<JobList, 400>> {
  const sortName: JobSort = q.sort ?? '-publishedAt';
  const sort = sorts[sortName];
  const limit = q.limit ?? 20;
  const scope = `jobs${sortName}`;
  const where = filters(q);
  if (q.cursor) {
    const key = cursors.decode(q.cursor, scope);
    const value = key ? sort.parse(key.k) : undefined;
    if (!key || value === undefined || typeof key.id !== 'string' || !UUID.test(key.id)) {
      return badCursor('Invalid cursor, or one made for another sort');
    }
    where.push(after(sort, value, key.id));
  }
  const rows = await db
    .select(jobColumns)
    .from(jobs)
    .where(and(...where))
    .orderBy(...orderOf(sort))
    .limit(limit + 1);
  return ok(pageOf(cursors, rows, limit, toJob, (r) => ({ s: scope, k: sort.keyOf(r), id: r.id })));
}
