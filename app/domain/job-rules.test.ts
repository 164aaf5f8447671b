import { describe, expect, it } from 'vitest';
import { lifecycleConflict, mergeSalary, salaryErrors, type SalaryFields } from './job-rules.js';

const stored: SalaryFields = { salaryMin: 50000, salaryMax: 90000, currency: 'EUR' };

describe('salary rules (POL-J-003)', () => {
  it.each([
    ['a valid range', {}, []],
    ['equal bounds', { salaryMin: 90000 }, []],
    ['min above stored max', { salaryMin: 95000 }, ['/salaryMin']],
    ['max below stored min', { salaryMax: 10 }, ['/salaryMax']],
    ['both inverted', { salaryMin: 9, salaryMax: 1 }, ['/salaryMin']],
    ['currency cleared with a salary', { currency: null }, ['/currency']],
    ['everything cleared', { salaryMin: null, salaryMax: null, currency: null }, []],
    ['one bound cleared', { salaryMin: null }, []],
    [
      'inverted and currency cleared',
      { salaryMin: 100000, currency: null },
      ['/salaryMin', '/currency'],
    ],
  ] as const)('%s → %j', (_n, patch, fields) => {
    const merged = mergeSalary(stored, patch);
    expect(salaryErrors(merged, patch).map((e) => e.path)).toEqual(fields);
  });

  it('creates without salary need no currency; a salary does', () => {
    const none = { salaryMin: null, salaryMax: null, currency: null };
    expect(salaryErrors(none, {})).toEqual([]);
    expect(salaryErrors({ ...none, salaryMax: 5 }, { salaryMax: 5 }).map((e) => e.path)).toEqual([
      '/currency',
    ]);
  });
});

describe('job life cycle (POL-J-006)', () => {
  it.each([
    ['draft', 'edit', true],
    ['published', 'edit', true],
    ['closed', 'edit', false],
    ['draft', 'publish', true],
    ['published', 'publish', false],
    ['closed', 'publish', false],
    ['draft', 'close', false],
    ['published', 'close', true],
    ['closed', 'close', false],
  ] as const)('%s job, %s allowed: %s', (status, action, allowed) => {
    expect(lifecycleConflict(status, action) === undefined).toBe(allowed);
  });
});
