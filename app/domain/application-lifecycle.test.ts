import { describe, expect, it } from 'vitest';
import {
  employerMoveConflict,
  withdrawConflict,
  type ApplicationStatus,
  type EmployerStatus,
} from './application-lifecycle.js';

const all: ApplicationStatus[] = [
  'submitted',
  'reviewing',
  'interviewing',
  'offered',
  'hired',
  'rejected',
  'withdrawn',
];
const employer: EmployerStatus[] = ['reviewing', 'interviewing', 'offered', 'hired', 'rejected'];
const final = new Set(['hired', 'rejected', 'withdrawn']);

describe('application life cycle (POL-J-007)', () => {
  it.each(all.flatMap((from) => employer.map((to) => [from, to, !final.has(from)] as const)))(
    'employer %s → %s allowed: %s',
    (from, to, allowed) => {
      expect(employerMoveConflict(from, to) === undefined).toBe(allowed);
    },
  );

  it.each(all.map((from) => [from, !final.has(from)] as const))(
    'applicant withdraws from %s allowed: %s',
    (from, allowed) => {
      expect(withdrawConflict(from) === undefined).toBe(allowed);
    },
  );
});
