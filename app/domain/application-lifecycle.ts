/**
 * The application life cycle (POL-J-007), as pure rules. A new application is
 * `submitted`; the owning employer moves it to any employer status; the applicant may
 * only withdraw it. `hired`, `rejected` and `withdrawn` are final: nothing moves them.
 * Backward moves between open statuses (offered -> reviewing) are allowed: pipelines
 * are not linear, and the policy forbids only leaving a final status.
 */
import type { components } from '../../generated/openapi/types.js';

export type ApplicationStatus = components['schemas']['ApplicationStatus'];
export type EmployerStatus = components['schemas']['ApplicationStatusUpdate']['status'];

export const finalStatuses: ReadonlySet<ApplicationStatus> = new Set([
  'hired',
  'rejected',
  'withdrawn',
]);

/** Why the employer may not move `from` to `to`, or undefined when they may. */
export function employerMoveConflict(
  from: ApplicationStatus,
  to: EmployerStatus,
): string | undefined {
  if (finalStatuses.has(from))
    return `A ${from} application cannot move to ${to}: ${from} is final.`;
  return undefined;
}

/** Why the applicant may not withdraw from `from`, or undefined when they may. */
export function withdrawConflict(from: ApplicationStatus): string | undefined {
  if (finalStatuses.has(from))
    return `A ${from} application cannot be withdrawn: ${from} is final.`;
  return undefined;
}
