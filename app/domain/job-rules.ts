/**
 * Job rules that need no database: the salary range (POL-J-003), checked on the values a
 * job will have AFTER a change (a PATCH may set one bound only), and the life cycle
 * (POL-J-006) draft -> published -> closed.
 */
import type { components } from '../../generated/openapi/types.js';

type FieldError = components['schemas']['ValidationError'];
export type JobStatus = components['schemas']['JobStatus'];

export interface SalaryFields {
  salaryMin: number | null;
  salaryMax: number | null;
  currency: string | null;
}

/** Every salary problem of the merged values, naming the field the client sent. */
export function salaryErrors(merged: SalaryFields, sent: Partial<SalaryFields>): FieldError[] {
  const errors: FieldError[] = [];
  const { salaryMin, salaryMax, currency } = merged;
  if (salaryMin !== null && salaryMax !== null && salaryMin > salaryMax) {
    // Blame the bound the request changed; if it changed both (or neither), salaryMin.
    const field = 'salaryMax' in sent && !('salaryMin' in sent) ? '/salaryMax' : '/salaryMin';
    errors.push({
      in: 'body',
      path: field,
      message: `salaryMin (${salaryMin}) must not exceed salaryMax (${salaryMax})`,
    });
  }
  if ((salaryMin !== null || salaryMax !== null) && currency === null) {
    errors.push({
      in: 'body',
      path: '/currency',
      message: 'A salary needs a currency (ISO 4217 code)',
    });
  }
  return errors;
}

/** Applies a PATCH's salary fields (`undefined` keeps, `null` clears) to stored values. */
export function mergeSalary(stored: SalaryFields, patch: Partial<SalaryFields>): SalaryFields {
  return {
    salaryMin: patch.salaryMin !== undefined ? patch.salaryMin : stored.salaryMin,
    salaryMax: patch.salaryMax !== undefined ? patch.salaryMax : stored.salaryMax,
    currency: patch.currency !== undefined ? patch.currency : stored.currency,
  };
}

export type JobAction = 'edit' | 'publish' | 'close';

/**
 * Why `action` is not allowed on a job in `status`, or undefined when it is. Drafts are
 * closed only after publishing: the DDL (jobs_status_timestamps_check) requires a closed
 * job to have been published, and POL-J-006 allows closing published jobs only.
 */
export function lifecycleConflict(status: JobStatus, action: JobAction): string | undefined {
  switch (action) {
    case 'edit':
      return status === 'closed' ? 'A closed job cannot be edited.' : undefined;
    case 'publish':
      return status === 'draft'
        ? undefined
        : `Only draft jobs can be published; this job is ${status}.`;
    case 'close':
      return status === 'published'
        ? undefined
        : `Only published jobs can be closed; this job is ${status}.`;
  }
}
