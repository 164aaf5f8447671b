/**
 * The match module's boundary: what handlers may ask of matching. The in-process
 * implementation (./local.ts) reads this database; a remote matching service would
 * implement the same interface as a generated client of its own contract (docs/adr/0007),
 * with the handlers unchanged. So everything crossing it is the API's own wire types
 * (JSON-serialisable, no rows, no Dates) and expected failures are Result values.
 */
import type { components } from '../../generated/openapi/types.js';
import type { Result } from '../domain/result.js';

export type SeekerProfile = components['schemas']['SeekerProfile'];
export type SeekerProfileInput = components['schemas']['SeekerProfileInput'];
export type RecommendationList = components['schemas']['RecommendationList'];
export type CandidateList = components['schemas']['CandidateList'];

export interface MatchPage {
  cursor?: string;
  limit?: number;
}

export interface MatchService {
  /** The seeker's own profile; 404 before the first save. */
  getProfile(userId: string): Promise<Result<SeekerProfile, 404>>;
  /** Creates or replaces the seeker's own profile; 400 for a broken salary range. */
  putProfile(userId: string, input: SeekerProfileInput): Promise<Result<SeekerProfile, 400>>;
  /** Published jobs for the seeker's profile, best first; 400 for a foreign cursor. */
  recommend(userId: string, page: MatchPage): Promise<Result<RecommendationList, 400>>;
  /**
   * The applicants to `jobId` ranked by fit, if `employerId` acts for the job's company;
   * any other caller gets 404 (the job's existence is not disclosed).
   */
  candidates(
    employerId: string,
    jobId: string,
    page: MatchPage,
  ): Promise<Result<CandidateList, 400 | 404>>;
}
