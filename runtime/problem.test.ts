import { describe, expect, it } from 'vitest';
import { MAX_FIELD_ERRORS, MAX_INSTANCE, validationProblem } from './problem.js';

describe('validationProblem', () => {
  const error = { in: 'path' as const, path: '/id', message: 'Invalid UUID' };

  it.each([
    ['a request path', '/api/v1/jobs/x', '/api/v1/jobs/x'],
    ['a path at the bound', `/${'a'.repeat(MAX_INSTANCE - 1)}`, `/${'a'.repeat(MAX_INSTANCE - 1)}`],
    // Found by the fuzzer: a 200 kB path echoed back broke the spec's maxLength on `instance`.
    ['a path over the bound (left out)', `/${'a'.repeat(MAX_INSTANCE)}`, undefined],
    ['no path', undefined, undefined],
  ])('instance for %s', (_name, instance, expected) => {
    expect(validationProblem([error], instance).instance).toBe(expected);
  });

  it('caps the number of field errors and the text of each', () => {
    const many = Array.from({ length: MAX_FIELD_ERRORS + 5 }, () => ({
      ...error,
      message: 'm'.repeat(10_000),
    }));
    const problem = validationProblem(many);
    expect(problem.errors).toHaveLength(MAX_FIELD_ERRORS);
    expect(problem.errors![0]!.message.length).toBeLessThanOrEqual(500);
    expect(problem.detail).toMatch(/\(and 102 more\)$/);
  });
});
