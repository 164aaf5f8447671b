import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  MAX_FIELD_ERRORS,
  MAX_INSTANCE,
  PROBLEM_KINDS,
  problem,
  statusProblem,
  validationProblem,
} from './problem.js';

describe('the problem factory', () => {
  it('builds type, title and status from the kind, detail and extensions from the call', () => {
    expect(problem('notFound', 'No such device.', { requestId: 'r1' })).toEqual({
      type: 'https://jobboard.dev/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'No such device.',
      requestId: 'r1',
    });
    expect(problem('internal')).not.toHaveProperty('detail');
  });

  it('gives one title per type, and about:blank kinds the reason phrase of their status', () => {
    const titles = new Map<string, Set<string>>();
    for (const k of Object.values(PROBLEM_KINDS)) {
      const key = k.type === 'about:blank' ? `${k.type} ${k.status}` : k.type;
      titles.set(key, (titles.get(key) ?? new Set()).add(k.title));
      if (k.type === 'about:blank') expect(statusProblem(k.status).title).toBe(k.title);
    }
    for (const [key, set] of titles) expect([key, set.size]).toEqual([key, 1]);
  });

  // The spec's response examples are what client authors read: each names the type and
  // title this server actually sends for that status.
  it("matches every problem example in the spec's components.responses", () => {
    const spec = parse(
      readFileSync(path.resolve(import.meta.dirname, '../openapi/api-spec.yaml'), 'utf8'),
    ) as {
      components: {
        responses: Record<
          string,
          {
            content?: Record<string, { example?: { type: string; title: string; status: number } }>;
          }
        >;
      };
    };
    const kinds = Object.values(PROBLEM_KINDS);
    const examples = Object.values(spec.components.responses)
      .map((r) => r.content?.['application/problem+json']?.example)
      .filter((e) => e !== undefined);
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const e of examples) {
      const kind = kinds.find((k) => k.type === e.type && k.status === e.status);
      expect(kind, `${e.status} ${e.type}`).toBeDefined();
      expect(e.title).toBe(kind!.title);
    }
    expect(examples.some((e) => e.status === 429 && e.type.endsWith('/too-many-requests'))).toBe(
      true,
    );
  });
});

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
