import { toKyselyCamelCase } from 'kysely-codegen';
import { describe, expect, it } from 'vitest';
import { camelKey, identifier, propertyKey, singular, templateBody } from './names.js';

describe('names', () => {
  it.each([
    ['created_at', 'createdAt'],
    ['salary_min2', 'salaryMin2'],
    ['a__b', 'aB'],
    ['_x', '_X'],
    ['id', 'id'],
    ['Mixed_Case', 'MixedCase'],
  ])('camelKey(%s) = %s, as kysely-codegen names it', (input, out) => {
    expect(camelKey(input)).toBe(out);
    expect(toKyselyCamelCase(input)).toBe(out);
  });

  it.each([
    ['refresh_tokens', 'refreshTokens'],
    ['priority level', 'priorityLevel'],
    ['2fa', '_2fa'],
    ['default', 'defaultTable'],
  ])('identifier(%s) = %s', (input, out) => {
    expect(identifier(input)).toBe(out);
  });

  it.each([
    ['companies', 'company'],
    ['roles', 'role'],
    ['audit_log', 'audit_log'],
    ['status', 'status'],
    ['boxes', 'box'],
  ])('singular(%s) = %s', (input, out) => {
    expect(singular(input)).toBe(out);
  });

  it('quotes keys that are not identifiers', () => {
    expect(propertyKey('ok_1')).toBe('ok_1');
    expect(propertyKey('not ok')).toBe('"not ok"');
  });

  it('escapes only what a template literal would change', () => {
    expect(templateBody("a ~ '^\\d{3}$' || `x` || ${y}")).toBe(
      "a ~ '^\\\\d{3}$' || \\`x\\` || \\${y}",
    );
  });
});
