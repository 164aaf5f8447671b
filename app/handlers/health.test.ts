/** Readiness while shutting down (POL-O-001): 503 before any dependency is asked. */
import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../deps.js';
import { createHealthHandlers } from './health.js';

function deps(draining: boolean, pinged: string[]): AppDeps {
  return {
    ping: {
      database: async () => {
        pinged.push('database');
        return true;
      },
    },
    draining: () => draining,
  } as unknown as AppDeps;
}

describe('getReadiness', () => {
  it.each([
    [false, 200, ['database']],
    [true, 503, []],
  ])('draining %s → %i', async (draining, status, pings) => {
    const pinged: string[] = [];
    const handlers = createHealthHandlers(deps(draining, pinged));
    const res = await handlers.getReadiness({} as never);
    expect(res.status).toBe(status);
    expect(pinged).toEqual(pings);
    if (status === 503) {
      expect(res.body).toMatchObject({ status: 503, detail: 'Not ready: shutting down.' });
      expect(res.headers).toEqual({ 'Retry-After': 5 });
    }
  });
});
