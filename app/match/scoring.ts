/**
 * How well a job and a seeker's profile fit: a pure, deterministic function of the two,
 * the rarity of tags among published jobs, and the clock. Every factor is 0..1 and is
 * returned as a reason next to the score, so a ranking can be explained line by line
 * (docs/adr/0006). The same function ranks jobs for a seeker (recommendations) and
 * applicants for a job (candidates); only the skills basis differs.
 */
import type { components } from '../../generated/openapi/types.js';

export type MatchReasons = components['schemas']['MatchReasons'];
type RemotePreference = components['schemas']['RemotePreference'];

/** The weighted sum's weights; they add up to 1, so the score is 0..1 too. */
export const WEIGHTS = { skills: 0.55, location: 0.2, salary: 0.15, recency: 0.1 } as const;
export const RECENCY_HALF_LIFE_DAYS = 30;
const DAY_MS = 86_400_000;

export interface ProfileFacts {
  skills: readonly string[];
  desiredLocations: readonly string[];
  remotePreference: RemotePreference;
  salaryMin: number | null;
  salaryMax: number | null;
  currency: string | null;
}

export interface JobFacts {
  tags: readonly string[];
  location: string | null;
  remote: boolean;
  salaryMin: number | null;
  salaryMax: number | null;
  currency: string | null;
  publishedAt: Date | null;
}

/**
 * Rarity weight of a tag carried by `df` of `published` jobs: a smoothed inverse document
 * frequency, so a skill few jobs ask for counts more than one every job lists. Always > 0.
 */
export function rarity(df: number, published: number): number {
  return Math.log(1 + (published + 1) / (df + 1));
}

/** Share of the rarity-weighted `basis` that `matched` covers. */
export function skillFit(
  matched: readonly string[],
  basis: readonly string[],
  weightOf: (tag: string) => number,
): number {
  const total = basis.reduce((sum, t) => sum + weightOf(t), 0);
  if (total === 0) return 0;
  return matched.reduce((sum, t) => sum + weightOf(t), 0) / total;
}

/**
 * 1 when the job is remote and the seeker does not insist on on-site work, or when its
 * location contains one of the desired locations (case-insensitive) and the seeker does
 * not insist on remote work; else 0.
 */
export function locationFit(
  p: ProfileFacts,
  j: JobFacts,
): { fit: number; match: MatchReasons['locationMatch'] } {
  if (j.remote && p.remotePreference !== 'onsite') return { fit: 1, match: 'remote' };
  const where = j.location?.toLowerCase();
  if (
    p.remotePreference !== 'remote' &&
    where !== undefined &&
    p.desiredLocations.some((l) => where.includes(l.toLowerCase()))
  ) {
    return { fit: 1, match: 'desired_location' };
  }
  return { fit: 0, match: 'none' };
}

/**
 * Share of the seeker's expected range [min, max] that the job's top salary reaches, in
 * the same currency (a job paying above the range covers all of it). A one-sided
 * expectation is a point; a job with one bound tops out at that bound. Unknown or
 * different currencies are 0: amounts are never converted.
 */
export function salaryFit(p: ProfileFacts, j: JobFacts): number {
  const low = p.salaryMin ?? p.salaryMax;
  const high = p.salaryMax ?? p.salaryMin;
  const top = j.salaryMax ?? j.salaryMin;
  if (low === null || high === null || top === null) return 0;
  if (p.currency === null || p.currency !== j.currency) return 0;
  if (high === low) return top >= low ? 1 : 0;
  return Math.min(1, Math.max(0, (top - low) / (high - low)));
}

/** 1 when just published, halving every RECENCY_HALF_LIFE_DAYS; 0 if never published. */
export function recencyFit(publishedAt: Date | null, now: Date): number {
  if (!publishedAt) return 0;
  const ageDays = Math.max(0, now.getTime() - publishedAt.getTime()) / DAY_MS;
  return 2 ** (-ageDays / RECENCY_HALF_LIFE_DAYS);
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export interface Scored {
  score: number;
  /** The score as an integer (score × 10^4): what rankings and cursors compare. */
  rank: number;
  reasons: MatchReasons;
}

/**
 * The score of `job` for `profile`. `basis` says whose skills the skill factor is a share
 * of: the seeker's (recommendations: "how much of what I can do does this job use") or
 * the job's tags (candidates: "how much of what the job asks does this seeker have").
 */
export function scoreMatch(
  profile: ProfileFacts,
  job: JobFacts,
  opts: { basis: 'profile' | 'job'; weightOf: (tag: string) => number; now: Date },
): Scored {
  const tags = new Set(job.tags);
  const matchedSkills = [...new Set(profile.skills)].filter((s) => tags.has(s)).sort();
  const basis = opts.basis === 'profile' ? [...new Set(profile.skills)] : [...tags];
  const factors = {
    skills: round4(skillFit(matchedSkills, basis, opts.weightOf)),
    location: locationFit(profile, job),
    salary: round4(salaryFit(profile, job)),
    recency: round4(recencyFit(job.publishedAt, opts.now)),
  };
  const rank = Math.round(
    10_000 *
      (WEIGHTS.skills * factors.skills +
        WEIGHTS.location * factors.location.fit +
        WEIGHTS.salary * factors.salary +
        WEIGHTS.recency * factors.recency),
  );
  return {
    score: rank / 10_000,
    rank,
    reasons: {
      matchedSkills,
      skills: factors.skills,
      location: factors.location.fit,
      locationMatch: factors.location.match,
      salary: factors.salary,
      recency: factors.recency,
    },
  };
}

/** Best first; equal ranks by id ascending, so every ordering is total and repeatable. */
export function byRank<T extends { rank: number; id: string }>(a: T, b: T): number {
  return b.rank - a.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
