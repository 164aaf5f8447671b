import { describe, expect, it } from 'vitest';
import { DatabaseBusyError } from '../db/errors.js';
import { mapAppError } from './map-error.js';

describe('mapAppError', () => {
  it('maps a busy database, even wrapped as a cause, to 503 with Retry-After', () => {
    const busy = new DatabaseBusyError('pool_exhausted');
    const wrapped = new Error('query failed', { cause: busy });
    const mapped = mapAppError(wrapped);
    expect(mapped?.problem.status).toBe(503);
    expect(mapped?.headers?.['retry-after']).toBe(String(busy.retryAfterSeconds));
  });

  it('leaves other errors to the logged 500 path', () => {
    expect(mapAppError(new Error('boom'))).toBeUndefined();
    expect(mapAppError('text')).toBeUndefined();
  });
});
