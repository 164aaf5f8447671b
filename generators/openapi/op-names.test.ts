import { describe, expect, it } from 'vitest';
import type { OperationIR } from './ir.js';
import { accessMode } from './op-names.js';

const op = (security: OperationIR['security'], extensions: Record<string, unknown> = {}) =>
  ({ security, extensions }) as OperationIR;

describe('accessMode', () => {
  it.each([
    ['a named scheme', op([{ bearerAuth: [] }]), 'secured'],
    ['alternatives that all name a scheme', op([{ bearerAuth: [] }, { apiKey: [] }]), 'secured'],
    ["OpenAPI's optional form: {} beside a scheme", op([{}, { bearerAuth: [] }]), 'optional'],
    ['security: [] with x-optional-auth', op([], { 'x-optional-auth': true }), 'optional'],
    ['security: []', op([]), 'public'],
    ['only the empty requirement', op([{}]), 'public'],
    ['x-optional-auth that is not true', op([], { 'x-optional-auth': 'yes' }), 'public'],
  ])('%s → %s', (_name, operation, expected) => {
    expect(accessMode(operation)).toBe(expected);
  });
});
